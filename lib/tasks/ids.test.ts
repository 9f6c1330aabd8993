import { describe, expect, it } from 'vitest';
import { GenerateScriptPayload } from '../queue/registry';
import { newTaskId, ulid } from './ids';
import { TASK_ID_PATTERN } from './schema';

describe('task ids', () => {
  it('every new id matches the one pattern, and the queue payload accepts it', () => {
    for (let i = 0; i < 200; i++) {
      const id = newTaskId();
      expect(id).toMatch(TASK_ID_PATTERN);
      expect(GenerateScriptPayload.parse({ task_id: id })).toEqual({ task_id: id });
    }
  });

  it('sorts by creation time, also within one millisecond', () => {
    const ids = [ulid(1_000), ulid(1_000), ulid(1_000), ulid(1_001)];
    expect([...ids].sort()).toEqual(ids);
  });

  it('the queue refuses what the API would answer 404 for (letters outside Crockford base32)', () => {
    const bad = `task_${'U'.repeat(26)}`;
    expect(TASK_ID_PATTERN.test(bad)).toBe(false);
    expect(GenerateScriptPayload.safeParse({ task_id: bad }).success).toBe(false);
  });
});
