// A dedicated connection that LISTENs on some NOTIFY channels (lib/live's hub keeps one per
// process). It reports each notification and, once, that it was lost; reconnecting is the
// caller's business.
import pg from 'pg';

export interface ListenConnection {
  close(): Promise<void>;
}

export async function listen(
  connectionString: string,
  channels: readonly string[],
  on: { notification(channel: string, payload: string): void; lost(): void },
): Promise<ListenConnection> {
  const client = new pg.Client({ connectionString, application_name: 'shortplay-live', keepAlive: true });
  // Losses are reported only once LISTEN is active; a failed start is reported by the throw.
  let state = 'starting' as 'starting' | 'open' | 'closed';
  const lost = () => {
    if (state === 'closed') return;
    const wasOpen = state === 'open';
    state = 'closed';
    client.end().catch(() => undefined);
    if (wasOpen) on.lost();
  };
  client.on('notification', (msg) => on.notification(msg.channel, msg.payload ?? ''));
  client.on('error', lost);
  client.on('end', lost);
  try {
    await client.connect();
    await client.query(channels.map((c) => `LISTEN ${pg.escapeIdentifier(c)};`).join(' '));
  } catch (err) {
    state = 'closed';
    await client.end().catch(() => undefined);
    throw err;
  }
  if (state === 'closed') throw new Error('the LISTEN connection closed while it was starting');
  state = 'open';
  return {
    close: async () => {
      state = 'closed';
      await client.end().catch(() => undefined);
    },
  };
}
