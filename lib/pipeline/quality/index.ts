// The quality report on every result (both engines): pure functions of the script and its source.
export { assessScript, type QualitySource, type SourceNote } from './assess';
export { checkEpisode, type EpisodeCheckContext, inspectEpisode } from './episode';
export * from './schema';
export { indexSource, type SourceIndex } from './source-index';
export { THRESHOLDS } from './thresholds';
