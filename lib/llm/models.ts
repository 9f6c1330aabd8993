// Which models a task may ask for. 'offline' (the rule-based engine) is always allowed; an LLM
// model only when a key is configured and the model is the default or on the allow-list.
import { env } from '../env';

export const OFFLINE_MODEL = 'offline';

export function llmConfigured(): boolean {
  return Boolean(env.OPENAI_API_KEY && env.OPENAI_MODEL);
}

export function allowedModels(): string[] {
  const models = [OFFLINE_MODEL];
  if (llmConfigured() && env.OPENAI_MODEL) models.unshift(env.OPENAI_MODEL);
  return models;
}

export function defaultModel(): string {
  return allowedModels()[0] ?? OFFLINE_MODEL;
}
