CREATE TABLE "topic_stewardships" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "topic_stewardships_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"topic_slug" text NOT NULL,
	"group_id" integer NOT NULL,
	"requested_by" integer NOT NULL,
	"review_interval_months" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "stewardships" ADD COLUMN "via_topic" text;--> statement-breakpoint
ALTER TABLE "topic_stewardships" ADD CONSTRAINT "topic_stewardships_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_stewardships" ADD CONSTRAINT "topic_stewardships_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_stewardships" ADD CONSTRAINT "topic_stewardships_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "topic_stewardships_adopted_key" ON "topic_stewardships" USING btree ("topic_slug") WHERE status = 'approved';--> statement-breakpoint
CREATE UNIQUE INDEX "topic_stewardships_once_key" ON "topic_stewardships" USING btree ("topic_slug","group_id") WHERE status = 'pending';