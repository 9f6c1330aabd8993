export { deliverAttempt } from './deliver';
export { listDeliveries } from './deliveries';
export { type EnqueueOptions, enqueue } from './enqueue';
export { dispatchOutbox, sweepOverdue } from './relay';
export * from './schema';
export { getSettings, putSettings } from './settings';
export { createWebhook, deleteWebhook, listWebhooks, sendTestEvent } from './webhooks';
