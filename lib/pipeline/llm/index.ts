// The LLM engine: staged, checkpointed, cancellable generation on any OpenAI-compatible model.

export { createLlmGenerator, type LlmEngineDeps } from './engine';
export { CHECKPOINT_PREFIX as LLM_CHECKPOINT_PREFIX } from './store';
