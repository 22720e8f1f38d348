CREATE TABLE "report_datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_id" integer NOT NULL,
	"name" text NOT NULL,
	"preset" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"dropped_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_rows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"request_date" date NOT NULL,
	"received_date" date,
	"status" text NOT NULL,
	"request_type" text NOT NULL,
	"direction" text NOT NULL,
	"partner" text,
	"unfilled_reason" text,
	"cost" numeric(12, 2)
);
--> statement-breakpoint
ALTER TABLE "report_datasets" ADD CONSTRAINT "report_datasets_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_rows" ADD CONSTRAINT "report_rows_dataset_id_report_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."report_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_datasets_owner_idx" ON "report_datasets" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "report_rows_dataset_date_idx" ON "report_rows" USING btree ("dataset_id","request_date");