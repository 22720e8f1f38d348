ALTER TABLE "calendar_events" ADD COLUMN "all_day" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "event_occurrences" ADD COLUMN "day_zone" text;--> statement-breakpoint
-- Events imported before this column: their all-day VEVENTs (DATE values) became midnight to midnight in their zone.
UPDATE "calendar_events" SET "all_day" = true
WHERE "import_source" IS NOT NULL AND "ends_at" > "starts_at"
  AND ("starts_at" AT TIME ZONE "time_zone")::time = '00:00' AND ("ends_at" AT TIME ZONE "time_zone")::time = '00:00';--> statement-breakpoint
UPDATE "event_occurrences" SET "day_zone" = e."time_zone"
FROM "calendar_events" e WHERE e."id" = "event_occurrences"."event_id" AND e."all_day";
