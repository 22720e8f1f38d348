CREATE TABLE "interop_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "interop_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"protocol" text NOT NULL,
	"from_system" text NOT NULL,
	"to_system" text NOT NULL,
	"from_version" text DEFAULT '' NOT NULL,
	"to_version" text DEFAULT '' NOT NULL,
	"message_types" text[] DEFAULT '{}' NOT NULL,
	"result" text NOT NULL,
	"tested_on" date NOT NULL,
	"evidence_url" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"reporter_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_pages" (
	"slug" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL,
	"maintaining_group_id" integer,
	"review_due" date,
	"last_reviewed_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_representatives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "system_representatives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"system_slug" text NOT NULL,
	"organisation" text NOT NULL,
	"verified_by" integer,
	"verified_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "system_responses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "system_responses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"system_slug" text NOT NULL,
	"author_id" integer,
	"organisation" text NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "system_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"system_slug" text NOT NULL,
	"data" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"review_reason" text DEFAULT '' NOT NULL,
	"base_revision" integer NOT NULL,
	"created_by" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interop_reports" ADD CONSTRAINT "interop_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_pages" ADD CONSTRAINT "system_pages_maintaining_group_id_groups_id_fk" FOREIGN KEY ("maintaining_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_representatives" ADD CONSTRAINT "system_representatives_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_representatives" ADD CONSTRAINT "system_representatives_system_slug_system_pages_slug_fk" FOREIGN KEY ("system_slug") REFERENCES "public"."system_pages"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_representatives" ADD CONSTRAINT "system_representatives_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_responses" ADD CONSTRAINT "system_responses_system_slug_system_pages_slug_fk" FOREIGN KEY ("system_slug") REFERENCES "public"."system_pages"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_responses" ADD CONSTRAINT "system_responses_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_revisions" ADD CONSTRAINT "system_revisions_system_slug_system_pages_slug_fk" FOREIGN KEY ("system_slug") REFERENCES "public"."system_pages"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_revisions" ADD CONSTRAINT "system_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_revisions" ADD CONSTRAINT "system_revisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interop_reports_cell_idx" ON "interop_reports" USING btree ("protocol","from_system","to_system","tested_on");--> statement-breakpoint
CREATE UNIQUE INDEX "system_representatives_user_system_key" ON "system_representatives" USING btree ("user_id","system_slug");--> statement-breakpoint
CREATE INDEX "system_responses_slug_idx" ON "system_responses" USING btree ("system_slug","created_at");--> statement-breakpoint
CREATE INDEX "system_revisions_slug_idx" ON "system_revisions" USING btree ("system_slug","created_at");