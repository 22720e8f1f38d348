ALTER TABLE "notifications" ADD COLUMN "subject_title" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "context" text;