-- The one-job fair claim (20261201200000) is planned on each call again, with the statistics of
-- the moment, instead of keeping one generic plan per connection (docs/decisions/0102): a generic
-- plan made early — while the queue was nearly empty — made claims with 2,000 jobs waiting cost
-- 1.5–2.6× pg-boss's fetch in `npm run bench:fair`, where a fresh plan per call costs about what
-- fetch does. enable_seqscan stays off; the general claim of several jobs keeps its generic plan.
ALTER FUNCTION fair_claim(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER) RESET plan_cache_mode;
