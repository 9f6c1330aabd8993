-- A task's usage is now added to after every model call (decision 0143), so the task row is the
-- whole task's spend across all its runs: also the parts of it the result's usage shows.
ALTER TABLE script_tasks
  ADD COLUMN usage_calls INTEGER,
  ADD COLUMN usage_prompt_tokens BIGINT,
  ADD COLUMN usage_cached_tokens BIGINT,
  ADD COLUMN usage_completion_tokens BIGINT,
  ADD COLUMN usage_reasoning_tokens BIGINT;
