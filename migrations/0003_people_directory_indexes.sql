CREATE INDEX "phone_a_friend_confirmed_idx" ON "phone_a_friend" USING btree ("confirmed_at" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "profiles_library_type_idx" ON "profiles" USING btree ("library_type");--> statement-breakpoint
CREATE INDEX "profiles_time_zone_idx" ON "profiles" USING btree ("time_zone");--> statement-breakpoint
CREATE INDEX "profiles_country_idx" ON "profiles" USING btree (lower("country"));--> statement-breakpoint
CREATE INDEX "profiles_region_idx" ON "profiles" USING btree (lower("region"));