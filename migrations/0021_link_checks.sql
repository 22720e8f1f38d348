CREATE TABLE "link_checks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "link_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"url" text NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"final_url" text NOT NULL,
	"redirects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"failing_since" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"archived_url" text,
	"archived_at" text
);
--> statement-breakpoint
CREATE TABLE "link_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "link_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"url" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_ref" text NOT NULL,
	"source_title" text NOT NULL,
	"source_href" text NOT NULL,
	"group_id" integer
);
--> statement-breakpoint
ALTER TABLE "link_sources" ADD CONSTRAINT "link_sources_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "link_checks_url_key" ON "link_checks" USING btree ("url");--> statement-breakpoint
CREATE INDEX "link_checks_status_idx" ON "link_checks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "link_sources_url_idx" ON "link_sources" USING btree ("url");--> statement-breakpoint
CREATE INDEX "link_sources_group_idx" ON "link_sources" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "link_sources_key" ON "link_sources" USING btree ("source_kind","source_ref","url");