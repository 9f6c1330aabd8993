// The offline engine: a deterministic, rule-based ScriptGenerator (no model, no network).
export type { Chapter } from '../text/chapters';
export { splitChapters } from '../text/chapters';
export { detectLanguage } from '../text/text';
export type { CharacterProfile } from './characters';
export { findCharacters } from './characters';
export type { Beat } from './dialogue';
export { extractDialogue } from './dialogue';
export { createOfflineGenerator, OFFLINE_CHECKPOINT_PREFIX } from './engine';
export { layoutEpisode, layoutEpisodes } from './layout';
export type { StageKey } from './messages';
export { stageMessage } from './messages';
export type { NameRef } from './names';
export type { EpisodePlan } from './plan';
export { defaultEpisodeCount, planEpisodes } from './plan';
