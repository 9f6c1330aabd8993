// A small text/event-stream parser (WHATWG "server-sent events" rules) over a fetch body, so the
// client can read events in Node and browsers and send an Authorization header (EventSource can't).

export interface SseMessage {
  /** The `event:` field, or 'message' when the event had none. */
  event: string;
  /** The `data:` lines joined with '\n'. */
  data: string;
  /** The last `id:` seen so far on this stream, if any. */
  id?: string;
}

/** Incremental parser: feed decoded text of any size, get complete messages back. */
export class SseParser {
  private buffer = '';
  private skipLf = false;
  private event = '';
  private data: string[] = [];
  private hasData = false;
  private lastId: string | undefined;
  /** Comment lines seen (": ping" heartbeats). */
  comments = 0;

  push(text: string): SseMessage[] {
    const out: SseMessage[] = [];
    const s = this.buffer + text;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.skipLf) {
        // The previous line ended with CR: a LF right after it belongs to the same line break.
        this.skipLf = false;
        if (c === 10) {
          start = i + 1;
          continue;
        }
      }
      if (c === 10 || c === 13) {
        this.line(s.slice(start, i), out);
        start = i + 1;
        this.skipLf = c === 13;
      }
    }
    this.buffer = s.slice(start);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.hasData) {
        const msg: SseMessage = { event: this.event || 'message', data: this.data.join('\n') };
        if (this.lastId !== undefined) msg.id = this.lastId;
        out.push(msg);
      }
      this.event = '';
      this.data = [];
      this.hasData = false;
      return;
    }
    if (line.startsWith(':')) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
      // `retry` and unknown fields are ignored: reconnection is the caller's business.
    }
  }
}

/**
 * Yields the messages of an event-stream body until it ends. `onActivity` runs on every chunk
 * (heartbeats included), for idle watchdogs. Breaking out of the loop cancels the body.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  onActivity?: () => void,
): AsyncGenerator<SseMessage, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onActivity?.();
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    // An event not terminated by a blank line at EOF is discarded, as the spec says.
    parser.push(decoder.decode());
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** True when this runtime can read a fetch body as a stream. */
export function canStream(): boolean {
  return typeof ReadableStream !== 'undefined' && typeof TextDecoder !== 'undefined';
}
