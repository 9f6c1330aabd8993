export { requestCancel, retryTask } from './actions';
export type { Actor } from './actor';
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
