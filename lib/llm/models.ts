// Which models a task may ask for. 'offline' (the rule-based engine) is always allowed; an LLM
// model only when a key is configured and the model is the default (OPENAI_MODEL), on the
// allow-list (OPENAI_MODELS) or configured in LLM_MODELS.
import { env } from '../env';
import { capsFor, type ModelCaps, parseOverrides } from './catalog';

export const OFFLINE_MODEL = 'offline';

export interface ModelInfo extends ModelCaps {
  name: string;
}

export function llmConfigured(): boolean {
  return Boolean(env.OPENAI_API_KEY && env.OPENAI_MODEL);
}

const overrides = () => parseOverrides(env.LLM_MODELS);

export function llmModels(): string[] {
  if (!llmConfigured() || !env.OPENAI_MODEL) return [];
  const listed = (env.OPENAI_MODELS ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  return [...new Set([env.OPENAI_MODEL, ...listed, ...Object.keys(overrides())])].filter((m) => m !== OFFLINE_MODEL);
}

export function allowedModels(): string[] {
  return [...llmModels(), OFFLINE_MODEL];
}

export function defaultModel(): string {
  return allowedModels()[0] ?? OFFLINE_MODEL;
}

export function isLlmModel(name: string | undefined): boolean {
  return name !== undefined && name !== OFFLINE_MODEL && llmModels().includes(name);
}

/** Capabilities and prices of an allowed LLM model. */
export function modelInfo(name: string): ModelInfo {
  return { name, ...capsFor(name, overrides()) };
}
