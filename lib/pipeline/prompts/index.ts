// Prompts per output language.
import type { Language } from '../schema';
import { enPrompts } from './en';
import type { PromptSet } from './types';
import { zhPrompts } from './zh';

export type { ChunkInput, EpisodeInput, LlmStageKey, OutlineInput, Prompt, PromptSet } from './types';

export const promptsFor = (language: Language): PromptSet => (language === 'zh' ? zhPrompts : enPrompts);
