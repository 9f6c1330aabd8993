import { describe, expect, it } from 'vitest';
import { parseCast, parseEvents, renderCast, renderEvents } from './context';

describe('compact episode context', () => {
  it('events survive a round trip, quotes with colons and line breaks included', () => {
    const events = [
      {
        chapter: 2,
        events: ['阿Q与王胡比捉虱子', '他\n被打了'],
        quotes: [{ speaker: '阿Q', line: '这毛虫！说: 谁怕你' }],
      },
      { chapter: 3, events: [], quotes: [] },
    ];
    const text = renderEvents(events);
    expect(text.split('\n')[0]).toBe('#2');
    expect(parseEvents(text)).toEqual([
      {
        chapter: 2,
        events: ['阿Q与王胡比捉虱子', '他 被打了'],
        quotes: [{ speaker: '阿Q', line: '这毛虫！说: 谁怕你' }],
      },
      { chapter: 3, events: [], quotes: [] },
    ]);
  });

  it('the cast survives a round trip, with and without aliases', () => {
    const cast = [
      { name: '阿Q', aliases: ['老Q', '阿Quei'], description: '未庄的雇工 | 自尊又自欺' },
      { name: 'White Rabbit', aliases: [], description: '' },
    ];
    expect(parseCast(renderCast(cast))).toEqual(cast);
  });

  it('is shorter than the JSON it replaces', () => {
    const events = [{ chapter: 1, events: ['a'.repeat(40)], quotes: [{ speaker: 'Alice', line: 'b'.repeat(40) }] }];
    expect(renderEvents(events).length).toBeLessThan(JSON.stringify(events).length);
  });
});
