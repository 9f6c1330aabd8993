// English prompts: reading notes → arc planning (bible additions + beat sheets) → scenes → review.
// Each step gets only the context it needs.
import { blockOf, type PromptSet, stepTag } from './types';

const STAGES = {
  parse: 'Splitting chapters and sizing the work…',
  summarize: 'Reading notes: part {n} of {t}…',
  outline: 'Planning beat sheets: part {n} of {t}…',
  script: 'Writing scenes: episode {n} of {t}…',
  check: 'Reviewing and checking continuity…',
} as const;

const ROLES: Record<string, string> = {
  opening: 'opening episode: grab the viewer in the first seconds; show the lead and the core conflict early',
  rising: 'rising episode: escalate the conflict; one reversal or payoff in this episode',
  midpoint: 'midpoint: one of the season’s biggest turns; a strong cliffhanger',
  arc_end: 'end of an arc: the arc’s conflict peaks; one of the season’s strongest cliffhangers',
  finale: 'finale: pay off what was set up and close the main line',
};

const CRAFT = `Short-drama craft rules:
- Hook the viewer in the first seconds: open on conflict, mystery or strong action, no warm-up.
- Every episode has a conflict and a reversal or payoff; it ends on a [Hook] (suspense, reversal or danger).
- 3–5 scenes per episode, at the length asked (about 150 words a minute).
- Only characters of the cast speak; invent no one.
- First-person interior narration becomes OS lines (Name (OS): …), never △ action.
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
  notes: (i) => ({
    system: `You are a senior story editor taking reading notes to adapt a novel into a short drama. Every paragraph of the source starts with its ¶ id. For each chapter (its n) record:
- events: in order, one sentence each saying who did what; id "<chapter>.<k>" (e.g. 3.1); importance 1–5 (5 = the story turns on it, 1 = colour that can go); who; place; paras = the ¶ ids that tell it; causes = ids of earlier events that cause it.
- quotes: lines worth keeping, copied exactly as the text has them, speaker as the text names them, para = their ¶ id.
- changes: how a character's state, relationships or knowledge change.
Also list the characters (different names of one person merged into aliases) and places. Only what the text says; invent nothing. Read prefaces and notes too, but notes are never plot.${stepTag('notes')}`,
    user: `${i.alone ? 'The previous notes left out the chapter below: write notes for it alone.' : `This is part ${i.index} of ${i.total} of the book.`}${i.narrator ? `\nThe first-person narrator "I" is ${i.narrator}: write ${i.narrator} in events and characters, never "I".` : ''}${blockOf('annotations', i.annotations)}${i.annotations ? "\n(<annotations> are the book's footnotes: context for reading the text, never events or quotes.)" : ''}
<source>
${i.text}
</source>
Write one entry for every chapter in <source>; do not skip any.`,
  }),
  plan: (i) => ({
    system: `You are the head writer of a short drama, writing the beat sheets of episodes ${i.from}–${i.to} (of ${i.total}) and adding to the bible. ${CRAFT}
<notes> are the reading notes of this part of the novel: #chapter title; [id ★importance] event (who @place) ¶paras ←cause ids; ~ character changes. <season> says what each episode must do for the season's pacing. <characters> and <locations> are the bible so far (name | aliases | role | note); <candidates> are people the reading notes name who are not in the bible yet; put characters and places that are new here into characters / locations (goal, arc, relationships, speech style, visual = one tag the camera can show). <previous> is the previous episode's cliffhanger: episode ${i.from} picks it up.
${i.narrator ? `The first-person narrator "I" is ${i.narrator}: a character of the bible. ` : ''}For each episode: title, summary, opening (the hook of the first seconds), conflict, payoff (reversal or payoff), events (the event ids it stages, in order), scenes (3–5 beats: place from the location list, time 日 day / 夜 night, interior 内 / exterior 外, characters, events, beat in one sentence), hook (its cliffhanger). Follow the book's order; use every ★4–5 event; use only event ids from <notes>. logline: the whole series in one sentence.${stepTag('plan')}`,
    user: `Title: ${i.title}; episodes ${i.from}–${i.to}, about ${i.episodeLength} words each.${i.style ? `\nStyle: ${i.style}` : ''}
<season>
${i.season.replace(/: (\w+)/g, (_, r: string) => `: ${ROLES[r] ?? r}`)}
</season>${blockOf('characters', i.characters)}${blockOf('candidates', i.candidates)}${blockOf('locations', i.locations)}${blockOf('previous', i.previous)}
<notes>
${i.notes}
</notes>`,
  }),
  episode: (i) => ({
    system: `You are a short-drama screenwriter writing one episode from its beat sheet. ${CRAFT}
How to use each block: <sheet> is this episode's beat sheet (opening hook, conflict, payoff, each scene's place|time|int/ext|characters|events|beat, cliffhanger): follow its scenes; <events> are the events it stages; <source> holds their paragraphs in the novel — plot and detail follow the source, and dialogue uses the lines in <quotes> where it can; <previous> is the previous episode's final beat and cliffhanger — open by picking it up directly, never replay it; <next> is the next episode's opening — end on a cliffhanger that leads into it without playing it; <characters> lines are "name | aliases | role | note | goal | speech | look", speakers use the name only; <locations> is the location list, copy place names exactly.
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
Scene headings use INT. or EXT. and DAY or NIGHT.`,
    user: `Title: ${i.title}; episode ${i.number} of ${i.total}, about ${i.episodeLength} words, 3–5 scenes. This episode: ${ROLES[i.role] ?? i.role}.${i.narrator ? `\nThe narrator's first-person interior narration becomes ${i.narrator} (OS): …, never △ action.` : ''}${i.style ? `\nStyle: ${i.style}` : ''}
<sheet>
${i.sheet}
</sheet>${blockOf('previous', i.previous)}${blockOf('next', i.next)}
<characters>
${i.characters}
</characters>${blockOf('locations', i.locations)}
<events>
${i.events}
</events>${blockOf('source', i.source)}${blockOf('quotes', i.quotes)}${blockOf('draft', i.draft)}${blockOf('fixes', i.fixes)}${i.draft ? '\nRevise <draft> as <fixes> say and write the whole revised episode.' : ''}${stepTag('episode')}`,
  }),
  critic: (i) => ({
    system: `You are a short-drama script editor. Score this episode 1–5 on the rubric: hook (opening hook and closing cliffhanger), conflict, payoff (reversal or payoff), fidelity (to the beat sheet and the novel's events), dialogue (in character). <found> lists faults a program found. fixes: concrete changes, each naming the scene; empty when the episode can stay as it is.${stepTag('critic')}`,
    user: `Episode ${i.number}
<sheet>
${i.sheet}
</sheet>
<episode>
${i.episode}
</episode>${blockOf('found', i.found)}`,
  }),
  hook: (i) => ({
    system: `You are a short-drama screenwriter. This episode ends without a [Hook]. From its last scene and the planned cliffhanger write one line only: [Hook] …${stepTag('hook')}`,
    user: `Episode ${i.number}; planned cliffhanger: ${i.planned}
<last_scene>
${i.lastScene}
</last_scene>`,
  }),
};
