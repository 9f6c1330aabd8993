// Command-line parsing (node:util parseArgs): one command, its positionals and the options.
import { parseArgs } from 'node:util';
import { UsageError } from './io';

export interface Parsed {
  command: string;
  positionals: string[];
  json: boolean;
  wait: boolean;
  help: boolean;
  out?: string;
  format?: string;
  episodes?: number;
  model?: string;
  language?: string;
  style?: string;
  status?: string;
  url?: string;
}

export const USAGE = `Usage: shortplay <command> [options]

  login [--url URL]                 ask for the server, e-mail and password; store a token (0600)
  submit FILE… [--episodes N] [--model M] [--language L] [--style S]
               [--wait] [--out DIR] [--format fountain|md|txt|json|…]
  status ID                         one task
  list [--status S]                 your tasks, newest first
  watch ID…                         follow until done (a progress bar on a terminal)
  cancel ID | retry ID
  download ID [--format F] [--out DIR]
  batch FILE… [--episodes N] [--model M] [--language L] [--style S]
              [--wait] [--out DIR] [--format F]
                                    one batch, a task per FILE; --wait follows the whole batch
                                    and --out saves the batch's zip (one file per completed task
                                    in --format, default fountain, plus manifest.json)

  --json on every command prints JSON on stdout.
  SHORTPLAY_URL and SHORTPLAY_TOKEN override the stored login.
  Exit codes: 0 done, 1 task failed, 2 usage, 3 auth, 4 not found, 5 network or server, 130 Ctrl+C.`;

export function parse(argv: string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        wait: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        episodes: { type: 'string', short: 'n' },
        model: { type: 'string' },
        language: { type: 'string' },
        style: { type: 'string' },
        status: { type: 'string' },
        url: { type: 'string' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command = '', ...rest] = positionals;
  const parsed: Parsed = {
    command,
    positionals: rest,
    json: Boolean(values.json),
    wait: Boolean(values.wait),
    help: Boolean(values.help),
  };
  for (const key of ['out', 'format', 'model', 'language', 'style', 'status', 'url'] as const) {
    const v = values[key];
    if (typeof v === 'string') parsed[key] = v;
  }
  if (typeof values.episodes === 'string') {
    const n = Number(values.episodes);
    if (!Number.isInteger(n) || n < 1 || n > 100)
      throw new UsageError('--episodes must be a whole number from 1 to 100.');
    parsed.episodes = n;
  }
  return parsed;
}
