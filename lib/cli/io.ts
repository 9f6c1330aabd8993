// What the CLI touches outside itself, passed in by bin/shortplay.mjs (and by tests): the
// environment, the three streams and the process (for SIGINT). Nothing in lib/cli reads globals.
import { createInterface } from 'node:readline/promises';
import { type Readable, Writable } from 'node:stream';

export interface CliIO {
  env: Record<string, string | undefined>;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  process: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Exit codes: the contract scripts rely on (README, docs/decisions/0111-cli.md). */
export const EXIT = { ok: 0, taskFailed: 1, usage: 2, auth: 3, notFound: 4, network: 5, interrupted: 130 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** No server or token known: exit 3 like any other auth failure. */
export class NotLoggedInError extends Error {
  override name = 'NotLoggedInError';
  readonly code = 'not_logged_in';
}

export const out = (io: CliIO, line: string) => io.stdout.write(`${line}\n`);
export const err = (io: CliIO, line: string) => io.stderr.write(`${line}\n`);

export interface Prompter {
  /** Asks one question; `hidden` echoes nothing that is typed (passwords). */
  ask(question: string, hidden?: boolean): Promise<string>;
  close(): void;
}

/** Questions on stderr, answers from stdin: one reader for all of them, so piped answers are not lost. */
export function prompter(io: CliIO): Prompter {
  // Echo goes through this stream, which drops what is typed while a hidden answer is read.
  let muted = false;
  const output = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        if (!muted) io.stderr.write(chunk);
        done();
      },
    }),
    { isTTY: io.stderr.isTTY, columns: io.stderr.columns },
  );
  const rl = createInterface({ input: io.stdin, output, terminal: Boolean(io.stdin.isTTY) });
  // The iterator buffers lines that arrive before they are asked for (piped answers come at once).
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, hidden = false) {
      io.stderr.write(question);
      muted = hidden;
      try {
        const next = await lines.next();
        if (next.done) throw new UsageError(`No answer to "${question.trim()}" (the input ended).`);
        return String(next.value).trim();
      } finally {
        if (muted) io.stderr.write('\n');
        muted = false;
      }
    },
    close: () => rl.close(),
  };
}

export async function ask(io: CliIO, question: string): Promise<string> {
  const p = prompter(io);
  try {
    return await p.ask(question);
  } finally {
    p.close();
  }
}
