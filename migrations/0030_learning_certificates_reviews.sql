CREATE TABLE "learning_certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"course_slug" text NOT NULL,
	"course_title" text NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	CONSTRAINT "learning_certificates_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "learning_review_cards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_review_cards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"source" text NOT NULL,
	"front" text NOT NULL,
	"back" text NOT NULL,
	"schedule" jsonb NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning_certificates" ADD CONSTRAINT "learning_certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_review_cards" ADD CONSTRAINT "learning_review_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "learning_certificates_user_course_key" ON "learning_certificates" USING btree ("user_id","course_slug");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_review_cards_user_source_key" ON "learning_review_cards" USING btree ("user_id","source");--> statement-breakpoint
CREATE INDEX "learning_review_cards_user_due_idx" ON "learning_review_cards" USING btree ("user_id","due");