// How a task's progress is shown while the CLI waits: a bar redrawn in place on a terminal, plain
// lines (one per change) when the output is a pipe or a file.
import type { TaskInfo } from '../tasks/schema';
import type { CliIO } from './io';

/** What a bar shows: a task, or a batch summed up (lib/cli/batch.ts). */
export type Shown = Pick<TaskInfo, 'progress' | 'message'> & { status: string };

export interface ProgressView {
  update(task: Shown): void;
  /** Ends the bar's line so later output starts on a fresh one. */
  done(): void;
}

const WIDTH = 24;

export function bar(progress: number, width = WIDTH): string {
  const filled = Math.round((Math.max(0, Math.min(100, progress)) / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** `label` tells tasks apart when several are followed. */
export function progressView(io: CliIO, label = ''): ProgressView {
  const tty = Boolean(io.stderr.isTTY);
  const prefix = label ? `${label} ` : '';
  let last = '';
  let drawn = false;
  return {
    update(task) {
      const text = `${prefix}${String(task.progress).padStart(3)}% ${task.status} ${task.message}`;
      if (text === last) return;
      last = text;
      if (tty) {
        const columns = io.stderr.columns || 80; // 0 on a terminal whose size nobody set
        const line = `${prefix}${bar(task.progress)} ${String(task.progress).padStart(3)}% ${task.message}`;
        io.stderr.write(`\r\x1b[2K${[...line].slice(0, Math.max(10, columns - 1)).join('')}`);
        drawn = true;
      } else {
        io.stderr.write(`${text}\n`);
      }
    },
    done() {
      if (tty && drawn) io.stderr.write('\n');
      drawn = false;
    },
  };
}
