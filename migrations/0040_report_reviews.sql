-- Report examples and report recipes get review dates kept like other content: when a review was last recorded
-- (review_due already existed). Listed on the content-health pages when overdue; the recipe sync never touches it.
ALTER TABLE "report_compositions" ADD COLUMN "last_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_recipes" ADD COLUMN "last_reviewed_at" timestamp with time zone;