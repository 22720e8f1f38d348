-- pg_trgm gives typo-tolerant "did you mean" suggestions (PGlite loads it as an extension too).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
