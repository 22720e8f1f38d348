import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { eventInput } from '../../../test/helpers/events';
import { exampleGroup } from '../../../test/helpers/groups';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { search } from '../../platform/search/search';
import { watch } from '../notifications';
import { occurrencesBetween, upcoming } from './events.listing';
import * as repo from './events.repository';
import { EVENT_SEARCH_KIND, TEACH_BACK_SEARCH_KIND } from './events.search';
import { addSession, cancelEvent, createEvent, postTeachBack, updateEvent } from './events.usecases';

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

async function added(author: TestUser, over: Parameters<typeof eventInput>[0] = {}) {
  const { event } = await createEvent({ db: db(), actor: actorFor(author), now: now(), input: eventInput(over) });
  return event;
}

describe('who may add and change an event', () => {
  it('lets a member add one, indexed for search in the same change', async () => {
    const member = await createUser(t.database);
    const event = await added(member, { title: 'Example webinar on lending returnables' });
    const result = await search(db(), { q: 'returnables', kind: EVENT_SEARCH_KIND });
    expect(result.hits.map((h) => h.url)).toContain(`/events/${event.id}`);
  });

  it('refuses readers and anonymous visitors', async () => {
    const reader = await createUser(t.database, { role: 'reader' });
    expect(await codeOf(() => added(reader))).toBe('http.forbidden');
    expect(await codeOf(() => createEvent({ db: db(), actor: null, now: now(), input: eventInput() }))).toBe(
      'auth.sign_in_required',
    );
  });

  it('lets the creator, the organiser group’s stewards and editors change it; other members and plain group members not', async () => {
    const owner = await createUser(t.database);
    const steward = await createUser(t.database);
    const plain = await createUser(t.database);
    const creator = await createUser(t.database);
    const stranger = await createUser(t.database);
    const editor = await createUser(t.database, { role: 'editor' });
    const group = await exampleGroup(t, owner, admin, {
      members: [
        [steward, 'steward'],
        [plain, 'member'],
        [creator, 'member'],
      ],
    });
    const event = await added(creator, { organiserGroupId: group.id, organiserName: '' });
    const change = (who: TestUser, title: string) => () =>
      updateEvent({
        db: db(),
        actor: actorFor(who),
        now: now(),
        id: event.id,
        input: eventInput({ organiserGroupId: group.id, title }),
      });
    expect(await codeOf(change(creator, 'By the creator'))).toBe('accepted');
    expect(await codeOf(change(steward, 'By a steward'))).toBe('accepted');
    expect(await codeOf(change(owner, 'By the owner'))).toBe('accepted');
    expect(await codeOf(change(editor, 'By an editor'))).toBe('accepted');
    expect(await codeOf(change(plain, 'By a plain member'))).toBe('events.may_not_edit');
    expect(await codeOf(change(stranger, 'By a stranger'))).toBe('events.may_not_edit');
    const after = await repo.findEvent(db(), event.id);
    expect(after?.title).toBe('By an editor');
    // Each accepted change raised SEQUENCE, so calendars replace their copy.
    expect(after?.sequence).toBe(4);
  });

  it('lets only a group’s members (or editors) name it as organiser', async () => {
    const owner = await createUser(t.database);
    const outsider = await createUser(t.database);
    const editor = await createUser(t.database, { role: 'editor' });
    const group = await exampleGroup(t, owner, admin);
    const input = { organiserGroupId: group.id, organiserName: '' };
    expect(await codeOf(() => added(outsider, input))).toBe('events.not_group_member');
    expect(await codeOf(() => added(owner, input))).toBe('accepted');
    expect(await codeOf(() => added(editor, input))).toBe('accepted');
    // Nor may an outsider move their own event onto the group.
    const own = await added(outsider);
    expect(
      await codeOf(() =>
        updateEvent({ db: db(), actor: actorFor(outsider), now: now(), id: own.id, input: eventInput(input) }),
      ),
    ).toBe('events.not_group_member');
  });

  it('limits how many events one member writes an hour, on every entry point', async () => {
    const busy = await createUser(t.database);
    let code = 'accepted';
    for (let i = 0; i < 40 && code === 'accepted'; i++)
      code = await codeOf(() => added(busy, { title: `Example ${i}` }));
    expect(code).toBe('http.rate_limited');
    const rows = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from calendar_events where created_by = ${busy.id}`),
    );
    expect(rows[0]!.n).toBe(30);
  });

  it('keeps a cancelled event (its calendar entry says so) but takes it out of the lists', async () => {
    const member = await createUser(t.database);
    const event = await added(member, { title: 'Example event to cancel' });
    const { event: cancelled } = await cancelEvent({ db: db(), actor: actorFor(member), now: now(), id: event.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.sequence).toBe(event.sequence + 1);
    const { items } = await upcoming(db(), { filters: {}, now: now(), zone: 'UTC', pageSize: 500 });
    expect(items.map((o) => o.event.id)).not.toContain(event.id);
    expect(
      await codeOf(() =>
        addSession({
          db: db(),
          actor: actorFor(member),
          now: now(),
          eventId: event.id,
          input: {
            title: 'Late session',
            speakers: [],
            startsAt: event.startsAt,
            endsAt: event.endsAt,
            room: '',
            link: '',
            materials: '',
          },
        }),
      ),
    ).toBe('events.cancelled');
  });

  it('stores a teach-back note sanitised: HTML in it never reaches the page as markup', async () => {
    const author = await createUser(t.database);
    const reader = await createUser(t.database);
    const event = await added(author);
    await postTeachBack({
      db: db(),
      actor: actorFor(reader),
      now: now(),
      eventId: event.id,
      body: 'I learned a lot. <script>alert(1)</script> <img src=x onerror=alert(2)> **Will change** our workflow.',
    });
    const [note] = await repo.teachBacksOf(db(), event.id);
    expect(note!.bodyHtml).toContain('<strong>Will change</strong>');
    // Raw HTML is shown as text: no element of it survives.
    expect(note!.bodyHtml).not.toMatch(/<script|<img/);
    expect(note!.bodyHtml).toContain('&lt;script&gt;');
  });

  it('makes a teach-back note findable from search, pointing at the note on its event’s page', async () => {
    const author = await createUser(t.database);
    const event = await added(author);
    const { id } = await postTeachBack({
      db: db(),
      actor: actorFor(author),
      now: now(),
      eventId: event.id,
      body: 'We will add a quarantine shelf for returnables after this session.',
    });
    const result = await search(db(), { q: 'quarantine shelf', kind: TEACH_BACK_SEARCH_KIND });
    expect(result.hits.map((h) => h.url)).toContain(`/events/${event.id}#note-${id}`);
  });
});

describe('finding events', () => {
  it('combines filters: free, online, for new staff, skills beyond ILL, region', async () => {
    const member = await createUser(t.database);
    const tag = `F${Date.now()}`;
    const match = await added(member, { title: `${tag} match`, areas: ['customer-service'], regions: ['canada'] });
    await added(member, {
      title: `${tag} fee`,
      cost: 'fee',
      feeAmount: 'CAD 40',
      areas: ['customer-service'],
      regions: ['canada'],
    });
    await added(member, {
      title: `${tag} in person`,
      format: 'in_person',
      place: 'Toronto',
      areas: ['customer-service'],
      regions: ['canada'],
    });
    await added(member, {
      title: `${tag} experienced`,
      audiences: ['experienced'],
      areas: ['customer-service'],
      regions: ['canada'],
    });
    await added(member, { title: `${tag} ILL only`, areas: [], regions: ['canada'] });
    await added(member, { title: `${tag} elsewhere`, areas: ['customer-service'], regions: ['mexico'] });
    const filters = { free: true, virtual: true, newStaff: true, beyondIll: true, region: 'canada' };
    const { items } = await upcoming(db(), { filters, now: now(), zone: 'UTC', pageSize: 500 });
    expect(items.map((o) => o.event.title).filter((t) => t.startsWith(tag))).toEqual([`${tag} match`]);
    expect(items.some((o) => o.event.id === match.id)).toBe(true);
  });

  it('“this month” ends at the end of the reader’s month, in their zone', async () => {
    const member = await createUser(t.database);
    // 31 March 2026 23:30 in Los Angeles is already April in UTC.
    const late = await added(member, {
      title: 'Example late March webinar',
      startsAt: new Date('2026-04-01T06:30:00Z'),
      endsAt: new Date('2026-04-01T07:30:00Z'),
      timeZone: 'America/Los_Angeles',
    });
    const ids = async (zone: string) =>
      (await upcoming(db(), { filters: { thisMonth: true }, now: now(), zone, pageSize: 500 })).items.map(
        (o) => o.event.id,
      );
    expect(await ids('America/Los_Angeles')).toContain(late.id);
    expect(await ids('UTC')).not.toContain(late.id);
  });

  it('shows a weekly event once in the list (at its next date) and at every date in a month, keeping its local time across DST', async () => {
    const member = await createUser(t.database);
    const weekly = await added(member, {
      title: 'Example weekly drop-in',
      startsAt: new Date('2026-02-24T15:00:00Z'), // 10:00 in New York (EST)
      endsAt: new Date('2026-02-24T16:00:00Z'),
      timeZone: 'America/New_York',
      repeat: 'weekly',
      repeatsUntil: null,
    });
    const { items } = await upcoming(db(), { filters: {}, now: now(), zone: 'UTC', pageSize: 500 });
    const mine = items.filter((o) => o.event.id === weekly.id);
    expect(mine.map((o) => o.startsAt.toISOString())).toEqual(['2026-03-03T15:00:00.000Z']);
    const { items: march } = await occurrencesBetween(db(), {
      filters: {},
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
      now: now(),
    });
    expect(march.filter((o) => o.event.id === weekly.id).map((o) => o.startsAt.toISOString())).toEqual([
      '2026-03-03T15:00:00.000Z',
      '2026-03-10T14:00:00.000Z', // after 8 March: 10:00 EDT is 14:00 UTC
      '2026-03-17T14:00:00.000Z',
      '2026-03-24T14:00:00.000Z',
      '2026-03-31T14:00:00.000Z',
    ]);
  });

  it('expands a rule with no end only to the horizon (18 months)', async () => {
    const member = await createUser(t.database);
    const monthly = await added(member, {
      title: 'Example monthly call',
      startsAt: new Date('2026-03-05T15:00:00Z'),
      endsAt: new Date('2026-03-05T16:00:00Z'),
      timeZone: 'UTC',
      repeat: 'monthly',
    });
    const { items: all } = await occurrencesBetween(db(), {
      filters: {},
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2030-01-01T00:00:00Z'),
      now: now(),
      limit: 100_000,
    });
    expect(all.filter((o) => o.event.id === monthly.id)).toHaveLength(18);
  });
});

describe('watching a topic covers events', () => {
  it('tells a topic’s watchers of a new event in it and of a new date, not of a corrected link', async () => {
    await t.database.db.execute(
      sql`insert into topics (slug, name, description) values ('ev-lending', 'Lending', 'All about lending') on conflict do nothing`,
    );
    const organiser = await createUser(t.database);
    const watcher = await createUser(t.database);
    await watch(db(), {
      userId: watcher.id,
      targetType: 'topic',
      targetId: 'ev-lending',
      delivery: 'in_app',
      now: now(),
    });
    const notices = async () =>
      rowsOf<{ kind: string; url: string }>(
        await db().execute(
          sql`select kind, url from notifications where user_id = ${watcher.id} and kind like 'topic.%' order by id`,
        ),
      );
    const input = eventInput({ title: 'Example webinar on lending maps', topics: ['ev-lending'] });
    const event = await added(organiser, input);
    await t.drainJobs();
    expect(await notices()).toEqual([{ kind: 'topic.content_new', url: `/events/${event.id}` }]);

    const edit = (over: Partial<typeof input>) =>
      updateEvent({ db: db(), actor: actorFor(organiser), now: now(), id: event.id, input: { ...input, ...over } });
    await edit({ onlineUrl: 'https://meet.example/lending-maps' });
    await t.drainJobs();
    expect(await notices()).toHaveLength(1);
    await edit({ startsAt: new Date('2026-03-17T14:00:00Z'), endsAt: new Date('2026-03-17T15:00:00Z') });
    await t.drainJobs();
    expect((await notices()).map((n) => n.kind)).toEqual(['topic.content_new', 'topic.content_changed']);
  });
});
