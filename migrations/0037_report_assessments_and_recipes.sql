CREATE TABLE "report_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_id" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_recipes" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"audience" text NOT NULL,
	"steps" jsonb NOT NULL,
	"body" text NOT NULL,
	"body_html" text,
	"render_version" integer DEFAULT 0 NOT NULL,
	"maintaining_group_id" integer,
	"review_due" date NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_assessments" ADD CONSTRAINT "report_assessments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_recipes" ADD CONSTRAINT "report_recipes_maintaining_group_id_groups_id_fk" FOREIGN KEY ("maintaining_group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_assessments_owner_idx" ON "report_assessments" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "report_recipes_slug_idx" ON "report_recipes" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "report_recipes_render_version_idx" ON "report_recipes" USING btree ("render_version");