// Getting the answer out of what a model wrote: chains of thought in <think> tags dropped, code
// fences and prose around the JSON ignored, the first balanced JSON value parsed.

/** Remove <think>…</think> blocks (local reasoning models put their chain of thought in the content). */
export function stripThinking(text: string): string {
  const closed = text.replace(/<think>[\s\S]*?<\/think>/g, '');
  // an unclosed <think> at the start: everything up to the end is thought, not answer
  return closed.replace(/^\s*<think>[\s\S]*$/, '').trim();
}

/** The first balanced {...} or [...] starting at `from`, or null. Strings and escapes respected. */
function balancedAt(text: string, from: number): string | null {
  const open = text[from];
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return text.slice(from, i + 1);
  }
  return null;
}

const withoutTrailingCommas = (s: string) => s.replace(/,\s*([}\]])/g, '$1');

export type Extracted = { ok: true; value: unknown } | { ok: false; error: string };

/** Parse the JSON answer in a model's text: fenced, wrapped in prose, or bare. */
export function extractJson(raw: string): Extracted {
  const text = stripThinking(raw);
  if (!text) return { ok: false, error: 'the answer was empty' };
  const fenced = [...text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const candidates = [...fenced, text];
  let lastError = 'no JSON object found in the answer';
  for (const c of candidates) {
    for (let i = 0; i < c.length; i++) {
      if (c[i] !== '{' && c[i] !== '[') continue;
      const block = balancedAt(c, i);
      if (!block) {
        lastError = 'the JSON in the answer is incomplete (unbalanced brackets)';
        break;
      }
      for (const attempt of [block, withoutTrailingCommas(block)]) {
        try {
          return { ok: true, value: JSON.parse(attempt) };
        } catch (err) {
          lastError = `the answer is not valid JSON: ${(err as Error).message}`;
        }
      }
      // not JSON: look after this block, not inside it (a nested object is not the answer)
      i += block.length - 1;
    }
  }
  return { ok: false, error: lastError };
}
