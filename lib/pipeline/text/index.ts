// The text layer both engines and the fake model share: language detection, paragraphs,
// sentences, chapters, and prepareText (front matter, notes, narrator). Nothing here knows about
// scripts.
export * from './chapters';
export * from './prepare';
export * from './text';
