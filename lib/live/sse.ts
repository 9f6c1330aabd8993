// What every Server-Sent Events stream shares: its response headers, a writer that encodes text
// frames and closes once (running the stream's cleanup first), and the hand-off of a long-lived
// stream out of Next.js's request pipeline onto the raw Node response (decision 0126).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from '../log';
import { type FrameSink, ResponseSink, type SinkEvents } from './frames';

const encoder = new TextEncoder();

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { headers: SSE_HEADERS });
}

/** A stream that starts once it has somewhere to write (lib/live/task-stream.ts TaskViewer). */
export interface SseSource extends SinkEvents {
  attach(sink: FrameSink): void;
  close(): void;
}

/** Set by scripts/web-server.mjs, preloaded into the web server: the raw response of a tagged request. */
const TAKE = Symbol.for('shortplay.takeRawResponse');
const RAW_RESPONSE_HEADER = 'x-shortplay-raw-response';
type Take = (tag: string) => ServerResponse<IncomingMessage> | undefined;
let warned = false;

function takeRawResponse(request: Request): ServerResponse<IncomingMessage> | null {
  const take = (globalThis as { [TAKE]?: Take })[TAKE];
  if (!take) {
    if (!warned) {
      warned = true;
      log.warn(
        'scripts/web-server.mjs is not preloaded into this web server: live streams stay inside Next.js and cost several times the memory each',
      );
    }
    return null;
  }
  const tag = request.headers.get(RAW_RESPONSE_HEADER);
  return (tag && take(tag)) || null;
}

/**
 * The route's answer for `source`. With the preload, an empty 200 whose headers Next.js writes as
 * for any route (security headers, request id); its end() is where the stream starts instead, on
 * the raw response, and Next.js's request is over. Without it, a ReadableStream through Next.js.
 */
export function serveSse(request: Request, source: SseSource, fallback: () => ReadableStream<Uint8Array>): Response {
  const raw = takeRawResponse(request);
  if (!raw) return sseResponse(fallback());
  let started = false;
  raw.once('close', () => {
    if (!started) source.close(); // the viewer left before Next.js got to send the headers
  });
  // Next.js ends an empty body with end(); from here on the response is the stream's, written
  // through ServerResponse.prototype (frames.ts), and any later end() from Next.js does nothing.
  raw.end = function (this: ServerResponse<IncomingMessage>) {
    if (!started && !this.destroyed) {
      started = true;
      this.flushHeaders();
      source.attach(new ResponseSink(this, source));
    }
    return this;
  } as ServerResponse['end'];
  return new Response(null, { status: 200, headers: SSE_HEADERS });
}

export interface SseWriter {
  send(text: string): void;
  close(): void;
  readonly closed: boolean;
}

export function sseWriter(controller: ReadableStreamDefaultController<Uint8Array>, cleanup: () => void): SseWriter {
  let closed = false;
  return {
    send(text) {
      if (!closed) controller.enqueue(encoder.encode(text));
    },
    close() {
      if (closed) return;
      closed = true;
      cleanup();
      controller.close();
    },
    get closed() {
      return closed;
    },
  };
}
