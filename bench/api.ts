// The HTTP side of the bench: accounts, tokens and submits against the running web app, with
// keep-alive connections (Node's fetch pools them per origin).
export interface BenchUser {
  email: string;
  token: string;
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function createUsers(base: string, count: number, tag: string): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${tag}-${i}@example.com`;
    const password = 'bench-password-123';
    const u = await post(`${base}/api/users`, { email, password });
    if (u.status !== 201) throw new Error(`POST /api/users: ${u.status} ${await u.text()}`);
    const t = await post(`${base}/api/tokens`, { email, password, name: 'bench' });
    if (t.status !== 201) throw new Error(`POST /api/tokens: ${t.status} ${await t.text()}`);
    const { token } = (await t.json()) as { token: string };
    users.push({ email, token });
  }
  return users;
}

export interface SubmitOutcome {
  ok: boolean;
  status: number;
  ms: number;
  taskId: string | null;
  /** Date.now() when the response arrived. */
  at: number;
  error?: string;
}

/** POST /api/tasks with an already-serialised body. */
export async function submit(base: string, token: string, body: string): Promise<SubmitOutcome> {
  const t0 = performance.now();
  try {
    const res = await post(`${base}/api/tasks`, body, token);
    const text = await res.text();
    const ms = performance.now() - t0;
    const at = Date.now();
    if (res.status !== 202) return { ok: false, status: res.status, ms, taskId: null, at, error: text.slice(0, 300) };
    return { ok: true, status: 202, ms, taskId: (JSON.parse(text) as { task_id: string }).task_id, at };
  } catch (err) {
    return { ok: false, status: 0, ms: performance.now() - t0, taskId: null, at: Date.now(), error: String(err) };
  }
}
