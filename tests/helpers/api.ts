// A signed-up user with a token, and small helpers for raw HTTP against a started web process.
import { randomBytes } from 'node:crypto';
import { createClient, type ShortplayClient } from '../../lib/client';

export interface TestUser {
  email: string;
  password: string;
  token: string;
  id: string;
  client: ShortplayClient;
  /** fetch with the user's bearer token. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function signUp(
  baseUrl: string,
  name = 'writer',
  /** Runs between sign-up and the first token: e.g. following the verification mail. */
  afterSignUp?: (email: string) => Promise<unknown>,
): Promise<TestUser> {
  const email = `${name}-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const res = await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const user = (await res.json()) as { id: string };
  await afterSignUp?.(email);
  const tok = await fetch(`${baseUrl}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'tests' }),
  });
  if (tok.status !== 201) throw new Error(`token failed: ${tok.status} ${await tok.text()}`);
  const { token } = (await tok.json()) as { token: string };
  return {
    email,
    password,
    token,
    id: user.id,
    client: createClient({ baseUrl, token, retry: { retries: 2, baseDelayMs: 50, maxDelayMs: 200 } }),
    fetch: (path, init = {}) =>
      fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      }),
  };
}

export const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
