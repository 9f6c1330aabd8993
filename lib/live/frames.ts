// Where a live stream's bytes go, and how one change reaches many viewers: encoded once, the same
// bytes written to every sink, in chunks that give the event loop back between them.
import { type IncomingMessage, ServerResponse } from 'node:http';

const encoder = new TextEncoder();
export const encode = (text: string): Uint8Array => encoder.encode(text);

/** Shared, pre-encoded frames. */
export const PING = encode(': ping\n\n');
export const RETRY = encode('retry: 2000\n\n');
export const REVOKED = encode('event: end\ndata: {"reason":"access_revoked"}\n\n');

/** One viewer's connection: bytes in, a flag for a reader that has not taken what it was sent. */
export interface FrameSink {
  write(bytes: Uint8Array): void;
  /** The reader has not taken what it was sent yet: hold back anything that can be replaced. */
  readonly full: boolean;
  end(): void;
}

/** What a sink tells its viewer: the reader caught up, or it went away. */
export interface SinkEvents {
  drained(): void;
  gone(): void;
}

const write = ServerResponse.prototype.write as (this: ServerResponse, chunk: Uint8Array) => boolean;
const end = ServerResponse.prototype.end as (this: ServerResponse) => ServerResponse;

/**
 * A raw Node response taken over from Next.js (lib/live/sse.ts): written through ServerResponse's
 * own methods, since the instance's are no longer the route's to use.
 */
export class ResponseSink implements FrameSink {
  constructor(
    private readonly res: ServerResponse<IncomingMessage>,
    events: SinkEvents,
  ) {
    res.on('drain', () => events.drained());
    res.once('close', () => events.gone());
  }
  write(bytes: Uint8Array): void {
    if (!this.res.destroyed) write.call(this.res, bytes);
  }
  get full(): boolean {
    return this.res.writableNeedDrain;
  }
  end(): void {
    if (!this.res.destroyed && !this.res.writableEnded) end.call(this.res);
  }
}

/** A web ReadableStream's controller (in-process readers, and any server without the hand-off). */
export class ControllerSink implements FrameSink {
  private ended = false;
  constructor(private readonly controller: ReadableStreamDefaultController<Uint8Array>) {}
  write(bytes: Uint8Array): void {
    if (!this.ended) this.controller.enqueue(bytes);
  }
  get full(): boolean {
    return (this.controller.desiredSize ?? 1) <= 0;
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.controller.close();
    } catch {
      // already closed or errored by the reader's side
    }
  }
}

/** Items handled per turn of the event loop in a fan-out. */
export const CHUNK = 500;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `fn` for every item, CHUNK at a time, letting other work (new viewers, requests) in between. */
export async function inChunks<T>(items: readonly T[], fn: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    if (i > 0) await yieldToLoop();
    for (const item of items.slice(i, i + CHUNK)) fn(item);
  }
}
