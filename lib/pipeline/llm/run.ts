// What every LLM stage shares for one task: the model session, prompts, usage meter, progress,
// checkpoints and the task's signal.
import type { LlmSession } from '../../llm/structured';
import type { UsageMeter } from '../../llm/usage';
import type { PromptSet } from '../prompts';
import type { Language } from '../schema';
import type { GenerateContext } from '../types';
import type { Progress } from './progress';

export interface Run {
  title: string;
  session: LlmSession;
  prompts: PromptSet;
  output: Language;
  ctx: GenerateContext;
  meter: UsageMeter;
  progress: Progress;
  concurrency: number;
  episodeLength: number;
  style?: string | undefined;
}
