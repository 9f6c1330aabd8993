// The fake model's "writing": deterministic answers computed from the data in the prompt with
// the offline engine's own extractors, so every structural check on a result is meaningful.
// Episodes are written FROM the events and quotes the prompt carries: a pipeline whose episode
// prompts lose the events writes a visibly wrong script. Semantic faults (faults.ts) bend one
// answer the way a real model goes wrong.
import { findCharacters } from '../../lib/pipeline/offline/characters';
import { extractDialogue } from '../../lib/pipeline/offline/dialogue';
import { guessPlace, guessTime } from '../../lib/pipeline/offline/locations';
import type { Language } from '../../lib/pipeline/schema';
import type { Chapter } from '../../lib/pipeline/text/chapters';
import { clip, detectLanguage } from '../../lib/pipeline/text/text';
import type { FaultKind } from './faults';

type Semantic = FaultKind['kind'] | null;

const block = (text: string, tag: string): string =>
  text.match(new RegExp(`<${tag}>\\n?([\\s\\S]*?)\\n?</${tag}>`))?.[1] ?? '';

interface SourceChapter {
  n: number;
  title: string;
  paras: { id: number; text: string }[];
}

function sourceChapters(user: string): SourceChapter[] {
  const src = block(user, 'source');
  const out = new Map<number, SourceChapter>();
  for (const m of src.matchAll(/<chapter n="(\d+)" title="([^"]*)"[^>]*>\n?([\s\S]*?)\n?<\/chapter>/g)) {
    const n = Number(m[1]);
    const had = out.get(n) ?? { n, title: m[2] ?? '', paras: [] };
    for (const line of (m[3] ?? '').split('\n')) {
      const p = /^¶(\d+) ?([\s\S]*)$/.exec(line);
      if (p) had.paras.push({ id: Number(p[1]), text: p[2] ?? '' });
    }
    out.set(n, had);
  }
  return [...out.values()];
}

function notes(user: string, fault: Semantic): string {
  const chapters = sourceChapters(user);
  const all = chapters.flatMap((c) => c.paras.map((p) => p.text)).join('\n');
  const lang: Language = detectLanguage(all);
  const asChapters: Chapter[] = chapters.map((c) => ({
    number: c.n,
    title: c.title,
    heading: c.title,
    text: c.paras.map((p) => p.text).join('\n'),
    start: 0,
    end: 0,
  }));
  const people = findCharacters(asChapters, lang, lang);
  const refs = people.map((p) => ({ name: p.name, aliases: p.aliases }));
  const mentioned = (t: string) =>
    people.filter((p) => [p.name, ...p.aliases].some((f) => f && t.includes(f))).map((p) => p.name);
  const out = chapters.map((c) => {
    // notes in proportion to the text, as a model's are: about one event per 500 characters
    const size = c.paras.reduce((n, p) => n + p.text.length, 0);
    const cap = Math.max(2, Math.min(8, Math.ceil(size / (lang === 'zh' ? 500 : 1500))));
    const actions: { text: string; para: number }[] = [];
    const quotes: { speaker: string; line: string; para: number }[] = [];
    for (const p of c.paras)
      for (const b of extractDialogue(p.text, lang, refs)) {
        if (b.type === 'action') actions.push({ text: b.text, para: p.id });
        else if (b.type === 'dialogue' && b.character && p.text.includes(b.text) && quotes.length < Math.min(6, cap))
          quotes.push({ speaker: b.character, line: b.text, para: p.id });
      }
    const step = Math.max(1, Math.floor(actions.length / cap));
    const picked = actions.filter((_, i) => i % step === 0).slice(0, cap);
    if (picked.length === 0 && c.paras[0]) picked.push({ text: c.paras[0].text || c.title, para: c.paras[0].id });
    const events = picked.map((a, k) => {
      const text = clip(a.text, lang === 'zh' ? 50 : 140) || c.title;
      const who = mentioned(a.text);
      const importance = k === 0 || k === picked.length - 1 ? 5 : who.length ? 4 : 2;
      return {
        id: `${c.n}.${k + 1}`,
        text,
        importance,
        who,
        place: guessPlace(a.text, lang)?.location ?? '',
        paras: [a.para],
        causes: k > 0 ? [`${c.n}.${k}`] : [],
      };
    });
    const changes = events
      .filter((e) => e.importance === 5 && e.who[0])
      .slice(0, 2)
      .map((e) => ({ character: e.who[0] ?? '', change: e.text }));
    return { number: c.n, events, quotes, changes };
  });
  const places = [...new Set(chapters.map((c) => guessPlace(c.paras.map((p) => p.text).join('\n'), lang)?.location))];
  return JSON.stringify({
    chapters: fault === 'omit_chapter' && out.length > 1 ? out.slice(0, -1) : fault === 'omit_chapter' ? [] : out,
    characters: people.map((p) => ({ name: p.name, aliases: p.aliases, description: p.description })),
    places: places.filter((p): p is string => !!p),
  });
}

interface NoteLine {
  id: string;
  importance: number;
  text: string;
  who: string[];
  place: string;
  paras: number[];
}

/** `[3.1 ★5] text (who,who @place) ¶1 ←…` lines of <notes> or <events>. */
function parseNoteLines(text: string): NoteLine[] {
  const out: NoteLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\[([\d.]+) ★(\d)\] (.*?)(?: \(([^()]*?)(?: @([^()]*))?\))?(?: (¶[\d,¶]+))?(?: ←[\d.,]+)?$/.exec(line);
    if (!m) continue;
    out.push({
      id: m[1] ?? '',
      importance: Number(m[2]),
      text: m[3] ?? '',
      who: (m[4] ?? '').split(',').filter(Boolean),
      place: m[5] ?? '',
      paras: (m[6] ?? '')
        .split(',')
        .map((x) => Number(x.replace('¶', '')))
        .filter((x) => x > 0),
    });
  }
  return out;
}

const castNames = (text: string) =>
  text
    .split('\n')
    .map((l) => l.split(' | '))
    .filter((p) => (p[0] ?? '').trim())
    .map(([name = '', aliases = '']) => ({ name: name.trim(), aliases: aliases.split(' / ').filter(Boolean) }));

function plan(user: string, system: string, fault: Semantic): string {
  const numbers = block(user, 'season')
    .split('\n')
    .map((l) => Number(/^(\d+)/.exec(l)?.[1]))
    .filter((n) => n > 0);
  const events = parseNoteLines(block(user, 'notes'));
  const zh = detectLanguage(events.map((e) => e.text).join('')) === 'zh';
  const known = castNames(block(user, 'characters'));
  const candidates = castNames(block(user, 'candidates'));
  const knownPlaces = block(user, 'locations')
    .split('\n')
    .map((l) => l.split(' | ')[0]?.trim())
    .filter(Boolean);
  const k = fault === 'few_episodes' ? Math.max(1, Math.ceil(numbers.length / 2) - 1) : numbers.length;
  const people = new Map<string, number>();
  for (const e of events) for (const w of e.who) people.set(w, (people.get(w) ?? 0) + e.importance);
  const ranked = [...people.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  // the first-person narrator the system prompt names is a character too
  const narrator = /第一人称叙述者“我”是(.+?)，|The first-person narrator "I" is (.+?): /
    .exec(system)
    ?.slice(1)
    .find(Boolean);
  if (narrator && !ranked.includes(narrator)) ranked.unshift(narrator);
  for (const c of candidates) if (!ranked.includes(c.name)) ranked.push(c.name);
  const fresh = ranked.filter((n) => !known.some((c) => c.name === n || c.aliases.includes(n)));
  const lead = ranked[0] ?? '';
  const characters = fresh.slice(0, 16).map((name) => ({
    name,
    aliases: candidates.find((c) => c.name === name)?.aliases ?? [],
    role: known.length === 0 && name === lead ? 'protagonist' : 'supporting',
    description: name,
    goal: zh ? `${name}想要体面` : `${name} wants to be seen`,
    arc: '',
    relationships: [],
    speech: zh ? '短句' : 'short lines',
    visual: zh ? '破毡帽' : 'a hat',
  }));
  if (fault === 'invent_character')
    characters.push({
      ...(characters[0] ?? {
        aliases: [],
        relationships: [],
        goal: '',
        arc: '',
        speech: '',
        visual: '',
        description: '',
      }),
      name: zh ? '神秘人甲' : 'Mysterious Stranger',
      role: 'minor',
    } as (typeof characters)[number]);
  const places = [...new Set(events.map((e) => e.place).filter(Boolean))].filter((p) => !knownPlaces.includes(p));
  const placeOf = (es: NoteLine[]) =>
    es.find((e) => e.place)?.place ?? knownPlaces[0] ?? places[0] ?? (zh ? '未庄' : 'Wonderland');
  const episodes = numbers.slice(0, k).map((n, i) => {
    const mine = events.slice(Math.floor((events.length * i) / k), Math.floor((events.length * (i + 1)) / k));
    const use = mine.length ? mine : events.slice(-1);
    const scenes = Math.max(3, Math.min(5, Math.ceil(use.length / 2)));
    return {
      number: n,
      title: clip(use[0]?.text ?? String(n), zh ? 12 : 40),
      summary:
        use
          .slice(0, 3)
          .map((e) => e.text)
          .join(zh ? '' : ' ') || '…',
      opening: use[0]?.text ?? '…',
      conflict: use[1]?.text ?? use[0]?.text ?? '',
      payoff: use[Math.floor(use.length / 2)]?.text ?? '',
      events: use.map((e) => e.id),
      scenes: Array.from({ length: scenes }, (_, s) => {
        const part = use.slice(Math.floor((use.length * s) / scenes), Math.floor((use.length * (s + 1)) / scenes));
        const text = part.map((e) => e.text).join(' ');
        return {
          place: placeOf(part),
          time: guessTime(text, zh ? 'zh' : 'en'),
          interior: '外',
          characters: [...new Set(part.flatMap((e) => e.who))].slice(0, 4),
          events: part.map((e) => e.id),
          beat: part[0]?.text ?? use[0]?.text ?? '…',
        };
      }),
      hook: use[use.length - 1]?.text ?? '…',
    };
  });
  return JSON.stringify({
    logline: zh ? `${lead}的故事` : `The story of ${lead}`,
    characters,
    locations: places.map((name) => ({ name, description: name })),
    episodes,
  });
}

interface SheetScene {
  place: string;
  time: string;
  interior: string;
  characters: string[];
  events: string[];
}

function parseSheet(text: string) {
  const lines = text.split('\n');
  const head = /^(\d+)\. (.*)$/.exec(lines[0] ?? '');
  const scenes: SheetScene[] = [];
  let hook = '';
  for (const l of lines) {
    const s = /^scene \d+: (.*?) \| (.*?) \| (.*?) \| (.*?) \| (.*?) \| /.exec(l);
    if (s)
      scenes.push({
        place: s[1] ?? '',
        time: s[2] ?? '日',
        interior: s[3] ?? '外',
        characters: (s[4] ?? '').split('、').filter(Boolean),
        events: (s[5] ?? '').split(',').filter(Boolean),
      });
    if (l.startsWith('hook: ')) hook = l.slice(6);
  }
  return { number: Number(head?.[1] ?? 1), title: head?.[2] ?? '', scenes, hook };
}

function episode(user: string, fault: Semantic): string {
  const sheet = parseSheet(block(user, 'sheet'));
  const events = parseNoteLines(block(user, 'events'));
  const quotes = block(user, 'quotes')
    .split('\n')
    .map((l) => /^> (.*?) ¶\d+: (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ speaker: m[1] ?? '', line: m[2] ?? '' }));
  const cast = castNames(block(user, 'characters'));
  const byId = new Map(events.map((e) => [e.id, e]));
  const zh = /第\d+\/\d+集|约\d+字/.test(user);
  const target = Number(/约(\d+)字|about (\d+) words/.exec(user)?.slice(1).find(Boolean) ?? 300);
  const source = new Map(
    block(user, 'source')
      .split('\n')
      .map((l) => /^¶(\d+) (.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [Number(m[1]), m[2] ?? ''] as const),
  );
  const n = sheet.number;
  const nameOf = (who: string) => cast.find((c) => c.name === who || c.aliases.includes(who))?.name ?? who;
  const lead = cast[0]?.name ?? (zh ? '旁白' : 'Narrator');
  const wrong = fault === 'wrong_language';
  const write = (z: boolean) => {
    const plans = fault === 'two_scenes' ? sheet.scenes.slice(0, 2) : sheet.scenes;
    const out = [z ? `第${n}集 ${sheet.title}` : `Episode ${n}: ${sheet.title}`];
    plans.forEach((s, k) => {
      const evs = s.events.map((id) => byId.get(id)).filter((e): e is NoteLine => !!e);
      const qs = quotes.slice(
        Math.floor((quotes.length * k) / plans.length),
        Math.floor((quotes.length * (k + 1)) / plans.length),
      );
      const who = [...new Set([...s.characters, ...qs.map((q) => nameOf(q.speaker))])].slice(0, 5);
      const place = s.place || (z ? '未庄' : 'Wonderland');
      out.push(
        '',
        z
          ? `场${n}-${k + 1} ${place} ${s.time} ${s.interior}`
          : `Scene ${n}-${k + 1} ${s.interior === '内' ? 'INT.' : 'EXT.'} ${place} - ${s.time === '夜' ? 'NIGHT' : 'DAY'}`,
        z ? `人物：${who.join('、') || lead}` : `Characters: ${who.join(', ') || lead}`,
      );
      // the opening picks up the previous episode's 卡点, as the system prompt asks
      const pickUp = /【(.*)】\s*$/.exec(block(user, 'previous'))?.[1];
      if (k === 0 && pickUp && !wrong && fault !== 'ignore_events') out.push(z ? `△${pickUp}` : `△ ${pickUp}`);
      if (wrong) out.push('△ The scene unfolds quietly as everyone waits for something to happen.');
      else if (fault === 'ignore_events')
        out.push(
          z ? '△天气晴朗，街上人来人往，大家各忙各的。' : '△ The weather is fine and people go about their day.',
        );
      else {
        for (const e of evs) out.push(z ? `△${e.text}` : `△ ${e.text}`);
        // flesh the scene out from the source passages of its events, up to its share of the length
        const room = target / plans.length;
        let used = evs.reduce((a, e) => a + e.text.length / (z ? 1 : 5), 0);
        // its events' paragraphs first, then the paragraphs that follow them in the source
        const own = evs.flatMap((e) => e.paras);
        const after = [...source.keys()].filter((id) => id > Math.max(0, ...own) && !own.includes(id));
        for (const id of [...own, ...after]) {
          const text = source.get(id);
          if (!text || used >= room) continue;
          if (!own.includes(id)) source.delete(id); // a following paragraph serves one scene only
          const piece = clip(text, z ? Math.ceil(room - used) : Math.ceil((room - used) * 6));
          out.push(z ? `△${piece}` : `△ ${piece}`);
          used += piece.length / (z ? 1 : 5);
        }
      }
      if (!wrong && fault !== 'ignore_events')
        for (const q of qs) out.push(`${nameOf(q.speaker)}${z ? '：' : ': '}${q.line}`);
      if (fault === 'invent_character' && k === 0)
        out.push(z ? '神秘人甲：我早就知道你的底细了。' : 'Mysterious Stranger: I know who you really are.');
      const thought =
        fault === 'ignore_events'
          ? z
            ? '今天没什么特别的事。'
            : 'Nothing special today.'
          : (evs[0]?.text ?? sheet.title);
      if (!wrong) out.push(z ? `${lead}（os）：${clip(thought, 30)}` : `${lead} (OS): ${clip(thought, 80)}`);
    });
    if (fault !== 'drop_hook') out.push('', z ? `【卡点】${sheet.hook}` : `[Hook] ${sheet.hook}`);
    out.push(z ? `（第${n}集完）` : `(End of episode ${n})`);
    return out.join('\n');
  };
  return write(wrong ? !zh : zh);
}

function critic(user: string): string {
  const found = block(user, 'found').trim();
  const text = block(user, 'episode');
  const fixes = found ? found.split('\n') : [];
  if (!/【卡点】|\[Hook\]/.test(text)) fixes.push('add the 卡点 at the end');
  const score = fixes.length ? 2 : 4;
  return JSON.stringify({
    scores: { hook: score, conflict: 4, payoff: 4, fidelity: score, dialogue: 4 },
    fixes,
  });
}

function hook(user: string): string {
  const planned = /(?:计划的卡点：|planned cliffhanger: )(.*)/.exec(user)?.[1] ?? '…';
  return /计划的卡点/.test(user) ? `【卡点】${planned}` : `[Hook] ${planned}`;
}

/** An answer for the unit tests of lib/llm: echoes the request's data as JSON. */
function echo(user: string): string {
  return JSON.stringify({ text: user });
}

export function writeAnswer(step: string, user: string, system: string, fault: Semantic = null): string {
  switch (step) {
    case 'notes':
      return notes(user, fault);
    case 'plan':
      return plan(user, system, fault);
    case 'episode':
      return episode(user, fault);
    case 'critic':
      return critic(user);
    case 'hook':
      return hook(user);
    default:
      return echo(user);
  }
}
