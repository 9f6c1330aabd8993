// Scoring speaker attribution against a hand-labelled sample (tests/fixtures/alice-speakers.json):
// labels are matched in order to the spoken beats of their chapter, so a repeated line ("Yes")
// finds its own occurrence, and each match is right, wrong, or unattributed.

export interface SpeakerLabel {
  chapter: number;
  /** The start of the quote as it stands in the book. */
  text: string;
  speaker: string;
}

export interface SpokenBeat {
  type: string;
  character: string | null;
  text: string;
}

export interface SampleScore {
  labels: number;
  matched: number;
  attributed: number;
  wrong: number;
  /** The wrong ones, for a failing test's message. */
  misses: { text: string; want: string; got: string | null }[];
}

const norm = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/^[\s—–‘’'"“”(]+/, '')
    .trim();

/** How many labels found their line, and of those how many name a speaker, and a wrong one. */
export function scoreSample(labels: readonly SpeakerLabel[], beatsOf: (chapter: number) => SpokenBeat[]): SampleScore {
  const score: SampleScore = { labels: labels.length, matched: 0, attributed: 0, wrong: 0, misses: [] };
  const chapters = [...new Set(labels.map((l) => l.chapter))];
  for (const chapter of chapters) {
    const beats = beatsOf(chapter).filter((b) => b.type === 'dialogue' || b.type === 'os');
    let at = 0;
    for (const label of labels.filter((l) => l.chapter === chapter)) {
      const want = norm(label.text);
      const window = beats.slice(at, at + 8);
      const k = window.findIndex((b) => {
        const t = norm(b.text);
        return t.startsWith(want) || (want.length >= 12 && t.includes(want));
      });
      if (k < 0) continue;
      at += k + 1;
      const beat = window[k] as SpokenBeat;
      score.matched++;
      if (!beat.character) continue;
      score.attributed++;
      if (beat.character !== label.speaker) {
        score.wrong++;
        score.misses.push({ text: label.text, want: label.speaker, got: beat.character });
      }
    }
  }
  return score;
}
