// The body every channel renders from, in the Standard Webhooks shape {type, timestamp, data}:
// the task's TaskInfo without its result, a link to it, and the facts a message names. Built
// once when the event is fanned out and stored with each delivery, so every retry sends the same.
import { publicUrl } from '../env';
import type { TaskNotice } from '../tasks/notice';
import type { TaskInfo } from '../tasks/schema';

export type TaskEventPayload = {
  type: string;
  timestamp: string;
  data: {
    task: Omit<TaskInfo, 'result'>;
    /** The task's page in the dashboard. */
    url: string;
    /** Where the finished script can be fetched (API, with the user's credentials). */
    result_url: string | null;
    episodes: number | null;
    /** From start to finish; null when it never started. */
    duration_seconds: number | null;
  };
};

export type TestEventPayload = {
  type: 'webhook.test';
  timestamp: string;
  data: { endpoint_id: string; message: string };
};

export function taskPayload(event: string, notice: TaskNotice, at: Date): TaskEventPayload {
  const { result: _never, ...task } = notice.task;
  const base = publicUrl();
  const started = task.started_at ? Date.parse(task.started_at) : null;
  const finished = task.finished_at ? Date.parse(task.finished_at) : null;
  return {
    type: event,
    timestamp: at.toISOString(),
    data: {
      task,
      url: `${base}/tasks/${task.task_id}`,
      result_url: task.status === 'completed' ? `${base}/api/tasks/${task.task_id}/result?format=json` : null,
      episodes: notice.episodes,
      duration_seconds:
        started !== null && finished !== null ? Math.max(0, Math.round((finished - started) / 1000)) : null,
    },
  };
}

export function testPayload(endpointId: string): TestEventPayload {
  return {
    type: 'webhook.test',
    timestamp: new Date().toISOString(),
    data: { endpoint_id: endpointId, message: 'A test event from Shortplay: your endpoint is reachable.' },
  };
}
