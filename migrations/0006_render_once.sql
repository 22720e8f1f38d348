ALTER TABLE "forum_post_revisions" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "forum_post_revisions" ADD COLUMN "render_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "forum_posts" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "forum_posts" ADD COLUMN "render_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD COLUMN "render_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "render_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_tokens" ADD COLUMN "issued_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "render_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "bio_html" text;--> statement-breakpoint
ALTER TABLE "profiles" ADD COLUMN "render_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "forum_post_revisions_render_version_idx" ON "forum_post_revisions" USING btree ("render_version");--> statement-breakpoint
CREATE INDEX "forum_posts_render_version_idx" ON "forum_posts" USING btree ("render_version");--> statement-breakpoint
CREATE INDEX "article_revisions_render_version_idx" ON "article_revisions" USING btree ("render_version");--> statement-breakpoint
CREATE INDEX "articles_render_version_idx" ON "articles" USING btree ("render_version");--> statement-breakpoint
CREATE INDEX "email_tokens_purpose_created_idx" ON "email_tokens" USING btree ("purpose","created_at");--> statement-breakpoint
CREATE INDEX "messages_render_version_idx" ON "messages" USING btree ("render_version");--> statement-breakpoint
CREATE INDEX "profiles_render_version_idx" ON "profiles" USING btree ("render_version");