ALTER TABLE "forum_posts" ADD COLUMN "vendor_system" text;--> statement-breakpoint
ALTER TABLE "forum_posts" ADD COLUMN "vendor_name" text;