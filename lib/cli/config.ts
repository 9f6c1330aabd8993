// Where the CLI finds its server and token: SHORTPLAY_URL / SHORTPLAY_TOKEN when set, else the
// file `shortplay login` wrote under the user's config directory (created 0600: it holds a secret).
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { CliIO } from './io';

const Stored = z.object({ url: z.string().url(), token: z.string().min(1) });
export type Stored = z.infer<typeof Stored>;

export function configFile(env: CliIO['env']): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(base, 'shortplay', 'config.json');
}

export async function loadConfig(env: CliIO['env']): Promise<Partial<Stored>> {
  let stored: Partial<Stored> = {};
  try {
    stored = Stored.partial().parse(JSON.parse(await readFile(configFile(env), 'utf8')));
  } catch {
    // no file yet, or not ours: the environment may still say everything
  }
  const url = env.SHORTPLAY_URL || stored.url;
  const token = env.SHORTPLAY_TOKEN || stored.token;
  return { ...(url ? { url } : {}), ...(token ? { token } : {}) };
}

export async function saveConfig(env: CliIO['env'], value: Stored): Promise<string> {
  const file = configFile(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(Stored.parse(value), null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its old mode through writeFile
  return file;
}
