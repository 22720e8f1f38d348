-- Index statistics for ranking (docs/decisions/049): in how many documents each lexeme appears, rebuilt in the
-- background, so a search reads the rarity of its words instead of counting matches. The generated vectors `tsv` and
-- `title_tsv` (and their indexes) had not been read since the ranking vector `fts` replaced them: dropped, so every
-- write stops computing them and new rows are about half the size. As-you-type reads titles starting with the typed
-- text through a prefix index, stopping at its limit.
CREATE TABLE "search_term_refreshes" (
	"id" integer PRIMARY KEY NOT NULL,
	"refresh" integer DEFAULT 0 NOT NULL,
	"index_version" bigint DEFAULT 0 NOT NULL,
	"documents" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "search_terms" (
	"lexeme" text PRIMARY KEY NOT NULL,
	"documents" integer NOT NULL,
	"refresh" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "search_documents_title_tsv_idx";--> statement-breakpoint
DROP INDEX "search_documents_tsv_idx";--> statement-breakpoint
CREATE INDEX "search_documents_title_prefix_idx" ON "search_documents" USING btree (lower("title") text_pattern_ops);--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "tsv";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "title_tsv";