// English prompts: each step gets only the context it needs (source chunk → notes → characters
// and synopsis → episode outline → scenes).
import { type PromptSet, stepTag } from './types';

const STAGES = {
  parse: 'Splitting chapters and sizing the work…',
  summarize: 'Reading: part {n} of {t}…',
  bible: 'Writing the synopsis and character bible…',
  outline: 'Outlining episodes…',
  script: 'Writing scenes: episode {n} of {t}…',
  check: 'Checking the script…',
} as const;

const CRAFT = `Short-drama craft rules:
- Hook the viewer in the first seconds: open on conflict, mystery or strong action, no warm-up.
- End every episode on a cliffhanger (suspense, reversal or danger).
- About 500–800 words and 3–5 scenes per episode.
- At most 20 speaking roles in the whole series.
- Inner thoughts become action (△) or OS lines (Name (OS): …); memories become flashback scenes.
- Dialogue is spoken, short and in character; keep the source's best lines.`;

export const enPrompts: PromptSet = {
  phrases: {
    schemaIntro: 'Answer with one JSON object only, no explanation, matching this JSON Schema:',
    repair: (error) =>
      `Your previous answer cannot be used: ${error}. Write the complete corrected answer, no explanation.`,
    continueCut:
      'Your answer was cut off. Continue exactly where it stopped, without repeating anything or adding comments.',
  },
  stage: (key, n, t) => STAGES[key].replace('{n}', String(n ?? '')).replace('{t}', String(t ?? '')),
  chunkSummary: (i) => ({
    system: `You are a senior story editor taking reading notes to adapt a novel into a short drama. For each chapter extract: the key events in order (one sentence each, saying who did what), lines of dialogue worth keeping verbatim (speaker as the text names them), the characters (different names for one person merged into aliases, e.g. Rabbit and White Rabbit), and the places. Only what the text says; invent nothing.${stepTag('chunk_summary')}`,
    user: `This is part ${i.index} of ${i.total} of the book.${i.previous ? `\n<previous>\n${i.previous}\n</previous>\n(The end of the previous part, for continuity only: it is already summarised, do not extract it again.)` : ''}
<source>
${i.text}
</source>
Write one entry for every chapter in <source> (its n); do not skip any.`,
  }),
  bible: (i) => ({
    system: `You are the head writer of a short drama. From the reading notes write a logline, a synopsis (under 200 words) and the character bible. One person with several names is ONE character: name is the most used name, the others go into aliases. role is protagonist, antagonist, supporting or minor; description gives who they are, their nature and their part in the story (under 40 words). At most 20 characters, most important first.${stepTag('bible')}`,
    user: `Title: ${i.title}
<chapters>
${i.chapters}
</chapters>
<summaries>
${i.summaries}
</summaries>`,
  }),
  outline: (i) => ({
    system: `You are the head writer of a short drama, writing the episode outline. ${CRAFT}
The outline has exactly ${i.episodes} episodes numbered from 1; each has title, summary (under 80 words), hook (the cliffhanger it ends on) and chapters (the source chapters it adapts). Follow the book's order; every chapter must be in at least one episode; with more chapters than episodes an episode may take several, with fewer a chapter may be split across episodes.${stepTag('outline')}`,
    user: `Title: ${i.title}; ${i.episodes} episodes of about ${i.episodeLength} words.${i.style ? `\nStyle: ${i.style}` : ''}
<synopsis>
${i.synopsis}
</synopsis>
<characters>
${i.characters}
</characters>
<chapters>
${i.chapters}
</chapters>
<episodes>${i.episodes}</episodes>`,
  }),
  episode: (i) => ({
    system: `You are a short-drama screenwriter writing one episode from its outline. ${CRAFT}
Use exactly this layout, one element per line, no Markdown, no explanation:
Episode ${i.number}: Title
Scene ${i.number}-1 INT. Place - DAY
Characters: Name A, Name B
△ Action
Name A: Line
Name A: (tone) Line
Name B (OS): Inner voice
Narrator (VO): Voice-over
[Hook] The cliffhanger the episode ends on
(End of episode ${i.number})
Scene headings use INT. or EXT. and DAY or NIGHT. Each <characters> line is "name | aliases | note"; speakers must be the name, never an alias. In <events>, #n is a chapter number, - an event, > a quote (speaker: line).`,
    user: `Title: ${i.title}; episode ${i.number} of ${i.total}, about ${i.episodeLength} words, 3–5 scenes.${i.style ? `\nStyle: ${i.style}` : ''}
<episode>
${i.episode}
</episode>
<previous_hook>${i.previousHook}</previous_hook>
<next>${i.nextSummary}</next>
<characters>
${i.characters}
</characters>
<events>
${i.events}
</events>${stepTag('episode')}`,
  }),
};
