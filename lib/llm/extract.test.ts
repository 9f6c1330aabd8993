import { describe, expect, it } from 'vitest';
import { extractJson, stripThinking } from './extract';

describe('extractJson', () => {
  it.each([
    ['bare', '{"a":1}', { a: 1 }],
    ['fenced with prose', 'Here:\n```json\n{"a":[1,2]}\n```\nDone.', { a: [1, 2] }],
    ['prose around', '结果是 {"a":"}"} 以上', { a: '}' }],
    ['trailing comma', '{"a":1,}', { a: 1 }],
    ['think block first', '<think>{"draft":true}</think>{"a":2}', { a: 2 }],
  ])('%s', (_n, text, value) => {
    expect(extractJson(text)).toEqual({ ok: true, value });
  });

  it('reports empty, incomplete and missing JSON', () => {
    expect(extractJson('')).toMatchObject({ ok: false, error: expect.stringContaining('empty') });
    expect(extractJson('{"a":')).toMatchObject({ ok: false, error: expect.stringContaining('incomplete') });
    expect(extractJson('no json')).toMatchObject({ ok: false });
  });

  it('does not take a nested object for the answer', () => {
    expect(extractJson('{bad {"inner":1} }')).toMatchObject({ ok: false });
  });

  it('drops an unclosed chain of thought', () => {
    expect(stripThinking('<think>still thinking')).toBe('');
  });
});
