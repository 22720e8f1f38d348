-- Rows indexed before the ranking vector existed stay searchable until they are indexed again
-- (accents and acronyms are folded only for documents indexed from now on).
UPDATE "search_documents" SET "fts" = "tsv", "head_tsv" = "title_tsv" WHERE "fts" IS NULL;--> statement-breakpoint
INSERT INTO "search_state" ("id", "version") VALUES (1, 1) ON CONFLICT DO NOTHING;--> statement-breakpoint
-- As for the other GIN indexes (0005): PGlite runs no autovacuum, so no pending lists.
ALTER INDEX "search_documents_fts_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "search_documents_head_tsv_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "search_documents_title_keys_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "search_documents_title_trgm_idx" SET (fastupdate = off);
--> statement-breakpoint
-- Glossary terms become a kind of their own (a facet on the results page).
UPDATE "search_documents" SET "kind" = 'glossary' WHERE "kind" = 'article' AND "doc_type" = 'glossary-term';
