export { requestCancel, retryTask } from './actions';
export type { Actor } from './actor';
export { type PartialScriptView, partialScriptFor } from './checkpoints';
export { createTask, type Submitter } from './create';
export { countByStatus, getTaskInfo, listEvents, listTasks } from './queries';
export * from './schema';
