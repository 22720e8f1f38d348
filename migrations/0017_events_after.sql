CREATE TABLE "calendar_files" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"title" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_transcripts" (
	"link_id" bigint PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"vtt" text,
	"text" text NOT NULL,
	"added_by" integer,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_sessions" ADD COLUMN "thread_id" integer;--> statement-breakpoint
ALTER TABLE "calendar_files" ADD CONSTRAINT "calendar_files_event_id_calendar_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."calendar_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_files" ADD CONSTRAINT "calendar_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_transcripts" ADD CONSTRAINT "calendar_transcripts_link_id_calendar_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."calendar_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_transcripts" ADD CONSTRAINT "calendar_transcripts_event_id_calendar_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."calendar_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_transcripts" ADD CONSTRAINT "calendar_transcripts_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_files_event_idx" ON "calendar_files" USING btree ("event_id");