CREATE TABLE "report_cost_inputs" (
	"dataset_id" integer PRIMARY KEY NOT NULL,
	"staff_minutes_per_request" numeric(10, 2) NOT NULL,
	"hourly_cost" numeric(12, 2) NOT NULL,
	"shipping_per_loan" numeric(12, 2) NOT NULL,
	"fees_paid" numeric(14, 2) NOT NULL,
	"ifm_paid" numeric(14, 2) NOT NULL,
	"book_price" numeric(12, 2) NOT NULL,
	"article_cost" numeric(12, 2) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_peer_aggregates" (
	"dataset_id" integer NOT NULL,
	"year" integer NOT NULL,
	"requests" integer NOT NULL,
	"fill_rate" numeric,
	"median_turnaround" numeric,
	"lending_ratio" numeric,
	CONSTRAINT "report_peer_aggregates_dataset_id_year_pk" PRIMARY KEY("dataset_id","year")
);
--> statement-breakpoint
CREATE TABLE "report_peer_profiles" (
	"dataset_id" integer PRIMARY KEY NOT NULL,
	"owner_id" integer NOT NULL,
	"library_type" text,
	"size_band" text,
	"region" text,
	"system" text,
	"opted_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_reference_libraries" (
	"year" integer NOT NULL,
	"fscs_key" text NOT NULL,
	"state" text NOT NULL,
	"name" text NOT NULL,
	"population" integer,
	"loans_to" integer,
	"loans_from" integer,
	CONSTRAINT "report_reference_libraries_year_fscs_key_pk" PRIMARY KEY("year","fscs_key")
);
--> statement-breakpoint
CREATE TABLE "learning_cohort_members" (
	"cohort_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "learning_cohort_members_cohort_id_user_id_pk" PRIMARY KEY("cohort_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "learning_cohorts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_cohorts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" integer NOT NULL,
	"event_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"thread_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_project_enrolments" (
	"user_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"started_on" date NOT NULL,
	"milestones_done" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "learning_project_enrolments_user_id_course_id_pk" PRIMARY KEY("user_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "learning_review_reminders" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning_courses" ADD COLUMN "project" jsonb;--> statement-breakpoint
ALTER TABLE "learning_courses" ADD COLUMN "teach_back_thread_id" integer;--> statement-breakpoint
ALTER TABLE "learning_courses" ADD COLUMN "project_thread_id" integer;--> statement-breakpoint
ALTER TABLE "report_cost_inputs" ADD CONSTRAINT "report_cost_inputs_dataset_id_report_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."report_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_peer_aggregates" ADD CONSTRAINT "report_peer_aggregates_dataset_id_report_peer_profiles_dataset_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."report_peer_profiles"("dataset_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_peer_profiles" ADD CONSTRAINT "report_peer_profiles_dataset_id_report_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."report_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_cohort_members" ADD CONSTRAINT "learning_cohort_members_cohort_id_learning_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."learning_cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_cohort_members" ADD CONSTRAINT "learning_cohort_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_cohorts" ADD CONSTRAINT "learning_cohorts_course_id_learning_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."learning_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_cohorts" ADD CONSTRAINT "learning_cohorts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_project_enrolments" ADD CONSTRAINT "learning_project_enrolments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_project_enrolments" ADD CONSTRAINT "learning_project_enrolments_course_id_learning_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."learning_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_review_reminders" ADD CONSTRAINT "learning_review_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_peer_profiles_owner_idx" ON "report_peer_profiles" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "report_reference_state_idx" ON "report_reference_libraries" USING btree ("state","year");--> statement-breakpoint
CREATE INDEX "learning_cohorts_course_idx" ON "learning_cohorts" USING btree ("course_id","starts_on");