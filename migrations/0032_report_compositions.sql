CREATE TABLE "report_compositions" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"owner_id" integer NOT NULL,
	"title" text NOT NULL,
	"measures" jsonb NOT NULL,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"commentary" text DEFAULT '' NOT NULL,
	"body_html" text,
	"render_version" integer DEFAULT 0 NOT NULL,
	"sharing" text DEFAULT 'private' NOT NULL,
	"link_token" text,
	"purpose" text,
	"audience" text,
	"reception" text,
	"published_at" timestamp with time zone,
	"maintaining_group_id" integer,
	"review_due" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_datasets" ADD COLUMN "group_id" integer;--> statement-breakpoint
ALTER TABLE "report_compositions" ADD CONSTRAINT "report_compositions_dataset_id_report_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."report_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_compositions" ADD CONSTRAINT "report_compositions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_compositions" ADD CONSTRAINT "report_compositions_maintaining_group_id_groups_id_fk" FOREIGN KEY ("maintaining_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_compositions_owner_idx" ON "report_compositions" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "report_compositions_dataset_idx" ON "report_compositions" USING btree ("dataset_id");--> statement-breakpoint
CREATE INDEX "report_compositions_sharing_idx" ON "report_compositions" USING btree ("sharing","published_at");--> statement-breakpoint
CREATE INDEX "report_compositions_render_version_idx" ON "report_compositions" USING btree ("render_version");--> statement-breakpoint
CREATE UNIQUE INDEX "report_compositions_link_token_idx" ON "report_compositions" USING btree ("link_token");--> statement-breakpoint
ALTER TABLE "report_datasets" ADD CONSTRAINT "report_datasets_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_datasets_group_idx" ON "report_datasets" USING btree ("group_id");