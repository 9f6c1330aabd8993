// A task's stage timeline from its events: one entry per stage or lifecycle event, with when it
// began and how long it took. Pure, so the live page recomputes it in the browser.
import { isTerminal, type TaskEventInfo, type TaskInfo } from '../tasks/schema';

export interface TimelineEntry {
  id: string;
  /** 'stage' rows name a pipeline stage in `key`; 'event' rows name a lifecycle event kind. */
  type: 'stage' | 'event';
  key: string;
  message: string | null;
  at: string;
  /** Known once the stage is over; null while it runs. */
  durationMs: number | null;
  running: boolean;
}

const SHOWN_EVENTS = new Set([
  'created',
  'started',
  'retried',
  'requeued',
  'cancel_requested',
  'cancelled',
  'failed',
  'completed',
  'marked_urgent',
  'unmarked_urgent',
]);
const ENDS_STAGE = new Set([
  'stage_started',
  'stage_completed',
  'failed',
  'cancelled',
  'completed',
  'requeued',
  'retried',
]);

export function buildTimeline(events: TaskEventInfo[], task: Pick<TaskInfo, 'status'>): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const terminal = isTerminal(task.status);
  events.forEach((e, i) => {
    if (e.kind === 'stage_started') {
      const key = typeof e.data.stage === 'string' ? e.data.stage : 'stage';
      const message = typeof e.data.message === 'string' ? e.data.message : null;
      const rest = events.slice(i + 1);
      const completed = rest.find((n) => n.kind === 'stage_completed' && n.data.stage === key);
      const end = rest.find((n) => ENDS_STAGE.has(n.kind));
      let duration: number | null = null;
      if (completed && typeof completed.data.ms === 'number') duration = completed.data.ms;
      else if (end) duration = Date.parse(end.created_at) - Date.parse(e.created_at);
      const running = !end && !terminal;
      out.push({ id: e.id, type: 'stage', key, message, at: e.created_at, durationMs: duration, running });
    } else if (SHOWN_EVENTS.has(e.kind)) {
      out.push({
        id: e.id,
        type: 'event',
        key: e.kind,
        message: null,
        at: e.created_at,
        durationMs: null,
        running: false,
      });
    }
  });
  return out;
}
