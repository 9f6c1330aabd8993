export { requestCancel, retryTask } from './actions';
export type { Actor } from './actor';
export { type PartialScriptView, partialScriptFor } from './checkpoints';
export { checkSubmitLimits, createTask, type Submitter } from './create';
export {
  assertVisible as canSeeTask,
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
