// What every Server-Sent Events stream shares: its response headers, and a writer that encodes
// text frames and closes once (running the stream's cleanup first).
const encoder = new TextEncoder();

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
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
