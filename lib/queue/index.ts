export { createBoss, ensureQueues, getBoss, stopBoss } from './boss';
export { GenerateScriptPayload, queues } from './registry';
