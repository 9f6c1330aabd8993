'use client';
// The script as far as it is written, kept fresh while the task runs: fetched again when a live
// update shows the task moved on (higher progress or a new stage message), at most once a second,
// one request at a time; the latest change is always fetched in the end (trailing call).
import { useEffect, useRef, useState } from 'react';
import type { PartialScriptEpisode } from '@/lib/pipeline/partial-script';
import type { PartialScriptView } from '@/lib/tasks';
import { isActive, type TaskInfo } from '@/lib/tasks/schema';

const MIN_INTERVAL_MS = 1000;

export function usePartialScript(task: TaskInfo, initial: PartialScriptEpisode[]): PartialScriptEpisode[] {
  const [episodes, setEpisodes] = useState(initial);
  const running = isActive(task.status);
  const mark = `${task.attempts}|${task.progress}|${task.message}`;
  const wanted = useRef(mark);
  const pump = useRef<() => void>(() => undefined);
  const taskId = task.task_id;

  // While the task runs: one fetcher, throttled; stopped (and its request aborted) when it ends.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    let fetched = wanted.current;
    let lastAt = 0;
    let busy = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fetchNow = async () => {
      timer = null;
      const asked = wanted.current;
      busy = true;
      lastAt = Date.now();
      try {
        const res = await fetch(`/api/tasks/${encodeURIComponent(taskId)}/partial`, {
          credentials: 'same-origin',
          signal: controller.signal,
        });
        if (res.ok) {
          const view = (await res.json()) as PartialScriptView;
          if (isActive(view.status)) setEpisodes(view.episodes);
        }
        fetched = asked;
      } catch {
        // aborted, or the network blinked: the next live update asks again
      } finally {
        busy = false;
      }
      pump.current();
    };
    pump.current = () => {
      if (busy || timer || wanted.current === fetched || controller.signal.aborted) return;
      timer = setTimeout(fetchNow, Math.max(0, lastAt + MIN_INTERVAL_MS - Date.now()));
    };
    pump.current();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
      pump.current = () => undefined;
    };
  }, [running, taskId]);

  useEffect(() => {
    wanted.current = mark;
    pump.current();
  }, [mark]);

  return episodes;
}
