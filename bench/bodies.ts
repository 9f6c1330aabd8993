// Request bodies: realistic chapter slices (5–20 KB of UTF-8) from the test fixture, and tiny
// novels the offline engine finishes in about a millisecond.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './stack';

const novel = readFileSync(path.join(root, 'tests/fixtures/a-q-zhengzhuan.zh.txt'), 'utf8');

/** `count` different slices of 2,000–6,000 characters (≈ 6–18 KB), deterministic. */
export function chapterSlices(count: number): string[] {
  const chars = [...novel];
  const out: string[] = [];
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < count; i++) {
    const len = 2000 + Math.floor(rnd() * 4000);
    const start = Math.floor(rnd() * Math.max(1, chars.length - len));
    out.push(chars.slice(start, start + len).join(''));
  }
  return out;
}

export function tinyNovel(i: number): string {
  return `第一章 试跑${i}\n\n阿Q说：“你好。”\n小D说：“走吧。”\n他们走出了未庄。`;
}

export const body = (novelContent: string, title: string): string =>
  JSON.stringify({ novel_content: novelContent, title, options: { model: 'offline' } });

export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
