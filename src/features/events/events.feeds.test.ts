import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import type { FeedFetcher } from './events.feed-fetch';
import { FEED_MANAGE_LIMITS, othersFeeds, refreshFeedNow, stopFeed } from './events.feeds.usecases';
import {
  FEED_REFRESH_QUEUE,
  feedsOf,
  type ImportSettings,
  importedEvents,
  refreshFeed,
  subscribeFeed,
} from './events.import.usecases';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

const settings = (organiserGroupId: number | null): ImportSettings => ({
  kind: 'workshop',
  cost: 'free',
  feeAmount: '',
  format: 'virtual',
  organiserGroupId,
  organiserName: organiserGroupId === null ? 'Example Consortium' : '',
  organiserUrl: '',
  defaultZone: 'UTC',
});

const ics = (uid: string) =>
  new TextEncoder().encode(
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20270301T150000Z\r\nDTEND:20270301T160000Z\r\nSUMMARY:Example ${uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
  );
/** Tests only: the feed's answer without any network. */
const answering =
  (bytes: Uint8Array): FeedFetcher =>
  async (url) => ({ ok: true, bytes, finalUrl: url });

/** A member of a group who subscribed the hub to a feed for that group (not an editor). */
async function ownedFeed() {
  const owner = await createUser(t.database);
  const group = await exampleGroup(t, owner, admin, {});
  const { feed } = await subscribeFeed({
    db: db(),
    actor: actorFor(owner),
    now: now(),
    url: 'https://calendar.example/committee.ics',
    settings: settings(group.id),
  });
  return { owner, feed };
}

async function refreshJobs(feedId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db().execute(
      sql`select count(*)::int as n from jobs where queue = ${FEED_REFRESH_QUEUE} and payload->>'feedId' = ${String(feedId)} and dedupe_key like ${`feed:${feedId}:now@%`}`,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

describe('refreshing a feed now', () => {
  it('lets its owner queue the refresh job once per window, however often asked', async () => {
    const { owner, feed } = await ownedFeed();
    const refresh = () => refreshFeedNow({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id });
    expect(await codeOf(refresh)).toBe('accepted');
    expect(await codeOf(refresh)).toBe('accepted');
    expect(await refreshJobs(feed.id)).toBe(1);
    t.clock.advance(FEED_MANAGE_LIMITS.refreshWindowMinutes * 60_000);
    expect(await codeOf(refresh)).toBe('accepted');
    expect(await refreshJobs(feed.id)).toBe(2);
  });

  it('refuses another member (403) and queues nothing; an editor may', async () => {
    const { feed } = await ownedFeed();
    const stranger = await createUser(t.database);
    const editor = await createUser(t.database, { role: 'editor' });
    const as = (who: TestUser) => () => refreshFeedNow({ db: db(), actor: actorFor(who), now: now(), feedId: feed.id });
    expect(await as(stranger)().catch((e: AppError) => e)).toMatchObject({
      code: 'events.may_not_manage_feed',
      status: 403,
    });
    expect(await refreshJobs(feed.id)).toBe(0);
    expect(await codeOf(as(editor))).toBe('accepted');
    expect(await refreshJobs(feed.id)).toBe(1);
    expect(await codeOf(() => refreshFeedNow({ db: db(), actor: null, now: now(), feedId: feed.id }))).toBe(
      'auth.sign_in_required',
    );
  });

  it('cannot be hammered: a member’s asks per hour are limited', async () => {
    t.clock.advance(60 * 60_000);
    const { owner, feed } = await ownedFeed();
    const codes: string[] = [];
    for (let i = 0; i <= FEED_MANAGE_LIMITS.refreshesPerHour; i++)
      codes.push(await codeOf(() => refreshFeedNow({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id })));
    expect(codes.at(-1)).toBe('http.rate_limited');
    expect(codes.filter((c) => c === 'accepted')).toHaveLength(FEED_MANAGE_LIMITS.refreshesPerHour);
  });
});

describe('stopping a feed', () => {
  it('refuses another member; its owner stops it and its events stay, no longer refreshed', async () => {
    const { owner, feed } = await ownedFeed();
    const source = `feed:${feed.id}`;
    expect(
      await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: answering(ics('kept@feed')) }),
    ).toMatchObject({ ok: true, report: { created: 1 } });
    const stranger = await createUser(t.database);
    expect(await codeOf(() => stopFeed({ db: db(), actor: actorFor(stranger), now: now(), feedId: feed.id }))).toBe(
      'events.may_not_manage_feed',
    );
    expect((await feedsOf(db(), owner.id)).map((f) => f.id)).toEqual([feed.id]);

    expect(await stopFeed({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id })).toEqual({
      keptEvents: 1,
    });
    expect(await feedsOf(db(), owner.id)).toEqual([]);
    const kept = await importedEvents(db(), source);
    expect(kept.map((e) => [e.title, e.status])).toEqual([['Example kept@feed', 'scheduled']]);
    // A refresh already queued finds no feed and changes nothing; asking again is "not found".
    expect(await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: answering(ics('other@feed')) })).toEqual({
      ok: false,
      error: 'no such feed',
    });
    expect((await importedEvents(db(), source)).map((e) => e.status)).toEqual(['scheduled']);
    expect(await codeOf(() => refreshFeedNow({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id }))).toBe(
      'events.feed_not_found',
    );
  });

  it('lets an editor see and stop other members’ feeds; members see only their own', async () => {
    const { owner, feed } = await ownedFeed();
    const editor = await createUser(t.database, { role: 'editor' });
    expect((await othersFeeds(db(), actorFor(editor))).map((f) => f.id)).toContain(feed.id);
    expect(await othersFeeds(db(), actorFor(owner))).toEqual([]);
    expect(await codeOf(() => stopFeed({ db: db(), actor: actorFor(editor), now: now(), feedId: feed.id }))).toBe(
      'accepted',
    );
    expect(await feedsOf(db(), owner.id)).toEqual([]);
  });
});

describe('the feed buttons on /events/import', () => {
  it('refresh and stop for the owner (303 with a notice that the events stay); 403 for others; CSRF checked', async () => {
    t.clock.advance(60 * 60_000);
    const { owner, feed } = await ownedFeed();
    const client = await clientFor(t, owner);
    const page = await (await client.get('/events/import')).text();
    expect(page).toContain('Refresh this feed now');
    expect(page).toContain('Stop this feed');
    expect(page).toContain('The events it brought in stay on the hub as they are, but are no');

    const forged = await client.post(`/events/import/feeds/${feed.id}/stop`, {}, { csrf: false });
    expect(forged.status).toBe(403);
    expect(errorCode(await forged.text())).toBe('http.csrf_failed');
    expect(await feedsOf(db(), owner.id)).toHaveLength(1);

    const stranger = await clientFor(t, await createUser(t.database));
    const refused = await stranger.post(`/events/import/feeds/${feed.id}/refresh`, {}, { from: '/events/import' });
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.text())).toBe('events.may_not_manage_feed');
    const refusedStop = await stranger.post(`/events/import/feeds/${feed.id}/stop`, {}, { from: '/events/import' });
    expect(refusedStop.status).toBe(403);

    const refreshed = await client.post(`/events/import/feeds/${feed.id}/refresh`, {}, { from: '/events/import' });
    expect(refreshed.status).toBe(303);
    expect(await refreshJobs(feed.id)).toBe(1);
    expect(await (await client.get(refreshed.headers.get('location')!)).text()).toContain('Refresh queued');

    const stopped = await client.post(`/events/import/feeds/${feed.id}/stop`, {}, { from: '/events/import' });
    expect(stopped.status).toBe(303);
    const after = await (await client.get(stopped.headers.get('location')!)).text();
    expect(after).toContain('Feed stopped. The events it brought in stay on the hub');
    expect(after).not.toContain('calendar.example/committee.ics');
    expect(await feedsOf(db(), owner.id)).toEqual([]);
  });
});
