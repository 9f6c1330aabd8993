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
});
