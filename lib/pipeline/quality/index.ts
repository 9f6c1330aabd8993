// The quality report on every result (both engines): pure functions of the script and its source.
export { assessScript, assessScriptAsync, type QualitySource } from './assess';
export { qualitySource, withQuality } from './attach';
export { checkEpisode, type EpisodeCheckContext, inspectEpisode } from './episode';
export {
  issuePlace,
  LEVEL_LABELS,
  MEASURE_LABELS,
  measureFigure,
  qualityLines,
  SET_ASIDE_TITLE,
  setAsideLines,
} from './labels';
export * from './schema';
export { indexSource, type SourceIndex } from './source-index';
export { THRESHOLDS } from './thresholds';
