// One zod schema per structured step. Every field is required (strict json_schema wants that);
// empty arrays and strings stand for "none".
import { z } from 'zod';

/** A line worth keeping verbatim, with who says it and the ¶ id of its paragraph. */
export const NoteQuote = z.object({ speaker: z.string(), line: z.string(), para: z.number().int() });
export type NoteQuote = z.infer<typeof NoteQuote>;

/** One event of the story: what happens, how much it matters, where in the text, and why. */
export const NoteEvent = z.object({
  /** `<chapter>.<k>`, e.g. 3.2; renumbered by us after reading. */
  id: z.string(),
  text: z.string().min(1),
  /** 5 = the story turns on it, 1 = colour that can go. */
  importance: z.number().int().min(1).max(5),
  who: z.array(z.string()),
  place: z.string(),
  /** ¶ ids of the paragraphs that tell it. */
  paras: z.array(z.number().int()),
  /** Ids of earlier events that cause this one. */
  causes: z.array(z.string()),
});
export type NoteEvent = z.infer<typeof NoteEvent>;

export const ChapterNotes = z.object({
  number: z.number().int(),
  events: z.array(NoteEvent),
  quotes: z.array(NoteQuote),
  /** How a character changes in this chapter (state, relationship, knowledge). */
  changes: z.array(z.object({ character: z.string(), change: z.string() })),
});
export type ChapterNotes = z.infer<typeof ChapterNotes>;

/** 阅读笔记: what one chunk of the novel holds, chapter by chapter. */
export const ChunkNotes = z.object({
  chapters: z.array(ChapterNotes),
  characters: z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string()), description: z.string() })),
  places: z.array(z.string()),
});
export type ChunkNotes = z.infer<typeof ChunkNotes>;

/** A character of the bible: who they are and how they speak and look on screen. */
export const BibleCharacter = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()),
  role: z.enum(['protagonist', 'antagonist', 'supporting', 'minor']),
  description: z.string(),
  goal: z.string(),
  arc: z.string(),
  relationships: z.array(z.object({ with: z.string(), relation: z.string() })),
  speech: z.string(),
  /** One visual tag the camera can show (clothes, object, feature). */
  visual: z.string(),
});
export type BibleCharacter = z.infer<typeof BibleCharacter>;

export const Location = z.object({ name: z.string().min(1), description: z.string() });
export type Location = z.infer<typeof Location>;

export const SceneBeat = z.object({
  place: z.string().min(1),
  time: z.enum(['日', '夜']),
  interior: z.enum(['内', '外']),
  characters: z.array(z.string()),
  /** Event ids this scene stages. */
  events: z.array(z.string()),
  beat: z.string().min(1),
});
export type SceneBeat = z.infer<typeof SceneBeat>;

/** 分集节拍表: one episode's plan. */
export const BeatSheet = z.object({
  number: z.number().int().positive(),
  title: z.string().min(1),
  summary: z.string().min(1),
  /** The opening hook of the first seconds. */
  opening: z.string().min(1),
  conflict: z.string(),
  /** The reversal or payoff (爽点) of the episode. */
  payoff: z.string(),
  /** Key event ids, in story order. */
  events: z.array(z.string()),
  scenes: z.array(SceneBeat).min(1),
  /** The 卡点 the episode ends on. */
  hook: z.string().min(1),
});
export type BeatSheet = z.infer<typeof BeatSheet>;

/** 分弧规划: bible additions for this arc and the beat sheets of its episodes. */
export const ArcPlan = z.object({
  logline: z.string(),
  characters: z.array(BibleCharacter),
  locations: z.array(Location),
  episodes: z.array(BeatSheet).min(1),
});
export type ArcPlan = z.infer<typeof ArcPlan>;

/** 审读: the critic's verdict on one episode against the rubric. */
export const Critique = z.object({
  /** 1–5 each: hook, conflict, payoff, fidelity, dialogue. */
  scores: z.object({
    hook: z.number().int().min(1).max(5),
    conflict: z.number().int().min(1).max(5),
    payoff: z.number().int().min(1).max(5),
    fidelity: z.number().int().min(1).max(5),
    dialogue: z.number().int().min(1).max(5),
  }),
  /** Concrete fixes, each naming the scene; empty when the episode can stay. */
  fixes: z.array(z.string()),
});
export type Critique = z.infer<typeof Critique>;
