// What the CLI touches outside itself, passed in by bin/shortplay.mjs (and by tests): the
// environment, the three streams and the process (for SIGINT). Nothing in lib/cli reads globals.
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

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
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: Boolean(io.stdin.isTTY) });
  const inner = rl as unknown as { _writeToOutput: (s: string) => void };
  const write = inner._writeToOutput.bind(rl);
  let muted = false;
  inner._writeToOutput = (s: string) => {
    if (!muted) write(s);
  };
  return {
    async ask(question, hidden = false) {
      const answer = rl.question(question);
      muted = hidden; // after the question itself has been written
      try {
        return (await answer).trim();
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
