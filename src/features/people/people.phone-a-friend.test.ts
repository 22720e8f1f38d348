import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, actorFor, clientFor, type TestUser } from '../../../test/helpers/app';
import { schedules, featureModules } from '../../modules';
import { tickSchedules } from '../../platform/jobs/scheduler';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { EMPTY_FILTERS, searchDirectory, type DirectoryFilters } from './people.directory';
import { PROFILE_LIMITS } from './people.models';
import { sendPhoneAFriendReminders } from './people.phone-a-friend';
import { joinPhoneAFriend } from './phone-a-friend.usecases';
import { saveProfile, type ProfileValues } from './people.repository';

const t = await createTestApp({ seed: true });
const vocabulary = await vocabularyFor();
afterAll(() => t.close());

const DAY = 86_400_000;
const START = new Date('2026-03-02T15:00:00Z');

function profile(over: Partial<ProfileValues> = {}): ProfileValues {
  return {
    pronouns: '',
    institution: '',
    libraryType: '',
    country: '',
    region: '',
    timeZone: '',
    languages: [],
    systems: [],
    expertise: [],
    bio: '',
    links: [],
    showEmail: 'hidden',
    visibility: {},
    ...over,
  };
}

async function listedPerson(
  name: string,
  over: Partial<ProfileValues> = {},
  optedInAt = t.clock.now(),
): Promise<TestUser> {
  const user = await createUser(t.database, { displayName: name });
  await saveProfile(t.database.db, user.id, profile(over), optedInAt);
  await joinPhoneAFriend({
    db: t.database.db,
    actor: actorFor(user),
    now: optedInAt,
    input: { howICanHelp: `${name} can help.`, preferredContact: 'message' },
  });
  return user;
}

async function names(filters: Partial<DirectoryFilters>, now = t.clock.now()): Promise<string[]> {
  const page = await searchDirectory(t.database.db, {
    filters: { ...EMPTY_FILTERS, ...filters },
    now,
    pageSize: 100,
    vocabulary,
  });
  return page.entries
    .map((e) => e.profile.displayName)
    .filter((n) => n.endsWith('Pf'))
    .sort();
}

describe('opting in', () => {
  it('lists a member for twelve months, with field errors and status 400 for a bad form', async () => {
    t.clock.set(START);
    const member = await createUser(t.database, { displayName: 'Olive Optin Pf' });
    const client = await clientFor(t, member);
    const bad = await client.post(
      '/account/phone-a-friend',
      { howICanHelp: '', preferredContact: 'carrier-pigeon' },
      { from: '/account/phone-a-friend' },
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('How you can help is required.');
    expect(html).toContain('Choose how you prefer to be reached.');
    expect(html).toMatch(new RegExp(`name="howICanHelp"[^>]*maxlength="${PROFILE_LIMITS.howICanHelp}"`));
    expect(await names({ q: 'Olive' })).toEqual([]);
    const ok = await client.post(
      '/account/phone-a-friend',
      { howICanHelp: 'International lending.', preferredContact: 'call' },
      { from: '/account/phone-a-friend' },
    );
    expect(ok.status).toBe(303);
    expect(await (await client.get('/account/phone-a-friend')).text()).toContain('March 2, 2027');
    expect(await names({ q: 'Olive' })).toEqual(['Olive Optin Pf']);
  });

  it('lapses automatically twelve months after the last confirmation, and a confirmation starts the year again', async () => {
    t.clock.set(START);
    const lapsing = await listedPerson('Lara Lapses Pf');
    const confirming = await listedPerson('Carl Confirms Pf');
    t.clock.set(new Date(START.getTime() + 300 * DAY));
    const client = await clientFor(t, confirming);
    expect((await client.post('/account/phone-a-friend/confirm', {}, { from: '/account/phone-a-friend' })).status).toBe(
      303,
    );
    const justBefore = new Date('2027-03-02T14:59:59Z');
    expect(await names({ q: 'L' }, justBefore)).toContain('Lara Lapses Pf');
    const after = new Date('2027-03-02T15:00:00Z');
    expect(await names({}, after)).not.toContain('Lara Lapses Pf');
    expect(await names({}, after)).toContain('Carl Confirms Pf');
    t.clock.set(after);
    const lapsedPage = await (await clientFor(t, lapsing)).get('/account/phone-a-friend');
    expect(await lapsedPage.text()).toContain('Your listing has lapsed');
  });

  it('takes a member off the directory when they leave', async () => {
    t.clock.set(START);
    const leaver = await listedPerson('Leo Leaves Pf');
    const client = await clientFor(t, leaver);
    expect((await client.post('/account/phone-a-friend/leave', {}, { from: '/account/phone-a-friend' })).status).toBe(
      303,
    );
    expect(await names({ q: 'Leo' })).toEqual([]);
  });
});

describe('the reminder two weeks before a lapse', () => {
  it('is sent once per lapse date, however often the job runs, and again after a new confirmation', async () => {
    t.clock.set(START);
    const person = await listedPerson('Rhea Reminded Pf');
    const mailsTo = () => t.mailer.sent.filter((m) => m.to === person.email && m.subject.includes('Phone a Friend'));
    const baseUrl = t.deps.config.baseUrl;
    const db = t.database.db;
    await sendPhoneAFriendReminders({ db, now: new Date('2027-02-15T14:59:00Z'), baseUrl });
    await t.drainJobs();
    expect(mailsTo()).toHaveLength(0);
    t.clock.set(new Date('2027-02-16T15:00:00Z'));
    await tickSchedules(t.database, t.clock, schedules(featureModules()));
    await t.drainJobs();
    expect(mailsTo()).toHaveLength(1);
    expect(mailsTo()[0]?.text).toContain(`${baseUrl}/account/phone-a-friend`);
    expect(mailsTo()[0]?.text).toContain('March 2, 2027');
    for (const hours of [1, 2, 30]) {
      t.clock.set(new Date(new Date('2027-02-16T15:00:00Z').getTime() + hours * 3_600_000));
      await tickSchedules(t.database, t.clock, schedules(featureModules()));
      await sendPhoneAFriendReminders({ db, now: t.clock.now(), baseUrl });
      await t.drainJobs();
    }
    expect(mailsTo()).toHaveLength(1);
    const client = await clientFor(t, person);
    await client.post('/account/phone-a-friend/confirm', {}, { from: '/account/phone-a-friend' });
    await sendPhoneAFriendReminders({ db, now: t.clock.now(), baseUrl });
    await t.drainJobs();
    expect(mailsTo()).toHaveLength(1);
    t.clock.advance(352 * DAY);
    await sendPhoneAFriendReminders({ db, now: t.clock.now(), baseUrl });
    await t.drainJobs();
    expect(mailsTo()).toHaveLength(2);
  });
});

describe('finding people', () => {
  it('filters by vocabulary slug, matching values saved before the vocabulary too', async () => {
    t.clock.set(START);
    // Saved as slugs, as the profile form saves them now.
    await listedPerson('Ana Academic Pf', {
      libraryType: 'academic',
      expertise: ['copyright-licensing'],
      systems: ['illiad'],
      languages: ['spanish'],
      country: 'mexico',
      region: 'Jalisco',
      timeZone: 'America/Mexico_City',
    });
    // Saved as typed or with older slugs, before the vocabulary.
    await listedPerson('Ben Public Pf', {
      libraryType: 'public',
      expertise: ['statistics'],
      systems: ['tipasa', 'illiad'],
      languages: ['English'],
      country: 'Canada',
      region: 'Ontario',
      timeZone: 'America/Toronto',
    });
    await listedPerson('Cy Law Pf', {
      libraryType: 'law',
      expertise: ['copyright'],
      systems: ['reshare'],
      languages: ['English', 'French'],
      country: 'France',
      timeZone: 'Europe/Paris',
    });
    await listedPerson('Dee Consortium Pf', { libraryType: 'consortium-office', systems: ['rapid'], country: 'USA' });
    expect(await names({ expertise: 'copyright-licensing' })).toEqual(['Ana Academic Pf', 'Cy Law Pf']);
    expect(await names({ expertise: 'reports-assessment' })).toEqual(['Ben Public Pf']);
    expect(await names({ system: 'illiad' })).toEqual(['Ana Academic Pf', 'Ben Public Pf']);
    expect(await names({ system: 'rapidill' })).toEqual(['Dee Consortium Pf']);
    expect(await names({ libraryType: 'law' })).toEqual(['Cy Law Pf']);
    expect(await names({ libraryType: 'consortium' })).toEqual(['Dee Consortium Pf']);
    expect(await names({ region: 'mexico' })).toEqual(['Ana Academic Pf']);
    expect(await names({ region: 'france' })).toEqual(['Cy Law Pf']);
    expect(await names({ region: 'united-states' })).toEqual(['Dee Consortium Pf']);
    expect(await names({ region: 'Ontario' })).toEqual(['Ben Public Pf']);
    expect(await names({ language: 'french' })).toEqual(['Cy Law Pf']);
    expect(await names({ language: 'english' })).toEqual(['Ben Public Pf', 'Cy Law Pf']);
    expect(await names({ timeZone: 'America/Toronto' })).toEqual(['Ben Public Pf']);
    expect(await names({ expertise: 'copyright-licensing', system: 'illiad', language: 'spanish' })).toEqual([
      'Ana Academic Pf',
    ]);
  });

  it('takes filters from the address by slug, label or alias, shows them by label and ignores unknown ones', async () => {
    t.clock.set(START);
    await listedPerson('Rae Rapid Pf', {
      systems: ['rapidill'],
      expertise: ['document-delivery'],
      country: 'australia',
      languages: ['english'],
    });
    const client = await clientFor(t, await createUser(t.database));
    const bySlug = await (await client.get('/people/phone-a-friend?system=rapidill&q=Pf')).text();
    expect(bySlug).toContain('Rae Rapid Pf');
    expect(bySlug).toMatch(/<option value="rapidill" selected="">RapidILL<\/option>/);
    expect(bySlug).toContain('Document delivery &amp; scanning');
    expect(bySlug).toContain('Australia');
    const byAlias = await (await client.get('/people/phone-a-friend?system=rapid&region=AU&q=Pf')).text();
    expect(byAlias).toContain('Rae Rapid Pf');
    const unknown = await (await client.get('/people/phone-a-friend?expertise=not-a-thing&q=Rae')).text();
    expect(unknown).toContain('Rae Rapid Pf');
    expect(unknown).not.toContain('not-a-thing');
  });

  it('finds who is awake now from each person’s time zone and the viewer’s clock', async () => {
    t.clock.set(START);
    await listedPerson('Lon Don Pf', { timeZone: 'Europe/London' });
    await listedPerson('Syd Ney Pf', { timeZone: 'Australia/Sydney' });
    await listedPerson('No Zone Pf', {});
    const noonInLondon = new Date('2026-03-02T12:00:00Z');
    const morningInSydney = new Date('2026-03-02T23:00:00Z');
    const awakeNoon = await names({ awake: true }, noonInLondon);
    expect(awakeNoon).toContain('Lon Don Pf');
    expect(awakeNoon).not.toContain('Syd Ney Pf');
    expect(awakeNoon).not.toContain('No Zone Pf');
    const awakeLater = await names({ awake: true }, morningInSydney);
    expect(awakeLater).toContain('Syd Ney Pf');
    expect(awakeLater).not.toContain('Lon Don Pf');
    t.clock.set(noonInLondon);
    const viewer = await createUser(t.database);
    const html = await (await (await clientFor(t, viewer)).get('/people/phone-a-friend?awake=1&q=Pf')).text();
    expect(html).toContain('Lon Don Pf');
    expect(html).not.toContain('Syd Ney Pf');
    expect(html).toContain('12:00 there now');
  });

  it('counts up to 200 and pages through them, newest confirmation first', async () => {
    t.clock.set(START);
    await t.database.db.execute(sql`
      with u as (
        insert into users (email, username, display_name, role)
        select 'bulk' || i || '@library.test', 'bulk' || i, 'Bulk Person ' || i, 'member' from generate_series(1, 205) i
        returning id)
      insert into phone_a_friend (user_id, how_i_can_help, confirmed_at, opted_in_at, lapses_at)
      select id, 'Bulk help', ${START.toISOString()}::timestamptz - (id || ' minutes')::interval, ${START.toISOString()}, '2027-01-01T00:00:00Z' from u`);
    const viewer = await clientFor(t, await createUser(t.database));
    const first = await (await viewer.get('/people/phone-a-friend')).text();
    expect(first).toContain('More than 200 people listed');
    const beyond = await (await viewer.get('/people/phone-a-friend?page=99')).text();
    expect(beyond).toContain('Page 10 of 10');
    const page = await searchDirectory(t.database.db, {
      filters: { ...EMPTY_FILTERS, q: 'Bulk' },
      now: START,
      page: 1,
      vocabulary,
    });
    const times = page.entries.map((e) => e.confirmedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.entries).toHaveLength(20);
  });

  it('contacts someone through a private message without showing their address', async () => {
    t.clock.set(START);
    const helper = await listedPerson('Hal Helper Pf', { showEmail: 'hidden' });
    const asker = await createUser(t.database);
    const client = await clientFor(t, asker);
    const html = await (await client.get('/people/phone-a-friend?q=Hal')).text();
    expect(html).toContain(`href="/messages/new?to=${helper.username}"`);
    expect(html).not.toContain(helper.email);
    const form = await (await client.get(`/messages/new?to=${helper.username}`)).text();
    expect(form).toContain('Write to Hal Helper Pf');
    expect(form).not.toContain(helper.email);
  });
});
