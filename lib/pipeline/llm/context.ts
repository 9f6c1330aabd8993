// Episode context as compact lines instead of JSON: the same facts in fewer tokens. Each episode
// call carries its chapters' events and quotes and the cast in play, ten or more times a novel.
//
//   events:                      cast:
//   #3                           阿Q | 老Q / 阿Quei | 未庄的雇工，自尊又自欺
//   - 阿Q 与王胡比捉虱子         赵太爷 |  | 未庄的乡绅
//   > 阿Q: 这毛虫！

export interface ChapterEvents {
  chapter: number;
  events: string[];
  quotes: { speaker: string; line: string }[];
}

export interface CastLine {
  name: string;
  aliases: string[];
  description: string;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

export function renderEvents(chapters: readonly ChapterEvents[]): string {
  const out: string[] = [];
  for (const c of chapters) {
    out.push(`#${c.chapter}`);
    for (const e of c.events) out.push(`- ${oneLine(e)}`);
    for (const q of c.quotes) out.push(`> ${oneLine(q.speaker)}: ${oneLine(q.line)}`);
  }
  return out.join('\n');
}

export function parseEvents(text: string): ChapterEvents[] {
  const out: ChapterEvents[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const head = /^#(\d+)$/.exec(line);
    if (head) out.push({ chapter: Number(head[1]), events: [], quotes: [] });
    const current = out.at(-1);
    if (!current || head) continue;
    if (line.startsWith('- ')) current.events.push(line.slice(2));
    else if (line.startsWith('> ')) {
      const at = line.indexOf(': ', 2);
      if (at > 2) current.quotes.push({ speaker: line.slice(2, at), line: line.slice(at + 2) });
    }
  }
  return out;
}

export function renderCast(cast: readonly CastLine[]): string {
  return cast
    .map((c) => `${oneLine(c.name)} | ${c.aliases.map(oneLine).join(' / ')} | ${oneLine(c.description)}`)
    .join('\n');
}

export function parseCast(text: string): CastLine[] {
  return text
    .split('\n')
    .map((l) => l.split(' | '))
    .filter((parts) => (parts[0] ?? '').trim() !== '')
    .map(([name = '', aliases = '', ...rest]) => ({
      name: name.trim(),
      aliases: aliases
        .split(' / ')
        .map((a) => a.trim())
        .filter(Boolean),
      description: rest.join(' | ').trim(),
    }));
}
