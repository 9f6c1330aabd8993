// The fake model's "writing": deterministic answers computed from the data in the prompt with
// the offline engine's own extractors, so every structural check on a result is meaningful.

import { parseCast, parseEvents } from '../../lib/pipeline/llm/context';
import { findCharacters } from '../../lib/pipeline/offline/characters';
import { extractDialogue } from '../../lib/pipeline/offline/dialogue';
import { guessPlace, guessTime } from '../../lib/pipeline/offline/locations';
import { partition } from '../../lib/pipeline/offline/plan';
import type { Language } from '../../lib/pipeline/schema';
import type { Chapter } from '../../lib/pipeline/text/chapters';
import { clip, detectLanguage, splitSentences } from '../../lib/pipeline/text/text';

const block = (text: string, tag: string): string =>
  text.match(new RegExp(`<${tag}>\\n?([\\s\\S]*?)\\n?</${tag}>`))?.[1] ?? '';
const json = <T>(text: string, tag: string, fallback: T): T => {
  try {
    return JSON.parse(block(text, tag)) as T;
  } catch {
    return fallback; // the tag is absent: this prompt does not carry that data
  }
};

interface SourceChapter {
  n: number;
  title: string;
  text: string;
}

function sourceChapters(user: string): SourceChapter[] {
  const src = block(user, 'source');
  const out = new Map<number, SourceChapter>();
  for (const m of src.matchAll(/<chapter n="(\d+)" title="([^"]*)"[^>]*>\n?([\s\S]*?)\n?<\/chapter>/g)) {
    const n = Number(m[1]);
    const had = out.get(n);
    out.set(n, { n, title: m[2] ?? '', text: `${had ? `${had.text}\n` : ''}${m[3] ?? ''}` });
  }
  return [...out.values()];
}

function chunkSummary(user: string): string {
  const chapters = sourceChapters(user);
  const all = chapters.map((c) => c.text).join('\n');
  const lang: Language = detectLanguage(all);
  const asChapters: Chapter[] = chapters.map((c) => ({
    number: c.n,
    title: c.title,
    heading: c.title,
    text: c.text,
    start: 0,
    end: 0,
  }));
  const people = findCharacters(asChapters, lang, lang);
  const refs = people.map((p) => ({ name: p.name, aliases: p.aliases }));
  const notes = chapters.map((c) => {
    const beats = extractDialogue(c.text, lang, refs);
    const actions = beats.filter((b) => b.type === 'action').map((b) => b.text);
    const step = Math.max(1, Math.floor(actions.length / 8));
    const events = actions
      .filter((_, i) => i % step === 0)
      .slice(0, 8)
      .map((t) => clip(t, lang === 'zh' ? 50 : 140));
    const quotes = beats
      .filter((b) => b.type === 'dialogue' && b.character)
      .slice(0, 6)
      .map((b) => ({ speaker: b.character ?? '', line: clip(b.text, lang === 'zh' ? 40 : 120) }));
    return { number: c.n, events: events.length ? events : [clip(c.text, 50) || c.title], quotes };
  });
  const places = [...new Set(chapters.map((c) => guessPlace(c.text, lang)?.location).filter((p): p is string => !!p))];
  return JSON.stringify({
    chapters: notes,
    characters: people.map((p) => ({ name: p.name, aliases: p.aliases, description: p.description })),
    places,
  });
}

interface Cand {
  name: string;
  aliases: string[];
  description: string;
  parts: number;
}

function bible(user: string): string {
  const { characters } = json<{ characters: Cand[] }>(user, 'summaries', { characters: [] });
  const chapters = json<{ n: number; title: string; events: string[] }[]>(user, 'chapters', []);
  const zh = detectLanguage(JSON.stringify(chapters)) === 'zh';
  const ranked = [...characters].sort((a, b) => b.parts - a.parts).slice(0, 20);
  const roles = ranked.map((c, i) => ({
    name: c.name,
    aliases: c.aliases,
    role: i === 0 ? 'protagonist' : c.parts >= 2 ? 'supporting' : 'minor',
    description: c.description || c.name,
  }));
  const firsts = chapters.map((c) => c.events[0] ?? c.title);
  const lead = ranked[0]?.name ?? '';
  return JSON.stringify({
    logline: zh
      ? `${lead}的故事：${firsts[1] ?? firsts[0] ?? ''}`
      : `The story of ${lead}: ${firsts[1] ?? firsts[0] ?? ''}`,
    synopsis: firsts.join(zh ? '' : ' ').slice(0, 600) || lead,
    characters: roles,
  });
}

function outline(user: string): string {
  const count = Number(block(user, 'episodes')) || 1;
  const chapters = json<{ n: number; title: string; chars: number; events: string[] }[]>(user, 'chapters', []);
  const zh = detectLanguage(JSON.stringify(chapters)) === 'zh';
  const eps: { chapters: number[]; events: string[]; title: string }[] = [];
  if (count <= chapters.length) {
    for (const g of partition(
      chapters.map((c) => c.chars || 1),
      count,
    )) {
      const cs = g.map((i) => chapters[i]).filter((c) => c !== undefined);
      eps.push({ chapters: cs.map((c) => c.n), events: cs.flatMap((c) => c.events), title: cs[0]?.title ?? '' });
    }
  } else {
    // more episodes than chapters: each chapter gets consecutive episodes in proportion to its size
    const shares = partition(
      Array.from({ length: count }, () => 1),
      chapters.length,
    );
    shares.forEach((idx, ci) => {
      const c = chapters[ci];
      if (!c) return;
      idx.forEach((_, k) => {
        const part = c.events.slice(
          Math.floor((c.events.length * k) / idx.length),
          Math.ceil((c.events.length * (k + 1)) / idx.length),
        );
        eps.push({
          chapters: [c.n],
          events: part.length ? part : c.events,
          title: `${c.title}${zh ? `（${k + 1}）` : ` (${k + 1})`}`,
        });
      });
    });
  }
  return JSON.stringify({
    episodes: eps.map((e, i) => ({
      number: i + 1,
      title: e.title || String(i + 1),
      summary: e.events.slice(0, 3).join(zh ? '' : ' ') || e.title || '…',
      hook: e.events[e.events.length - 1] ?? e.title ?? '…',
      chapters: e.chapters,
    })),
  });
}

function episode(user: string): string {
  const ep = json<{ number: number; title: string; hook: string }>(user, 'episode', { number: 1, title: '', hook: '' });
  const events = parseEvents(block(user, 'events'));
  const cast = parseCast(block(user, 'characters'));
  const flat = events.flatMap((e) => e.events);
  const quotes = events.flatMap((e) => e.quotes);
  const lang: Language = detectLanguage(JSON.stringify(events) + ep.title) === 'zh' ? 'zh' : 'en';
  const zh = lang === 'zh';
  const nameOf = (who: string) => cast.find((c) => c.name === who || c.aliases.includes(who))?.name ?? who;
  const inText = (t: string) =>
    cast.filter((c) => [c.name, ...c.aliases].some((f) => t.includes(f))).map((c) => c.name);
  const scenes = Math.max(3, Math.min(5, Math.ceil(flat.length / 2)));
  const out = [zh ? `第${ep.number}集 ${ep.title}` : `Episode ${ep.number}: ${ep.title}`];
  for (let k = 0; k < scenes; k++) {
    const evs = flat.slice(Math.floor((flat.length * k) / scenes), Math.floor((flat.length * (k + 1)) / scenes));
    const qs = quotes.slice(Math.floor((quotes.length * k) / scenes), Math.floor((quotes.length * (k + 1)) / scenes));
    const text = evs.join(' ') || ep.title;
    const place = guessPlace(text, lang) ?? { location: zh ? '未庄' : 'Wonderland', interior: '外' as const };
    const time = guessTime(text, lang);
    const who = [...new Set([...qs.map((q) => nameOf(q.speaker)), ...inText(text)])].slice(0, 5);
    const lead = who[0] ?? cast[0]?.name ?? (zh ? '旁白' : 'Narrator');
    out.push(
      '',
      zh
        ? `场${ep.number}-${k + 1} ${place.location} ${time} ${place.interior}`
        : `Scene ${ep.number}-${k + 1} ${place.interior === '内' ? 'INT.' : 'EXT.'} ${place.location} - ${time === '日' ? 'DAY' : 'NIGHT'}`,
      zh ? `人物：${who.join('、') || lead}` : `Characters: ${who.join(', ') || lead}`,
    );
    for (const e of evs.length ? evs : [ep.title]) out.push(zh ? `△${e}` : `△ ${e}`);
    for (const q of qs) out.push(`${nameOf(q.speaker)}${zh ? '：' : ': '}${q.line}`);
    const thought = splitSentences(evs[0] ?? ep.title, lang)[0] ?? ep.title;
    out.push(zh ? `${lead}（os）：${clip(thought, 30)}` : `${lead} (OS): ${clip(thought, 80)}`);
  }
  out.push(
    '',
    zh ? `【卡点】${ep.hook}` : `[Hook] ${ep.hook}`,
    zh ? `（第${ep.number}集完）` : `(End of episode ${ep.number})`,
  );
  return out.join('\n');
}

/** An answer for the unit tests of lib/llm: echoes the request's data as JSON. */
function echo(user: string): string {
  return JSON.stringify({ text: user });
}

export function writeAnswer(step: string, user: string, _system: string): string {
  switch (step) {
    case 'chunk_summary':
      return chunkSummary(user);
    case 'bible':
      return bible(user);
    case 'outline':
      return outline(user);
    case 'episode':
      return episode(user);
    default:
      return echo(user);
  }
}
