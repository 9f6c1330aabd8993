// The VAPID key pair of browser push (decision 0133): from env, or generated once into DATA_DIR
// by `npm start` (like the session secret) and handed to web and worker as env.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import { env, publicUrl } from '../env';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The key pair this process sends with; null → push is unavailable. */
export function vapidKeys(): VapidKeys | null {
  if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) return null;
  return {
    publicKey: env.VAPID_PUBLIC_KEY,
    privateKey: env.VAPID_PRIVATE_KEY,
    subject: env.VAPID_SUBJECT ?? publicUrl(),
  };
}

/** The pair in `dir`/vapid-keys.json, made (mode 600) when missing. Keep the file: new keys void every subscription. */
export function loadOrCreateVapidKeys(dir: string): { publicKey: string; privateKey: string } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'vapid-keys.json');
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600 });
  const keys = JSON.parse(readFileSync(file, 'utf8')) as { publicKey?: unknown; privateKey?: unknown };
  if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string') {
    throw new Error(`${file}: not a VAPID key pair; delete it to generate a new one`);
  }
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}
