import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { exampleGroup } from '../../../test/helpers/groups';
import { type Db, rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { search } from '../../platform/search/search';
import ICAL from 'ical.js';
import { fetchFeed } from './events.feed-fetch';
import { buildCalendar } from './events.ics';
import {
  feedsOf,
  type ImportSettings,
  importCalendarFile,
  importedEvents,
  refreshFeed,
  subscribeFeed,
} from './events.import.usecases';
import { EVENT_SEARCH_KIND } from './events.search';

const DIR = path.resolve(import.meta.dirname, '../../../test/fixtures/ics');

let t: TestApp;
let admin: TestUser;
let editor: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createUser(t.database, { role: 'admin' });
  editor = await createUser(t.database, { role: 'editor' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

function settings(over: Partial<ImportSettings> = {}): ImportSettings {
  return {
    kind: 'workshop',
    cost: 'free',
    feeAmount: '',
    format: 'virtual',
    organiserGroupId: null,
    organiserName: 'Example Consortium',
    organiserUrl: '',
    defaultZone: 'UTC',
    ...over,
  };
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

const calendar = (events: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n${events}END:VCALENDAR\r\n`;
const vevent = (uid: string, over: { seq?: number; summary?: string; extra?: string } = {}) =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nSEQUENCE:${over.seq ?? 0}\r\nDTSTART:20270301T150000Z\r\nDTEND:20270301T160000Z\r\nSUMMARY:${over.summary ?? `Example ${uid}`}\r\n${over.extra ?? ''}END:VEVENT\r\n`;
const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * The database as the use case sees it, counting the statements it starts (select, insert, update, delete,
 * execute) inside and outside transactions; `before` may throw to fail one part-way.
 */
function countingDb(inner: Db, before?: (method: string, args: unknown[]) => void) {
  let count = 0;
  const STATEMENTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute']);
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value = Reflect.get(obj, key, receiver);
        if (typeof value !== 'function') return value;
        if (key === 'transaction')
          return (run: (tx: object) => Promise<unknown>, ...rest: unknown[]) =>
            value.call(obj, (tx: object) => run(wrap(tx)), ...rest);
        if (typeof key === 'string' && STATEMENTS.has(key))
          return (...args: unknown[]) => {
            before?.(key, args);
            count++;
            return value.apply(obj, args);
          };
        return value.bind(obj);
      },
    });
  return { db: wrap(inner), statements: () => count };
}

async function countEvents(): Promise<number> {
  return rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from calendar_events`))[0]!.n;
}

describe('importing files', () => {
  // The three sample files whose daily rules expand to 400+ events each are parsed in events.ical-in.test.ts; the
  // writes are the same for every event, so they are left out here to keep the test quick.
  const LARGE = new Set(['daily_recur.ics', 'day_long_recur_yearly.ics', 'parserv2.ics']);

  it('imports every valid file of the corpus, and a second import duplicates nothing', async () => {
    const valid = fs.readdirSync(DIR).filter((f) => f.endsWith('.ics') && !LARGE.has(f));
    for (const file of valid) {
      const run = () =>
        importCalendarFile({
          db: db(),
          actor: null,
          operator: true,
          now: now(),
          bytes: fs.readFileSync(path.join(DIR, file)),
          settings: settings(),
        });
      const first = await run();
      // Some sample files share UIDs (the same Google event exported twice): those are updates, not duplicates.
      expect({ file, written: first.created + first.updated + first.unchanged }).toEqual({
        file,
        written: first.total,
      });
      const again = await run();
      expect({ file, again: [again.created, again.updated, again.unchanged] }).toEqual({
        file,
        again: [0, 0, first.total],
      });
    }
  });

  it('refuses every broken file whole: nothing written, the line and the reason said', async () => {
    for (const file of fs.readdirSync(path.join(DIR, 'broken'))) {
      const editor = await createUser(t.database, { role: 'editor' });
      const before = await countEvents();
      let message = '';
      try {
        await importCalendarFile({
          db: db(),
          actor: actorFor(editor),
          now: now(),
          bytes: fs.readFileSync(path.join(DIR, 'broken', file)),
          settings: settings(),
        });
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('events.import_refused');
        message = (error as AppError).message;
      }
      expect({ file, refused: /refused whole.*line \d+/.test(message) }).toEqual({ file, refused: true });
      expect(await countEvents()).toBe(before);
    }
  });

  it('refuses a file whose last event ends before it starts after its first events were fine (one transaction)', async () => {
    const before = await countEvents();
    const text = calendar(
      vevent('ok-1') +
        vevent('ok-2') +
        vevent('bad', { extra: 'X-NOTE:x\r\n' }).replace('DTEND:20270301T160000Z', 'DTEND:20270301T140000Z'),
    );
    expect(
      await codeOf(() =>
        importCalendarFile({ db: db(), actor: actorFor(editor), now: now(), bytes: bytes(text), settings: settings() }),
      ),
    ).toBe('events.import_refused');
    expect(await countEvents()).toBe(before);
  });

  it('writes a file of many events in a few statements, whatever their number, with every row in place', async () => {
    const importer = await createUser(t.database, { role: 'editor' });
    const n = 120;
    const weekly = 'RRULE:FREQ=WEEKLY;COUNT=4\r\n';
    const text = calendar(
      Array.from({ length: n }, (_, i) => vevent(`many-${i}@example`, { extra: i % 5 === 0 ? weekly : '' })).join(''),
    );
    const counted = countingDb(db());
    const report = await importCalendarFile({
      db: counted.db,
      actor: actorFor(importer),
      now: now(),
      bytes: bytes(text),
      settings: settings(),
    });
    expect(report).toMatchObject({ created: n, updated: 0, unchanged: 0 });
    // One statement per event per table would be 6+ per event; batched, the count does not grow with the file.
    expect(counted.statements()).toBeLessThan(40);
    const source = `user:${importer.id}`;
    const ids = (await importedEvents(db(), source)).map((e) => e.id);
    expect(report.ids).toEqual(ids);
    const [row] = rowsOf<{ occurrences: number; documents: number; audits: number }>(
      await db().execute(sql`
        select (select count(*)::int from event_occurrences where event_id = any(${`{${ids.join(',')}}`}::int[])) as occurrences,
          (select count(*)::int from search_documents where kind = ${EVENT_SEARCH_KIND}
            and ref_id = any(${`{${ids.join(',')}}`}::text[])) as documents,
          (select count(*)::int from events where type = 'calendar.event_created' and subject_type = 'calendar_event'
            and subject_id = any(${`{${ids.join(',')}}`}::text[])) as audits`),
    );
    // 24 weekly events × 4 occurrences + 96 one-off events.
    expect(row).toEqual({ occurrences: 24 * 4 + 96, documents: n, audits: n });
    // Again, unchanged: nothing written; one more event changed: one update.
    const again = await importCalendarFile({
      db: db(),
      actor: actorFor(importer),
      now: now(),
      bytes: bytes(
        text
          .replace('SUMMARY:Example many-7@example', 'SUMMARY:Example renamed seven')
          .replace('UID:many-7@example\r\nSEQUENCE:0', 'UID:many-7@example\r\nSEQUENCE:1'),
      ),
      settings: settings(),
    });
    expect(again).toMatchObject({ created: 0, updated: 1, unchanged: n - 1 });
    expect(again.ids).toEqual(ids);
  });

  it('leaves nothing behind when a write fails part-way through a batch (one transaction)', async () => {
    const importer = await createUser(t.database, { role: 'editor' });
    const before = await countEvents();
    const text = calendar(Array.from({ length: 30 }, (_, i) => vevent(`fail-${i}@example`)).join(''));
    // The audit records are written last: fail there, after the events, occurrences and search documents.
    const failing = countingDb(db(), (method, args) => {
      if (method === 'insert' && getTableName(args[0] as Parameters<typeof getTableName>[0]) === 'events')
        throw new Error('example failure');
    });
    await expect(
      importCalendarFile({
        db: failing.db,
        actor: actorFor(importer),
        now: now(),
        bytes: bytes(text),
        settings: settings(),
      }),
    ).rejects.toThrow('example failure');
    expect(await countEvents()).toBe(before);
    const [row] = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from search_documents where title like 'Example fail-%'`),
    );
    expect(row!.n).toBe(0);
  });

  it('updates an event on re-import with a higher SEQUENCE, keeps a newer copy over an older one', async () => {
    const importer = await createUser(t.database, { role: 'editor' });
    const run = (text: string) =>
      importCalendarFile({ db: db(), actor: actorFor(importer), now: now(), bytes: bytes(text), settings: settings() });
    await run(calendar(vevent('seq@example', { seq: 1, summary: 'Example first title' })));
    const [first] = await importedEvents(db(), `user:${importer.id}`);
    const changed = await run(calendar(vevent('seq@example', { seq: 2, summary: 'Example second title' })));
    expect(changed).toMatchObject({ created: 0, updated: 1 });
    const older = await run(calendar(vevent('seq@example', { seq: 1, summary: 'Example stale title' })));
    expect(older).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const events = await importedEvents(db(), `user:${importer.id}`);
    expect(events.map((e) => [e.id, e.title])).toEqual([[first!.id, 'Example second title']]);
    expect(events[0]!.sequence).toBeGreaterThan(first!.sequence);
  });

  it('sanitises HTML in descriptions as Markdown is, and indexes imported events for search', async () => {
    const importer = await createUser(t.database, { role: 'editor' });
    await importCalendarFile({
      db: db(),
      actor: actorFor(importer),
      now: now(),
      bytes: fs.readFileSync(path.join(DIR, 'outlook-example.ics')),
      settings: settings(),
    });
    const [series] = await importedEvents(db(), `user:${importer.id}`);
    expect(series!.descriptionHtml).toContain('Bring questions');
    expect(series!.descriptionHtml).not.toMatch(/<script|alert\(1\)|javascript:|&lt;/i);
    expect(series!.exdates).toEqual(['2027-01-20T15:00:00.000Z', '2027-01-27T15:00:00.000Z']);
    // Written back out (/events.ics), the skipped occurrences stay skipped for calendars that subscribe.
    const out = new ICAL.Component(
      ICAL.parse(
        buildCalendar({ name: 'x', entries: [{ event: series! }], baseUrl: 'https://hub.example', now: now() }),
      ),
    );
    const it = new ICAL.Event(out.getFirstSubcomponent('vevent')!).iterator();
    const dates: string[] = [];
    for (let next = it.next(); next && dates.length < 10; next = it.next()) dates.push(next.toString().slice(0, 10));
    expect(dates).toEqual(['2027-01-06', '2027-01-13', '2027-02-03', '2027-02-10']);
    const result = await search(db(), { q: 'borrowing basics', kind: EVENT_SEARCH_KIND });
    expect(result.hits.map((h) => h.url)).toContain(`/events/${series!.id}`);
  });
});

describe('who may import', () => {
  it('lets editors and members of the organising group import; refuses other members', async () => {
    const member = await createUser(t.database);
    const outsider = await createUser(t.database);
    const group = await exampleGroup(t, member, admin, { members: [[member, 'member']] });
    const file = bytes(calendar(vevent(`who-${member.id}`)));
    const as = (u: TestUser, s: ImportSettings) => () =>
      importCalendarFile({ db: db(), actor: actorFor(u), now: now(), bytes: file, settings: s });
    expect(await codeOf(as(outsider, settings()))).toBe('events.may_not_import');
    expect(await codeOf(as(outsider, settings({ organiserGroupId: group.id })))).toBe('events.may_not_import');
    expect(await codeOf(as(member, settings()))).toBe('events.may_not_import');
    expect(await codeOf(as(member, settings({ organiserGroupId: group.id })))).toBe('accepted');
    expect(
      await codeOf(() =>
        subscribeFeed({
          db: db(),
          actor: actorFor(outsider),
          now: now(),
          url: 'https://calendar.example/feed.ics',
          settings: settings(),
        }),
      ),
    ).toBe('events.may_not_import');
  });
});

describe('feeds', () => {
  let server: http.Server;
  let body = '';
  let hits = 0;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      if (req.url === '/big') {
        // Streamed without a length: the cap is applied while reading.
        res.writeHead(200, { 'Content-Type': 'text/calendar' });
        for (let i = 0; i < 3; i++) res.write(Buffer.alloc(1024 * 1024, 0x41));
        return res.end();
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' });
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // Tests only: a fetcher allowed to reach the local server (loopback). The hub's job never passes one.
  const local = (url: string) => fetchFeed(url, { allowLoopbackForTests: true });

  it('refuses literal private addresses when subscribing, and the refresher never requests loopback', async () => {
    const editor = await createUser(t.database, { role: 'editor' });
    for (const url of [
      'http://127.0.0.1/feed.ics',
      'http://[::1]/x.ics',
      'http://169.254.169.254/',
      'http://10.0.0.1/',
    ])
      expect(
        await codeOf(() => subscribeFeed({ db: db(), actor: actorFor(editor), now: now(), url, settings: settings() })),
      ).toBe('events.feed_refused');
    // A name that resolves to loopback is accepted as an address but never fetched: the job's error says why.
    body = calendar(vevent('never'));
    const before = hits;
    const { feed } = await subscribeFeed({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      url: `${base}/feed.ics`,
      settings: settings(),
    });
    await t.drainJobs();
    expect(hits).toBe(before);
    const [row] = (await feedsOf(db(), editor.id)).filter((f) => f.id === feed.id);
    expect(row!.lastError).toContain('loopback, private or reserved');
    expect(await importedEvents(db(), `feed:${feed.id}`)).toEqual([]);
  });

  it('refuses a redirect to a private address, checked again at every hop', async () => {
    // The test fetcher may reach the local server (loopback) only; the link-local target is refused.
    const result = await fetchFeed(`${base}/redirect`, { allowLoopbackForTests: true });
    expect(result).toEqual({
      ok: false,
      reason: 'redirected to a refused address: the hub does not fetch from loopback, private or reserved addresses',
    });
  });

  it('stops reading a feed over 2 MB', async () => {
    expect(await fetchFeed(`${base}/big`, { allowLoopbackForTests: true })).toEqual({
      ok: false,
      reason: 'the feed is larger than the limit (2 MB)',
    });
  });

  it('imports, updates, cancels what the feed dropped, and keeps its events when a refresh fails', async () => {
    const owner = await createUser(t.database, { role: 'editor' });
    const { feed } = await subscribeFeed({
      db: db(),
      actor: actorFor(owner),
      now: now(),
      url: `${base}/updates.ics`,
      settings: settings(),
    });
    body = calendar(vevent('a@feed') + vevent('b@feed'));
    expect(await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: local })).toMatchObject({
      ok: true,
      report: { created: 2 },
    });
    body = calendar(vevent('a@feed', { seq: 1, summary: 'Example renamed' }));
    expect(await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: local })).toMatchObject({
      ok: true,
      report: { created: 0, updated: 1, cancelled: 1 },
    });
    const events = await importedEvents(db(), `feed:${feed.id}`);
    expect(events.map((e) => [e.title, e.status])).toEqual([
      ['Example renamed', 'scheduled'],
      ['Example b@feed', 'cancelled'],
    ]);
    body = '<html>Gateway timeout</html>';
    expect(await refreshFeed({ db: db(), now: now(), feedId: feed.id, fetch: local })).toMatchObject({ ok: false });
    const [state] = await feedsOf(db(), owner.id);
    expect(state!.lastError).toContain('line 1');
    expect((await importedEvents(db(), `feed:${feed.id}`)).map((e) => e.status)).toEqual(['scheduled', 'cancelled']);
  });
});
