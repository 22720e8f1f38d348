ALTER TABLE "learning_progress" ADD COLUMN "lesson_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "learning_progress" SET "lesson_minutes" = "learning_lessons"."minutes" FROM "learning_lessons" WHERE "learning_lessons"."id" = "learning_progress"."lesson_id";
