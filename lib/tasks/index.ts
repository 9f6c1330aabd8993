export { requestCancel, retryTask } from './actions';
export type { Actor } from './actor';
export { cancelBatch, retryBatch } from './batch-actions';
export { type CreateBatchResult, createBatch } from './batch-create';
export { getBatch, listBatches } from './batch-queries';
export { batchResultZip } from './batch-result';
export * from './batch-schema';
export { type PartialScriptView, partialScriptFor } from './checkpoints';
export { createTask, type Submitter } from './create';
export {
  countByStatus,
  getTaskDetail,
  getTaskInfo,
  listEvents,
  listTasks,
  ownerEmails,
  readTaskForViewers,
  type TaskDetail,
} from './queries';
export * from './schema';
export { setUrgent } from './urgent';
