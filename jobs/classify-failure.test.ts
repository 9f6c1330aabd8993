import { describe, expect, it, vi } from 'vitest';
import { log } from '../lib/log';
import { classifyFailure } from './classify-failure';

describe('a run failure as the user reads it', () => {
  it('shows an unexpected error as a reference, never its text (database text, hosts, paths)', () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const err = new Error('insert into "task_checkpoints" failed: db-primary.internal:5432 /srv/app/lib/x.ts:12');
    const shown = classifyFailure(err);
    expect(shown.code).toBe('engine_error');
    for (const leak of ['task_checkpoints', 'internal', '/srv']) expect(shown.message).not.toContain(leak);
    const ref = /reference (\w+)/.exec(shown.message)?.[1];
    expect(ref).toBeTruthy();
    // the detail is in the log, under the same reference
    expect(warn.mock.calls[0]?.[0]).toEqual({ reference: ref, error: err.message });
    warn.mockRestore();
  });

  it('a write the database aborted to break a deadlock is retryable, and says so', () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const prisma = Object.assign(new Error('Transaction failed due to a write conflict or a deadlock'), {
      code: 'P2034',
    });
    for (const err of [deadlock, prisma, new Error('wrapped', { cause: deadlock })]) {
      expect(classifyFailure(err)).toMatchObject({ code: 'database_busy', retryable: true });
    }
  });
});
