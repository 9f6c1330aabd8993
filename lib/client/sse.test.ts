import { describe, expect, it } from 'vitest';
import { readEventStream, type SseMessage, SseParser } from './sse';

const STREAM =
  '\uFEFF: hello\r\n\r\nevent: task\r\ndata: {"a":1}\r\n\r\n' +
  'data: line one\ndata:line two\nid: 7\n\n' +
  ': ping\r\rdata\n\nevent: only-event-no-data\n\n' +
  'event: end\rdata: {}\r\r' +
  'data: trailing without blank line';

const EXPECTED: SseMessage[] = [
  { event: 'task', data: '{"a":1}' },
  { event: 'message', data: 'line one\nline two', id: '7' },
  { event: 'message', data: '', id: '7' },
  { event: 'end', data: '{}', id: '7' },
];

function parseInPieces(text: string, cuts: number[]): SseMessage[] {
  const parser = new SseParser();
  const out: SseMessage[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  return out;
}

describe('SseParser', () => {
  it('handles CRLF, CR and LF line ends, comments, multi-line data, ids and EOF', () => {
    const parser = new SseParser();
    expect(parser.push(STREAM.slice(1))).toEqual(EXPECTED);
    expect(parser.comments).toBe(2);
  });

  it('gives the same messages however the text is split', () => {
    const text = STREAM.slice(1);
    for (let i = 0; i <= text.length; i++) expect(parseInPieces(text, [i])).toEqual(EXPECTED);
    expect(
      parseInPieces(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ),
    ).toEqual(EXPECTED);
  });
});

describe('readEventStream', () => {
  it('decodes UTF-8 split across chunks (one byte per chunk) and drops the BOM', async () => {
    const bytes = new TextEncoder().encode(`${STREAM}\n\nevent: task\ndata: 第二集·雪夜\n\n`);
    let activity = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(Uint8Array.of(b));
        controller.close();
      },
    });
    const got: SseMessage[] = [];
    for await (const m of readEventStream(body, () => activity++)) got.push(m);
    expect(got).toEqual([
      ...EXPECTED,
      { event: 'message', data: 'trailing without blank line', id: '7' },
      { event: 'task', data: '第二集·雪夜', id: '7' },
    ]);
    expect(activity).toBe(bytes.length);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\ndata: 2\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const m of readEventStream(body)) {
      expect(m.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
