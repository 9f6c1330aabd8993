// Prompts per output language.
import type { Language } from '../schema';
import { enPrompts } from './en';
import type { PromptSet } from './types';
import { zhPrompts } from './zh';

export type {
  CriticInput,
  EpisodeInput,
  HookInput,
  LlmStageKey,
  NotesInput,
  PlanInput,
  Prompt,
  PromptSet,
} from './types';

export const promptsFor = (language: Language): PromptSet => (language === 'zh' ? zhPrompts : enPrompts);
