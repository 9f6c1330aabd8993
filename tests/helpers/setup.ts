// Every test (unit and integration): an unexpected console.error fails it (a warning nobody reads is a bug
// nobody fixes). Tests that expect one say so with allowConsoleError().
import { afterEach, beforeEach, vi } from 'vitest';

let errors: unknown[][] = [];
let allowed = false;

export function allowConsoleError(): void {
  allowed = true;
}

beforeEach(() => {
  errors = [];
  allowed = false;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (errors.length && !allowed) {
    throw new Error(`console.error during the test:\n${errors.map((a) => a.map(String).join(' ')).join('\n')}`);
  }
});
