// What the fake model answers: the step is read from the request (json_schema name or the
// `[step: …]` tag our prompts carry), the answer derived from the prompt's data by writers.ts.
// Continuations of a cut answer get the rest; faults shape the answer (fenced, malformed…).
import { type FaultKind, SEMANTIC } from './faults';
import type { FakeRequest } from './server';
import { writeAnswer } from './writers';

export interface Answer {
  content: string;
  reasoning: string;
  finishReason: 'stop' | 'length';
}

export function stepOf(body: FakeRequest): string {
  const named = body.response_format?.json_schema?.name;
  if (named) return named;
  for (const m of body.messages) {
    const tag = String(m.content ?? '').match(/\[step: (\w+)\]/);
    if (tag?.[1]) return tag[1];
  }
  return 'chat';
}

/** The first user message: the data of the step (later messages are repairs or continuations). */
const firstUser = (body: FakeRequest) => String(body.messages.find((m) => m.role === 'user')?.content ?? '');

export function answerFor(step: string, body: FakeRequest, fault: FaultKind['kind'] | null): Answer {
  const system = String(body.messages.find((m) => m.role === 'system')?.content ?? '');
  const full = writeAnswer(step, firstUser(body), system, fault && SEMANTIC.has(fault) ? fault : null);
  const reasoning = `思考过程：先通读输入（${firstUser(body).slice(0, 40).replace(/\s+/g, ' ')}…），草稿 {"draft": true} 不是答案。`;
  const last = body.messages[body.messages.length - 1];
  const prev = body.messages[body.messages.length - 2];
  // a continuation: the previous assistant turn is a prefix of the full answer
  if (
    last?.role === 'user' &&
    prev?.role === 'assistant' &&
    prev.content &&
    full.length > prev.content.length &&
    full.startsWith(prev.content)
  ) {
    return { content: full.slice(prev.content.length), reasoning, finishReason: 'stop' };
  }
  switch (fault) {
    case 'malformed':
      return {
        content: `Sure! ${full.replace(/[}\]]\s*$/, '').replace(/"([^"]*)":/, '$1:')}`,
        reasoning,
        finishReason: 'stop',
      };
    case 'fenced':
      return {
        content: `好的，结果如下：\n\`\`\`json\n${full}\n\`\`\`\n如需修改请告诉我。`,
        reasoning,
        finishReason: 'stop',
      };
    case 'empty':
      return { content: '', reasoning, finishReason: 'stop' };
    case 'truncate':
      return { content: full.slice(0, Math.floor(full.length / 2)), reasoning, finishReason: 'length' };
    default:
      return { content: full, reasoning, finishReason: 'stop' };
  }
}
