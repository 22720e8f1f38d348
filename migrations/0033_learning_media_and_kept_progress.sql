CREATE TABLE "learning_plan_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_plan_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"ref" text,
	"title" text NOT NULL,
	"week" integer NOT NULL,
	"position" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"marked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"manager_id" integer,
	"learner_id" integer NOT NULL,
	"title" text NOT NULL,
	"template" text,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning_progress" DROP CONSTRAINT "learning_progress_lesson_id_learning_lessons_id_fk";
--> statement-breakpoint
ALTER TABLE "learning_progress" DROP CONSTRAINT "learning_progress_user_id_lesson_id_pk";--> statement-breakpoint
ALTER TABLE "learning_progress" ALTER COLUMN "lesson_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "learning_lessons" ADD COLUMN "media" jsonb;--> statement-breakpoint
ALTER TABLE "learning_lessons" ADD COLUMN "transcript" text;--> statement-breakpoint
ALTER TABLE "learning_lessons" ADD COLUMN "transcript_html" text;--> statement-breakpoint
ALTER TABLE "learning_progress" ADD COLUMN "id" integer PRIMARY KEY NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "learning_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "learning_progress" ADD COLUMN "lesson_title" text;--> statement-breakpoint
UPDATE "learning_progress" SET "lesson_title" = "learning_lessons"."title" FROM "learning_lessons" WHERE "learning_lessons"."id" = "learning_progress"."lesson_id";--> statement-breakpoint
ALTER TABLE "learning_progress" ALTER COLUMN "lesson_title" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "learning_plan_items" ADD CONSTRAINT "learning_plan_items_plan_id_learning_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."learning_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_plans" ADD CONSTRAINT "learning_plans_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_plans" ADD CONSTRAINT "learning_plans_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_plan_items_plan_idx" ON "learning_plan_items" USING btree ("plan_id","week","position");--> statement-breakpoint
CREATE INDEX "learning_plans_manager_idx" ON "learning_plans" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "learning_plans_learner_idx" ON "learning_plans" USING btree ("learner_id");--> statement-breakpoint
ALTER TABLE "learning_progress" ADD CONSTRAINT "learning_progress_lesson_id_learning_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."learning_lessons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "learning_progress_user_lesson_key" ON "learning_progress" USING btree ("user_id","lesson_id");