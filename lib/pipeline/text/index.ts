// The text layer both engines and the fake model share: language detection, paragraphs,
// sentences and chapters. Nothing here knows about scripts.
export * from './chapters';
export * from './text';
