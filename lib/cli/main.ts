// shortplay: the command-line client, built on lib/client. bin/shortplay.mjs calls main() with the
// real process; tests call it (or the bin) with their own streams and environment.
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ShortplayError,
  TaskFailedError,
  UnauthorizedError,
  ValidationError,
} from '../client/errors';
import { parse, USAGE } from './args';
import { batch } from './batch';
import { act, downloadCmd, list, login, status, submit, watch } from './commands';
import { type CliIO, EXIT, err, NotLoggedInError, out, UsageError } from './io';

const COMMANDS: Record<string, (io: CliIO, a: ReturnType<typeof parse>) => Promise<number>> = {
  login,
  submit,
  status,
  list,
  watch,
  cancel: (io, a) => act(io, a, 'cancel'),
  retry: (io, a) => act(io, a, 'retry'),
  download: downloadCmd,
  batch,
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  let json = argv.includes('--json');
  try {
    const a = parse(argv);
    json = a.json;
    if (a.help || a.command === 'help') {
      out(io, USAGE);
      return EXIT.ok;
    }
    const run = COMMANDS[a.command];
    if (!run) throw new UsageError(a.command ? `Unknown command "${a.command}".` : 'No command given.');
    return await run(io, a);
  } catch (e) {
    const code = exitCodeFor(e);
    const message = e instanceof Error ? e.message : String(e);
    if (json) out(io, JSON.stringify({ error: { code: errorCode(e), message }, exit_code: code }));
    else err(io, `shortplay: ${message}${e instanceof UsageError ? '\nRun `shortplay --help` for usage.' : ''}`);
    return code;
  }
}

export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError || e instanceof ValidationError || e instanceof ConflictError) return EXIT.usage;
  if (e instanceof UnauthorizedError || e instanceof ForbiddenError || e instanceof NotLoggedInError) return EXIT.auth;
  if (e instanceof NotFoundError) return EXIT.notFound;
  if (e instanceof TaskFailedError) return EXIT.taskFailed;
  if ((e as { code?: string } | null)?.code === 'ENOENT') return EXIT.usage; // a FILE that does not exist
  return EXIT.network;
}

function errorCode(e: unknown): string {
  if (e instanceof ShortplayError) return e.code;
  if (e instanceof UsageError) return 'usage';
  if (e instanceof NotLoggedInError) return e.code;
  return (e as { code?: string } | null)?.code ?? 'error';
}
