ALTER TABLE "article_revisions" ADD COLUMN "aka" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "aka" text[] DEFAULT '{}'::text[] NOT NULL;