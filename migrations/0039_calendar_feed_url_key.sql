-- One active subscription per calendar address (and a stopped feed's events adopted by the next subscription of the
-- same address): calendar_feeds gets its address normalised as feedUrlKey() does (scheme and host lower-case, default
-- port, trailing slash and fragment dropped). Existing rows are filled by an SQL equivalent of it.
ALTER TABLE "calendar_feeds" ADD COLUMN "url_key" text;--> statement-breakpoint
UPDATE "calendar_feeds" AS f SET "url_key" = k.key FROM (
  SELECT id, lower(m[1]) || '://' ||
    CASE lower(m[1])
      WHEN 'http' THEN regexp_replace(lower(m[2]), ':80$', '')
      WHEN 'https' THEN regexp_replace(lower(m[2]), ':443$', '')
      ELSE lower(m[2])
    END || regexp_replace(coalesce(m[3], ''), '/+$', '') || coalesce(nullif(m[4], '?'), '') AS key
  FROM (
    SELECT id, regexp_match(regexp_replace(btrim(url), '#.*$', ''), '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?]*)([^?]*)([?].*)?$') AS m
    FROM "calendar_feeds"
  ) AS s
) AS k WHERE f.id = k.id;--> statement-breakpoint
UPDATE "calendar_feeds" SET "url_key" = "url" WHERE "url_key" IS NULL;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ALTER COLUMN "url_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "calendar_feeds_url_key_idx" ON "calendar_feeds" USING btree ("url_key");
