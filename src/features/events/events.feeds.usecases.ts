/**
 * A subscribed calendar feed, managed by the member who subscribed it (or an editor): refresh it now (the same job
 * the hourly schedule queues, deduplicated and rate limited), or stop it (the subscription goes; the events it
 * brought in stay on the hub as they are, no longer refreshed, until the same calendar is subscribed again).
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { hasRole } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import { enforce, type RateRule } from '../../platform/http/rate-limit';
import { enqueue } from '../../platform/jobs/queue';
import type { UseCaseContext } from '../../platform/usecase';
import { importErrors } from './events.import.errors';
import { FEED_REFRESH_QUEUE } from './events.import.usecases';
import { feedSource, keptFeedSource } from './events.models';
import { eventPolicies } from './events.policies';
import { calendarEvents, calendarFeeds } from './events.table';

export const FEED_MANAGE_LIMITS = {
  /** "Refresh now" asks per person and hour (each queues at most one fetch per feed and window). */
  refreshesPerHour: 10,
  /** One fetch per feed in each window of this many minutes, however often it is asked for. */
  refreshWindowMinutes: 10,
  /** Other members' feeds an editor sees on the import page. */
  othersListed: 200,
} as const;

const REFRESH_RULE: RateRule = {
  name: 'events:feed-refresh',
  limit: FEED_MANAGE_LIMITS.refreshesPerHour,
  windowSeconds: 60 * 60,
};

/** The feed, and the actor's right to manage it (404 before 403: no feed is confirmed to someone refused). */
async function manageable(
  ctx: UseCaseContext & { feedId: number },
): Promise<{ actor: Actor; url: string; urlKey: string }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  const rows = await db
    .select({
      id: calendarFeeds.id,
      ownerId: calendarFeeds.ownerId,
      url: calendarFeeds.url,
      urlKey: calendarFeeds.urlKey,
    })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.id, ctx.feedId))
    .limit(1);
  const feed = rows[0];
  if (!feed) throw importErrors.feedNotFound();
  if (!eventPolicies.manageFeed(actor, feed)) throw importErrors.mayNotManageFeed();
  return { actor, url: feed.url, urlKey: feed.urlKey };
}

/**
 * Queue the feed's refresh now. The job is the scheduled one (public addresses only, the owner's standing checked);
 * asking again within the same window queues nothing more.
 */
export async function refreshFeedNow(ctx: UseCaseContext & { feedId: number }): Promise<void> {
  const { db, now } = ctx;
  const { actor } = await manageable(ctx);
  await enforce(db, now, [[REFRESH_RULE, String(actor.id)]]);
  const windowMs = FEED_MANAGE_LIMITS.refreshWindowMinutes * 60_000;
  const window = Math.floor(now.getTime() / windowMs);
  await db.transaction(async (tx) => {
    await enqueue(
      tx,
      FEED_REFRESH_QUEUE,
      { feedId: ctx.feedId },
      { runAt: now, dedupeKey: `feed:${ctx.feedId}:now@${window}` },
    );
    await recordEvent(tx, {
      type: 'calendar.feed_refresh_requested',
      actorId: actor.id,
      subjectType: 'calendar_feed',
      subjectId: ctx.feedId,
    });
  });
}

/**
 * Stop the feed: the subscription goes; its events stay as they are (no longer refreshed), labelled with the
 * calendar's address so that a later subscription of it takes them over instead of importing them again.
 * Returns how many stay.
 */
export async function stopFeed(ctx: UseCaseContext & { feedId: number }): Promise<{ keptEvents: number }> {
  const { db } = ctx;
  const { actor, url, urlKey } = await manageable(ctx);
  const source = feedSource(ctx.feedId);
  const kept = keptFeedSource(urlKey);
  return db.transaction(async (tx) => {
    const counted = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(calendarEvents)
      .where(eq(calendarEvents.importSource, source));
    const keptEvents = Number(counted[0]?.n ?? 0);
    // A UID already kept for this address (two subscriptions of it made before only one was allowed) keeps its
    // feed label: (import_source, import_uid) is unique.
    await tx
      .update(calendarEvents)
      .set({ importSource: kept })
      .where(
        and(
          eq(calendarEvents.importSource, source),
          sql`not exists (select 1 from ${calendarEvents} as k where k.import_source = ${kept} and k.import_uid = ${calendarEvents.importUid})`,
        ),
      );
    await tx.delete(calendarFeeds).where(eq(calendarFeeds.id, ctx.feedId));
    await recordEvent(tx, {
      type: 'calendar.feed_stopped',
      actorId: actor.id,
      subjectType: 'calendar_feed',
      subjectId: ctx.feedId,
      data: { url, keptEvents },
    });
    return { keptEvents };
  });
}

export interface OthersFeed {
  id: number;
  url: string;
  ownerName: string;
  lastOkAt: Date | null;
  lastError: string | null;
  eventCount: number;
}

/** For editors: the feeds other members subscribed (oldest first, bounded); nobody else sees them. */
export async function othersFeeds(db: DbOrTx, actor: Actor): Promise<OthersFeed[]> {
  if (!hasRole(actor, 'editor')) return [];
  return db
    .select({
      id: calendarFeeds.id,
      url: calendarFeeds.url,
      ownerName: sql<string>`coalesce(${users.displayName}, 'Former member')`,
      lastOkAt: calendarFeeds.lastOkAt,
      lastError: calendarFeeds.lastError,
      eventCount: calendarFeeds.eventCount,
    })
    .from(calendarFeeds)
    .leftJoin(users, eq(users.id, calendarFeeds.ownerId))
    .where(ne(calendarFeeds.ownerId, actor.id))
    .orderBy(asc(calendarFeeds.id))
    .limit(FEED_MANAGE_LIMITS.othersListed);
}
