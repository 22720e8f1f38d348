CREATE TABLE "stewardship_claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stewardship_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"article_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"requested_by" integer NOT NULL,
	"review_interval_months" integer NOT NULL,
	"last_reviewed_on" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "stewardship_claims" ADD CONSTRAINT "stewardship_claims_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stewardship_claims" ADD CONSTRAINT "stewardship_claims_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stewardship_claims" ADD CONSTRAINT "stewardship_claims_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stewardship_claims" ADD CONSTRAINT "stewardship_claims_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stewardship_claims_open_idx" ON "stewardship_claims" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "stewardship_claims_once_key" ON "stewardship_claims" USING btree ("article_id","group_id") WHERE status = 'pending';