// One LISTEN connection per process, fanned out to every subscriber: SSE streams in the web
// process, cancel signals and job wake-ups in the worker. It reconnects with backoff and tells
// subscribers when it did, so they can re-read state they may have missed meanwhile.
import { type ListenConnection, listen } from '../db/listener';
import { requireDatabaseUrl } from '../env';
import { errorText, log } from '../log';
import { Backoff } from '../retry/backoff';
import { CHANNELS, type Channel } from './channels';

type Listener = (payload: string) => void;

export class LiveHub {
  private client: ListenConnection | null = null;
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
    await c?.close();
  }

  private async connect(): Promise<void> {
    const client: ListenConnection = await listen(this.connectionString, Object.values(CHANNELS), {
      notification: (channel, payload) => {
        for (const l of this.listeners.get(channel as Channel) ?? []) {
          try {
            l(payload);
          } catch (err) {
            log.warn({ error: errorText(err) }, 'live listener failed');
          }
        }
      },
      lost: () => this.lost(client),
    });
    this.client = client;
    this.backoff.reset();
    if (this.everConnected) for (const l of this.reconnectListeners) l();
    this.everConnected = true;
  }

  private lost(client: ListenConnection): void {
    if (this.client !== client) return;
    this.client = null;
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
