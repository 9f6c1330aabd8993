// One LISTEN connection per process, fanned out to every subscriber: SSE streams in the web
// process, cancel signals and job wake-ups in the worker. It reconnects with backoff and tells
// subscribers when it did, so they can re-read state they may have missed meanwhile.
import pg from 'pg';
import { requireDatabaseUrl } from '../env';
import { Backoff } from '../retry/backoff';
import { CHANNELS, type Channel } from './channels';

type Listener = (payload: string) => void;

export class LiveHub {
  private client: pg.Client | null = null;
  private readonly listeners = new Map<Channel, Set<Listener>>();
  private readonly reconnectListeners = new Set<() => void>();
  private connecting: Promise<void> | null = null;
  private closed = false;
  private readonly backoff = new Backoff({ baseMs: 250, maxMs: 5_000 });
  private everConnected = false;

  constructor(private readonly connectionString: string) {}

  /** Resolves once LISTEN is active (first call connects). */
  ready(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  on(channel: Channel, listener: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'shortplay-live',
      keepAlive: true,
    });
    client.on('notification', (msg) => {
      const set = this.listeners.get(msg.channel as Channel);
      if (!set) return;
      for (const l of set) {
        try {
          l(msg.payload ?? '');
        } catch (err) {
          console.warn('[live] listener failed:', err);
        }
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(
      Object.values(CHANNELS)
        .map((c) => `LISTEN ${c};`)
        .join(' '),
    );
    this.client = client;
    this.backoff.reset();
    if (this.everConnected) for (const l of this.reconnectListeners) l();
    this.everConnected = true;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    setTimeout(() => {
      if (this.closed || this.client) return;
      this.ready().catch(() => this.scheduleReconnect());
    }, this.backoff.next()).unref();
  }
}

const globalForHub = globalThis as unknown as { shortplayHub?: LiveHub };

export function getHub(): LiveHub {
  globalForHub.shortplayHub ??= new LiveHub(requireDatabaseUrl());
  return globalForHub.shortplayHub;
}
