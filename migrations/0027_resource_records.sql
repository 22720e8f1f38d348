CREATE TABLE "resource_record_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resource_record_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"yaml" text NOT NULL,
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
CREATE TABLE "resource_records" (
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"data" jsonb NOT NULL,
	"maintaining_group_id" integer,
	"review_due" date,
	"last_reviewed_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resource_records_kind_ref_pk" PRIMARY KEY("kind","ref")
);
--> statement-breakpoint
ALTER TABLE "resource_record_revisions" ADD CONSTRAINT "resource_record_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_record_revisions" ADD CONSTRAINT "resource_record_revisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_record_revisions" ADD CONSTRAINT "resource_record_revisions_record_fk" FOREIGN KEY ("kind","ref") REFERENCES "public"."resource_records"("kind","ref") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_records" ADD CONSTRAINT "resource_records_maintaining_group_id_groups_id_fk" FOREIGN KEY ("maintaining_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_record_revisions_record_idx" ON "resource_record_revisions" USING btree ("kind","ref","created_at");--> statement-breakpoint
CREATE INDEX "resource_record_revisions_author_idx" ON "resource_record_revisions" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "resource_records_review_idx" ON "resource_records" USING btree ("maintaining_group_id","review_due");