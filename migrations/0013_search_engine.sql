CREATE TABLE "search_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_synonym_revisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_synonym_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"yaml" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"author_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "aliases" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "headings" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "visibility" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "group_key" text;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "quality" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "fts" "tsvector";--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "head_tsv" "tsvector";--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "title_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_words" ADD COLUMN "frequency" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "search_words" ADD COLUMN "sound" text;--> statement-breakpoint
CREATE INDEX "search_documents_fts_idx" ON "search_documents" USING gin ("fts");--> statement-breakpoint
CREATE INDEX "search_documents_head_tsv_idx" ON "search_documents" USING gin ("head_tsv");--> statement-breakpoint
CREATE INDEX "search_documents_title_keys_idx" ON "search_documents" USING gin ("title_keys");--> statement-breakpoint
CREATE INDEX "search_documents_title_trgm_idx" ON "search_documents" USING gin (lower("title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_words_sound_idx" ON "search_words" USING btree ("sound");