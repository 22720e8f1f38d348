CREATE TABLE "workflow_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workflow_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"label" text NOT NULL,
	"checked" jsonb NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"context" jsonb NOT NULL,
	"sources" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"topics" jsonb NOT NULL,
	"related_article" text,
	"origin" text NOT NULL,
	"adopted_from" integer,
	"base_steps" jsonb,
	"owner_user_id" integer,
	"owner_group_id" integer,
	"visibility" text DEFAULT 'public' NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_adopted_from_workflows_id_fk" FOREIGN KEY ("adopted_from") REFERENCES "public"."workflows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_owner_group_id_groups_id_fk" FOREIGN KEY ("owner_group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_runs_user_idx" ON "workflow_runs" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workflows_slug_key" ON "workflows" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "workflows_adopted_from_idx" ON "workflows" USING btree ("adopted_from");--> statement-breakpoint
CREATE INDEX "workflows_owner_user_idx" ON "workflows" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "workflows_owner_group_idx" ON "workflows" USING btree ("owner_group_id");