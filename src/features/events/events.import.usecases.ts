/**
 * iCalendar in: import a file (form, CLI) or subscribe to a feed refreshed by a job. Every entry point comes
 * through here, so the rules (who may import, suspension, rate limit, size and count limits) hold for all of them.
 * Events are written with the same repository writes, search indexing and audit records as hand-made events, in
 * one transaction per file: a refusal leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { assertMayAct } from '../../platform/auth/standing';
import { hasRole } from '../../platform/authz/policy';
import { renderMarkdown } from '../../platform/content/markdown';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvents } from '../../platform/events/record';
import type { EventType } from '../../platform/events/types';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import { enqueue } from '../../platform/jobs/queue';
import type { UseCaseContext } from '../../platform/usecase';
import { organiserRole } from './events.access';
import { type FeedFetcher, feedUrlKey, feedUrlProblem, fetchFeed } from './events.feed-fetch';
import { type ImportedEvent, parseIcs, type SkippedEvent } from './events.ical-in';
import { importErrors } from './events.import.errors';
import type { CalendarEvent, EventCost, EventFormat, EventKind } from './events.models';
import { feedSource, keptFeedSource, REVIEW_MONTHS } from './events.models';
import { eventPolicies } from './events.policies';
import { addMonths } from './events.recurrence';
import * as repo from './events.repository';
import { indexEvents } from './events.search';
import { calendarEvents, calendarFeeds } from './events.table';

/** What every imported event gets that iCalendar does not say. */
export interface ImportSettings {
  kind: EventKind;
  cost: EventCost;
  feeAmount: string;
  /** Used when an event gives neither a place nor an online address. */
  format: EventFormat;
  organiserGroupId: number | null;
  organiserName: string;
  organiserUrl: string;
  /** The zone of floating times and all-day events when the file names none. */
  defaultZone: string;
}

export interface ImportReport {
  calendarName: string;
  created: number;
  updated: number;
  unchanged: number;
  cancelled: number;
  skipped: SkippedEvent[];
  /** Events the file gave the hub (after expanding rules the hub cannot keep). */
  total: number;
  /** The hub's ids of the file's events (new, changed and unchanged), in the file's order. */
  ids: number[];
}

export const IMPORT_LIMITS = {
  /** Imports (files and subscriptions) a member may make per hour. */
  importsPerHour: 10,
  feedsPerMember: 20,
  /** A feed is fetched again after this long (the scheduler's period). */
  refreshMinutes: 60,
} as const;

const IMPORT_RULE = { name: 'events:import', limit: IMPORT_LIMITS.importsPerHour, windowSeconds: 60 * 60 };
export const FEED_REFRESH_QUEUE = 'events:feed-refresh';
export const FEEDS_SCHEDULE_QUEUE = 'events:feeds';

function formatOf(item: ImportedEvent, fallback: EventFormat): EventFormat {
  if (item.place && item.onlineUrl) return 'hybrid';
  if (item.onlineUrl) return 'virtual';
  if (item.place) return 'in_person';
  return fallback;
}

function columnsOf(item: ImportedEvent, settings: ImportSettings, source: string, now: Date) {
  return {
    title: item.title,
    description: item.description,
    // HTML in a description is sanitised exactly as Markdown is (the one renderer and sanitiser).
    descriptionHtml: item.description ? renderMarkdown(item.description) : null,
    kind: settings.kind,
    organiserGroupId: settings.organiserGroupId,
    organiserName: settings.organiserName,
    organiserUrl: settings.organiserUrl,
    format: formatOf(item, settings.format),
    place: item.place,
    onlineUrl: item.onlineUrl,
    startsAt: item.startsAt,
    endsAt: item.endsAt,
    timeZone: item.timeZone,
    allDay: item.allDay,
    rrule: item.rrule,
    repeatsUntil: item.repeatsUntil,
    exdates: item.exdates,
    cost: settings.cost,
    feeAmount: settings.cost === 'free' ? '' : settings.feeAmount,
    registrationUrl: item.registrationUrl,
    status: item.status,
    reviewDue: item.rrule ? addMonths(now, REVIEW_MONTHS).toISOString().slice(0, 10) : null,
    importSource: source,
    importUid: item.key,
    importSequence: item.sequence,
    importHash: `${item.hash}:${settingsHash(settings)}`,
    updatedAt: now,
  };
}

function settingsHash(s: ImportSettings): string {
  const what = [s.kind, s.cost, s.feeAmount, s.format, s.organiserGroupId, s.organiserName, s.organiserUrl];
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16);
}

/**
 * Write a parsed file's events for one source, in the caller's transaction: new UIDs are created, known ones
 * changed when the file's copy is newer (SEQUENCE) and different; with `cancelMissing` (feeds) events the source
 * no longer holds are cancelled.
 */
async function applyImport(
  tx: DbOrTx,
  options: {
    source: string;
    items: ImportedEvent[];
    settings: ImportSettings;
    actorId: number | null;
    now: Date;
    cancelMissing: boolean;
  },
): Promise<Omit<ImportReport, 'calendarName' | 'skipped' | 'total'>> {
  const { source, settings, now, actorId } = options;
  const existing = await tx
    .select({
      id: calendarEvents.id,
      uid: calendarEvents.importUid,
      sequence: calendarEvents.importSequence,
      hash: calendarEvents.importHash,
      status: calendarEvents.status,
    })
    .from(calendarEvents)
    .where(eq(calendarEvents.importSource, source))
    .for('update');
  const byUid = new Map(existing.map((e) => [e.uid, e]));
  const counts = { created: 0, updated: 0, unchanged: 0, cancelled: 0, ids: [] as number[] };
  const organiser = settings.organiserName || undefined;
  // Sorted first, then written in batches: new events in multi-row inserts, changed ones one update
  // each, then occurrences, search documents and audit records together — all in the caller's transaction.
  const fresh: Array<Parameters<typeof repo.insertEvents>[1][number]> = [];
  const changes: Array<Parameters<typeof repo.updateEvents>[1][number]> = [];
  // The file's order of ids: a known event's id, or the place of a new one among `fresh`.
  const order: Array<{ id: number } | { fresh: number }> = [];
  for (const item of options.items) {
    const values = columnsOf(item, settings, source, now);
    const known = byUid.get(item.key);
    if (!known) {
      order.push({ fresh: fresh.length });
      fresh.push({ ...values, createdBy: actorId, createdAt: now });
      continue;
    }
    byUid.delete(item.key);
    order.push({ id: known.id });
    // An older copy (lower SEQUENCE) never overwrites a newer one; an identical copy is not written again.
    if ((known.sequence ?? 0) > item.sequence || known.hash === values.importHash) {
      counts.unchanged++;
      continue;
    }
    changes.push({ id: known.id, values });
  }
  if (options.cancelMissing) {
    for (const gone of byUid.values()) {
      if (gone.status === 'cancelled') continue;
      changes.push({ id: gone.id, values: { status: 'cancelled', importHash: null, updatedAt: now } });
      counts.cancelled++;
    }
  }
  const created = await repo.insertEvents(tx, fresh);
  const changed = await repo.updateEvents(tx, changes);
  counts.created = created.length;
  counts.updated = changes.length - counts.cancelled;
  for (const o of order) counts.ids.push('id' in o ? o.id : created[o.fresh]!.id);
  await indexEvents(tx, [...created, ...changed], { organiser });
  const audit = (type: EventType, id: number) => ({
    type,
    actorId,
    subjectType: 'calendar_event',
    subjectId: id,
    data: { importSource: source },
  });
  await recordEvents(tx, [
    ...created.map((e) => audit('calendar.event_created', e.id)),
    ...changed.map((e) =>
      audit(e.status === 'cancelled' ? 'calendar.event_cancelled' : 'calendar.event_changed', e.id),
    ),
  ]);
  return counts;
}

function parseOrRefuse(bytes: Uint8Array, settings: ImportSettings, now: Date) {
  const parsed = parseIcs(bytes, { now, defaultZone: settings.defaultZone });
  if (!parsed.ok) throw importErrors.refused(parsed.line, parsed.reason);
  return parsed;
}

/** Who may import for the named organiser: editors, or members of that group. */
async function authoriseImport(ctx: UseCaseContext, settings: ImportSettings) {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  const role = await organiserRole(db, settings.organiserGroupId, actor, now);
  if (!eventPolicies.importCalendar(actor, role)) throw importErrors.mayNotImport();
  await enforce(db, now, [[IMPORT_RULE, String(actor.id)]]);
  return actor;
}

/**
 * Import an .ics file: all of it or nothing. `operator` is for the command line only (someone with the data
 * directory in hand): no member acts, the events are the operator's ("operator" source).
 */
export async function importCalendarFile(
  ctx: UseCaseContext & { bytes: Uint8Array; settings: ImportSettings; operator?: boolean },
): Promise<ImportReport> {
  const { db, now, settings } = ctx;
  const actor = ctx.operator && !ctx.actor ? null : await authoriseImport(ctx, settings);
  const parsed = parseOrRefuse(ctx.bytes, settings, now);
  const source = actor ? `user:${actor.id}` : 'operator';
  const counts = await db.transaction((tx) =>
    applyImport(tx, { source, items: parsed.events, settings, actorId: actor?.id ?? null, now, cancelMissing: false }),
  );
  return { calendarName: parsed.calendarName, skipped: parsed.skipped, total: parsed.events.length, ...counts };
}

export interface CalendarFeed {
  id: number;
  ownerId: number | null;
  url: string;
  settings: ImportSettings;
  lastFetchedAt: Date | null;
  lastOkAt: Date | null;
  lastError: string | null;
  eventCount: number;
}

function toFeed(row: typeof calendarFeeds.$inferSelect): CalendarFeed {
  return {
    id: row.id,
    ownerId: row.ownerId,
    url: row.url,
    settings: row.options as unknown as ImportSettings,
    lastFetchedAt: row.lastFetchedAt,
    lastOkAt: row.lastOkAt,
    lastError: row.lastError,
    eventCount: row.eventCount,
  };
}

/**
 * Subscribe the hub to a feed (same rules as importing a file); the first refresh is queued at once. One active
 * subscription per calendar (by its normalised address), whoever made it: a second would import every event twice.
 * Events a stopped subscription of the same address left behind are taken over when the new subscriber may manage
 * them (editors; the member who brought them in; the same organising group), so the first refresh updates them.
 */
export async function subscribeFeed(
  ctx: UseCaseContext & { url: string; settings: ImportSettings },
): Promise<{ feed: CalendarFeed; adoptedEvents: number }> {
  const { db, now, settings } = ctx;
  const actor = await authoriseImport(ctx, settings);
  const problem = feedUrlProblem(ctx.url);
  if (problem) throw importErrors.feedRefused(problem);
  const urlKey = feedUrlKey(ctx.url);
  return db.transaction(async (tx) => {
    // Two subscriptions of one calendar at once: the second waits here, then finds the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`calendar_feed:${urlKey}`}))`);
    const taken = await tx
      .select({ id: calendarFeeds.id })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.urlKey, urlKey))
      .limit(1);
    if (taken[0]) throw importErrors.feedAlreadySubscribed();
    const owned = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.ownerId, actor.id));
    if ((owned[0]?.n ?? 0) >= IMPORT_LIMITS.feedsPerMember)
      throw importErrors.tooManyFeeds(IMPORT_LIMITS.feedsPerMember);
    const rows = await tx
      .insert(calendarFeeds)
      .values({ ownerId: actor.id, url: ctx.url, urlKey, options: { ...settings }, createdAt: now })
      .returning();
    const feed = toFeed(rows[0]!);
    const editor: boolean = hasRole(actor, 'editor');
    const mayAdopt = editor
      ? undefined
      : or(
          eq(calendarEvents.createdBy, actor.id),
          settings.organiserGroupId !== null
            ? eq(calendarEvents.organiserGroupId, settings.organiserGroupId)
            : undefined,
        );
    const adopted = await tx
      .update(calendarEvents)
      .set({ importSource: feedSource(feed.id) })
      .where(and(eq(calendarEvents.importSource, keptFeedSource(urlKey)), mayAdopt))
      .returning({ id: calendarEvents.id });
    await enqueue(tx, FEED_REFRESH_QUEUE, { feedId: feed.id }, { runAt: now, dedupeKey: `feed:${feed.id}:first` });
    return { feed, adoptedEvents: adopted.length };
  });
}

/** The member's feeds, newest first, with each one's last error (shown only to its owner). */
export async function feedsOf(db: DbOrTx, ownerId: number): Promise<CalendarFeed[]> {
  const rows = await db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.ownerId, ownerId))
    .orderBy(asc(calendarFeeds.id));
  return rows.map(toFeed);
}

/**
 * Fetch a feed and import it (job, no actor: the feed's owner stands behind it, so a suspended owner's feed is not
 * refreshed). A feed that fails keeps its events; the error is kept for its owner to see. `fetch` is injected by
 * tests only (a fetcher allowed to reach a local server); the hub uses the public-only fetch.
 */
export async function refreshFeed(ctx: {
  db: Db;
  now: Date;
  feedId: number;
  fetch?: FeedFetcher;
}): Promise<{ ok: true; report: ImportReport } | { ok: false; error: string }> {
  const { db, now } = ctx;
  const rows = await db.select().from(calendarFeeds).where(eq(calendarFeeds.id, ctx.feedId));
  if (!rows[0]) return { ok: false, error: 'no such feed' };
  const feed = toFeed(rows[0]);
  const fail = async (error: string) => {
    await db
      .update(calendarFeeds)
      .set({ lastFetchedAt: now, lastError: error.slice(0, 500) })
      .where(eq(calendarFeeds.id, feed.id));
    return { ok: false as const, error };
  };
  if (feed.ownerId === null) return fail('the feed has no owner');
  try {
    await assertMayAct(db, { id: feed.ownerId }, now);
  } catch {
    return fail('paused while its owner’s account is suspended');
  }
  const fetched = await (ctx.fetch ?? ((url: string) => fetchFeed(url)))(feed.url);
  if (!fetched.ok) return fail(fetched.reason);
  const parsed = parseIcs(fetched.bytes, { now, defaultZone: feed.settings.defaultZone });
  if (!parsed.ok) return fail(`${parsed.line !== null ? `line ${parsed.line}: ` : ''}${parsed.reason}`);
  const counts = await db.transaction(async (tx) => {
    const counts = await applyImport(tx, {
      source: feedSource(feed.id),
      items: parsed.events,
      settings: feed.settings,
      actorId: feed.ownerId,
      now,
      cancelMissing: true,
    });
    await tx
      .update(calendarFeeds)
      .set({ lastFetchedAt: now, lastOkAt: now, lastError: null, eventCount: parsed.events.length })
      .where(eq(calendarFeeds.id, feed.id));
    return counts;
  });
  return {
    ok: true,
    report: { calendarName: parsed.calendarName, skipped: parsed.skipped, total: parsed.events.length, ...counts },
  };
}

/** The scheduled job: queue a refresh of every feed not fetched within the period (one job per feed). */
export async function queueDueFeeds(ctx: { db: Db; now: Date }): Promise<number> {
  const due = new Date(ctx.now.getTime() - (IMPORT_LIMITS.refreshMinutes - 5) * 60_000);
  const rows = await ctx.db
    .select({ id: calendarFeeds.id })
    .from(calendarFeeds)
    .where(or(isNull(calendarFeeds.lastFetchedAt), lt(calendarFeeds.lastFetchedAt, due)));
  for (const r of rows)
    await enqueue(
      ctx.db,
      FEED_REFRESH_QUEUE,
      { feedId: r.id },
      { runAt: ctx.now, dedupeKey: `feed:${r.id}@${ctx.now.toISOString().slice(0, 13)}` },
    );
  return rows.length;
}

/** Events imported from a source (for tests and the import page's report). */
export async function importedEvents(db: DbOrTx, source: string): Promise<CalendarEvent[]> {
  const rows = await db
    .select({ id: calendarEvents.id })
    .from(calendarEvents)
    .where(and(eq(calendarEvents.importSource, source)))
    .orderBy(asc(calendarEvents.startsAt), asc(calendarEvents.id));
  const events = await Promise.all(rows.map((r) => repo.findEvent(db, r.id)));
  return events.filter((e): e is CalendarEvent => e !== undefined);
}
