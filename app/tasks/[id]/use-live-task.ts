'use client';
// Follows a task live (SSE, polling fallback: the typed client's waitForTaskCompletion) and keeps
// its events fresh for the timeline. Re-subscribes after a re-run; stops at a terminal state.
import { useCallback, useEffect, useRef, useState } from 'react';
import { queryTaskStatus, waitForTaskCompletion } from '@/lib/client';
import { isTerminal, type TaskEventInfo, type TaskInfo } from '@/lib/tasks/schema';

export function useLiveTask(initial: TaskInfo, initialEvents: TaskEventInfo[], onFinish: (task: TaskInfo) => void) {
  const [task, setTask] = useState(initial);
  const [events, setEvents] = useState(initialEvents);
  const [generation, setGeneration] = useState(isTerminal(initial.status) ? 0 : 1);
  const seen = useRef(`${initial.status}|${initial.stage}|${initial.attempts}`);
  const finish = useRef(onFinish);
  finish.current = onFinish;

  const refreshEvents = useCallback(async (taskId: string) => {
    const res = await fetch(`/api/tasks/${encodeURIComponent(taskId)}/history`, { credentials: 'same-origin' });
    if (res.ok) setEvents(((await res.json()) as { events: TaskEventInfo[] }).events);
  }, []);

  const update = useCallback(
    (next: TaskInfo) => {
      setTask(next);
      const key = `${next.status}|${next.stage}|${next.attempts}`;
      if (key !== seen.current) {
        seen.current = key;
        refreshEvents(next.task_id).catch(() => undefined); // the timeline catches up on the next change
      }
    },
    [refreshEvents],
  );

  useEffect(() => {
    if (generation === 0) return;
    const controller = new AbortController();
    const id = initial.task_id;
    waitForTaskCompletion(id, update, { signal: controller.signal })
      .catch(async () => {
        // Failed or cancelled (or the connection gave up): show the final state as the server has it.
        if (controller.signal.aborted) return null;
        return queryTaskStatus(id).catch(() => null);
      })
      .then((last) => {
        if (controller.signal.aborted || !last) return;
        update(last);
        if (isTerminal(last.status)) finish.current(last);
      });
    return () => controller.abort();
  }, [generation, initial.task_id, update]);

  /** After cancel or re-run: show the answer, and follow the task again if it is live. */
  const restart = useCallback(
    (next: TaskInfo) => {
      update(next);
      if (!isTerminal(next.status)) setGeneration((g) => g + 1);
    },
    [update],
  );

  return { task, events, restart, watching: generation > 0 };
}
