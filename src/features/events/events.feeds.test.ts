import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { type FeedFetcher, feedUrlKey } from './events.feed-fetch';
import { FEED_MANAGE_LIMITS, othersFeeds, refreshFeedNow, stopFeed } from './events.feeds.usecases';
import {
  FEED_REFRESH_QUEUE,
  feedsOf,
  type ImportSettings,
  importedEvents,
  refreshFeed,
  subscribeFeed,
} from './events.import.usecases';
import { feedSource, keptFeedSource } from './events.models';

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

let feedCount = 0;
/** A member of a group who subscribed the hub to a feed for that group (not an editor); each its own calendar. */
async function ownedFeed(url = `https://calendar.example/committee-${++feedCount}.ics`) {
  const owner = await createUser(t.database);
  const group = await exampleGroup(t, owner, admin, {});
  const { feed } = await subscribeFeed({
    db: db(),
    actor: actorFor(owner),
    now: now(),
    url,
    settings: settings(group.id),
  });
  return { owner, group, feed };
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
    const source = keptFeedSource(feedUrlKey(feed.url));
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
    expect(after).not.toContain(feed.url);
    expect(await feedsOf(db(), owner.id)).toEqual([]);
  });
});

const icsOf = (...items: Array<{ uid: string; seq?: number; summary?: string }>) =>
  new TextEncoder().encode(
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n${items
      .map(
        (i) =>
          `BEGIN:VEVENT\r\nUID:${i.uid}\r\nSEQUENCE:${i.seq ?? 0}\r\nDTSTART:20270301T150000Z\r\nDTEND:20270301T160000Z\r\nSUMMARY:${i.summary ?? `Example ${i.uid}`}\r\nEND:VEVENT\r\n`,
      )
      .join('')}END:VCALENDAR\r\n`,
  );

async function eventsWithUids(...uids: string[]): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db().execute(
      sql`select count(*)::int as n from calendar_events where import_uid in (${sql.join(
        uids.map((u) => sql`${u}`),
        sql`, `,
      )})`,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

async function feedsAt(url: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db().execute(sql`select count(*)::int as n from calendar_feeds where url_key = ${feedUrlKey(url)}`),
  );
  return Number(rows[0]?.n ?? 0);
}

describe('one subscription per calendar', () => {
  it('knows one calendar however its address is written, but not another query', () => {
    const key = feedUrlKey('https://calendar.example/team/meetings.ics');
    for (const same of [
      'HTTPS://Calendar.EXAMPLE/team/meetings.ics',
      'https://calendar.example:443/team/meetings.ics',
      'https://calendar.example/team/meetings.ics/',
      'https://calendar.example/team/meetings.ics#today',
      ' https://calendar.example/team/meetings.ics ',
    ])
      expect(feedUrlKey(same)).toBe(key);
    expect(feedUrlKey('http://calendar.example:80/')).toBe('http://calendar.example');
    expect(feedUrlKey('https://calendar.example/team/meetings.ics?list=2')).not.toBe(key);
    // The path keeps its case: servers may tell paths apart by it.
    expect(feedUrlKey('https://calendar.example/Team/meetings.ics')).not.toBe(key);
  });

  it('refuses a second active subscription of the same calendar (400 on the address), without naming its subscriber', async () => {
    const url = 'https://calendar.example/shared/team.ics';
    const { owner, group } = await ownedFeed(url);
    const other = await createUser(t.database);
    const otherGroup = await exampleGroup(t, other, admin, {});
    const editor = await createUser(t.database, { role: 'editor' });
    const attempts: Array<[TestUser, number | null, string]> = [
      [other, otherGroup.id, 'https://CALENDAR.example/shared/team.ics/'],
      [editor, null, 'https://calendar.example:443/shared/team.ics#week'],
    ];
    for (const [who, groupId, written] of attempts) {
      const error = await subscribeFeed({
        db: db(),
        actor: actorFor(who),
        now: now(),
        url: written,
        settings: settings(groupId),
      }).catch((e: AppError) => e);
      expect(error).toMatchObject({ code: 'events.feed_already_subscribed', status: 400 });
      expect((error as AppError).message).toContain('already subscribed on the hub');
      expect((error as AppError).message).not.toContain(owner.displayName);
      expect(await feedsOf(db(), who.id)).toEqual([]);
    }
    // The one who subscribed it cannot subscribe it twice either.
    expect(
      await codeOf(() =>
        subscribeFeed({ db: db(), actor: actorFor(owner), now: now(), url: `${url}/`, settings: settings(group.id) }),
      ),
    ).toBe('events.feed_already_subscribed');
    expect(await feedsAt(url)).toBe(1);
  });
});

describe('subscribing a stopped calendar again', () => {
  it('takes over the events the stopped feed left: the refresh updates and cancels them, adding none', async () => {
    t.clock.advance(60 * 60_000);
    const { owner, feed } = await ownedFeed('https://calendar.example/again.ics');
    expect(
      await refreshFeed({
        db: db(),
        now: now(),
        feedId: feed.id,
        fetch: answering(icsOf({ uid: 'a@again' }, { uid: 'b@again' })),
      }),
    ).toMatchObject({ ok: true, report: { created: 2 } });
    expect(await stopFeed({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id })).toEqual({
      keptEvents: 2,
    });
    expect(await importedEvents(db(), feedSource(feed.id))).toEqual([]);
    expect(await importedEvents(db(), keptFeedSource(feedUrlKey(feed.url)))).toHaveLength(2);

    // The same calendar, written differently, for a group the member belongs to.
    const group = await exampleGroup(t, owner, admin, {});
    const { feed: again, adoptedEvents } = await subscribeFeed({
      db: db(),
      actor: actorFor(owner),
      now: now(),
      url: 'https://Calendar.Example/again.ics/',
      settings: settings(group.id),
    });
    expect(adoptedEvents).toBe(2);
    expect(
      await refreshFeed({
        db: db(),
        now: now(),
        feedId: again.id,
        fetch: answering(icsOf({ uid: 'a@again', seq: 1, summary: 'Example renamed' })),
      }),
    ).toMatchObject({ ok: true, report: { created: 0, updated: 1, cancelled: 1 } });
    // The kept event still in the feed now carries the new subscription's settings.
    expect(
      (await importedEvents(db(), feedSource(again.id))).map((e) => [e.title, e.status, e.organiserGroupId]),
    ).toEqual([
      ['Example renamed', 'scheduled', group.id],
      ['Example b@again', 'cancelled', expect.any(Number)],
    ]);
    expect(await importedEvents(db(), keptFeedSource(feedUrlKey(feed.url)))).toEqual([]);
    expect(await eventsWithUids('a@again', 'b@again')).toBe(2);
  });

  it('does not hand a group’s kept events to a member of another group; an editor takes them over', async () => {
    t.clock.advance(60 * 60_000);
    const url = 'https://calendar.example/guarded.ics';
    const { owner, feed } = await ownedFeed(url);
    await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: answering(icsOf({ uid: 'g@guarded' })) });
    await stopFeed({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id });

    const outsider = await createUser(t.database);
    const theirs = await exampleGroup(t, outsider, admin, {});
    const { feed: other, adoptedEvents } = await subscribeFeed({
      db: db(),
      actor: actorFor(outsider),
      now: now(),
      url,
      settings: settings(theirs.id),
    });
    expect(adoptedEvents).toBe(0);
    expect((await importedEvents(db(), keptFeedSource(feedUrlKey(url)))).map((e) => e.title)).toEqual([
      'Example g@guarded',
    ]);
    await stopFeed({ db: db(), actor: actorFor(outsider), now: now(), feedId: other.id });

    const editor = await createUser(t.database, { role: 'editor' });
    const { adoptedEvents: byEditor } = await subscribeFeed({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      url,
      settings: settings(null),
    });
    expect(byEditor).toBe(1);
  });

  it('stops a feed whose events an earlier stop already kept (made before one subscription per calendar)', async () => {
    t.clock.advance(60 * 60_000);
    const url = 'https://calendar.example/legacy.ics';
    const { owner, feed } = await ownedFeed(url);
    const file = answering(icsOf({ uid: 'x@legacy' }));
    await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: file });
    // A second subscription of the calendar from before the rule, written straight to the table.
    const legacy = rowsOf<{ id: number }>(
      await db().execute(
        sql`insert into calendar_feeds (owner_id, url, url_key, options, created_at) values (${owner.id}, ${url}, ${feedUrlKey(url)}, ${JSON.stringify(settings(null))}::jsonb, ${now().toISOString()}) returning id`,
      ),
    )[0]!.id;
    await refreshFeed({ db: db(), now: now(), feedId: legacy, fetch: file });
    expect(await stopFeed({ db: db(), actor: actorFor(owner), now: now(), feedId: feed.id })).toEqual({
      keptEvents: 1,
    });
    expect(await stopFeed({ db: db(), actor: actorFor(owner), now: now(), feedId: legacy })).toEqual({
      keptEvents: 1,
    });
    expect(await importedEvents(db(), keptFeedSource(feedUrlKey(url)))).toHaveLength(1);
    expect(await importedEvents(db(), feedSource(legacy))).toHaveLength(1);
  });
});
