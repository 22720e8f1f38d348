import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, clientFor, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { tinyPng } from '../../../test/security/files';
import { rowsOf } from '../../platform/db/database';
import { multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { profileForm } from '../../../test/helpers/people';

/**
 * Every surface that can show profile data, as the public (anonymous and
 * readers), as a member and as the person: nothing members-only reaches the
 * public, nothing hidden reaches anyone else.
 */
const t = await createTestApp({ seed: true });
afterAll(() => t.close());

const PUBLIC = ['PublicInstitutionZq', 'Welsh'];
const MEMBERS = ['MembersBioZq', 'they/them', 'ILLiad'];
const HIDDEN = ['HiddenRegionZq', 'Liechtenstein', 'Europe/London', 'Accessible formats'];

let vera: TestUser;
let max: TestUser;
let rita: TestUser;
let veraClient: TestClient;
let maxClient: TestClient;
let ritaClient: TestClient;
const anon = () => new TestClient(t.app);

function expectSees(html: string, who: string, see: string[], notSee: string[]) {
  for (const s of see) expect(html, `${who} should see ${s}`).toContain(s);
  for (const s of notSee) expect(html, `${who} must not see ${s}`).not.toContain(s);
}

beforeAll(async () => {
  vera = await createUser(t.database, { displayName: 'Vera Visible' });
  max = await createUser(t.database, { displayName: 'Max Member' });
  rita = await createUser(t.database, { role: 'reader', displayName: 'Rita Reader' });
  veraClient = await clientFor(t, vera);
  maxClient = await clientFor(t, max);
  ritaClient = await clientFor(t, rita);
  const saved = await veraClient.post(
    '/account/profile',
    profileForm({
      displayName: 'Vera Visible',
      pronouns: 'they/them',
      institution: 'PublicInstitutionZq',
      vis_institution: 'public',
      bio: 'MembersBioZq writes here.',
      vis_bio: 'members',
      country: 'liechtenstein',
      region: 'HiddenRegionZq',
      vis_location: 'hidden',
      systems: ['illiad'],
      vis_systems: 'members',
      expertise: ['accessibility'],
      vis_expertise: 'hidden',
      languages: 'welsh',
      vis_languages: 'public',
      timeZone: 'Europe/London',
      vis_timeZone: 'hidden',
      vis_photo: 'members',
      link1Title: '',
      link1Url: '',
    }),
    { from: '/account/profile' },
  );
  expect(saved.status).toBe(303);
  const token = await veraClient.csrf('/account/profile');
  const photo = await veraClient.request('/account/profile/photo', {
    method: 'POST',
    body: multipartBody({ _csrf: token }, { photo: new File([tinyPng()], 'v.png') }),
    headers: SAME_ORIGIN,
  });
  expect(photo.status).toBe(303);
  expect(
    (
      await veraClient.post(
        '/account/phone-a-friend',
        { howICanHelp: 'Happy to talk about lending statistics.', preferredContact: 'message' },
        { from: '/account/phone-a-friend' },
      )
    ).status,
  ).toBe(303);
});

describe('the profile page', () => {
  it('shows anonymous visitors and readers only the public fields', async () => {
    for (const [who, client] of [
      ['anonymous', anon()],
      ['reader', ritaClient],
    ] as const) {
      const html = await (await client.get(`/people/${vera.username}`)).text();
      expectSees(html, who, ['Vera Visible', ...PUBLIC], [...MEMBERS, ...HIDDEN, vera.email, '/photo?v=']);
    }
  });

  it('shows members the public and members-only fields, never hidden ones or the email', async () => {
    const html = await (await maxClient.get(`/people/${vera.username}`)).text();
    expectSees(html, 'member', [...PUBLIC, ...MEMBERS, '/photo?v='], [...HIDDEN, vera.email]);
  });

  it('shows the person everything, and previews the others’ views faithfully', async () => {
    const own = await (await veraClient.get(`/people/${vera.username}`)).text();
    expectSees(own, 'self', [...PUBLIC, ...MEMBERS, ...HIDDEN, vera.email], []);
    expect(own).toMatch(/HiddenRegionZq, Liechtenstein<span class="visibility-note"> · Visible to: only me<\/span>/);
    expect(own).toMatch(/PublicInstitutionZq<span class="visibility-note"> · Visible to: everyone<\/span>/);
    const asPublic = await (await veraClient.get(`/people/${vera.username}?as=public`)).text();
    expectSees(asPublic, 'self as public', PUBLIC, [...MEMBERS, ...HIDDEN, vera.email]);
    const asMember = await (await veraClient.get(`/people/${vera.username}?as=member`)).text();
    expectSees(asMember, 'self as member', [...PUBLIC, ...MEMBERS], [...HIDDEN, vera.email]);
  });

  it('serves the photo only to those who may see it', async () => {
    const path = `/people/${vera.username}/photo`;
    expect((await anon().request(path)).status).toBe(404);
    expect((await ritaClient.request(path)).status).toBe(404);
    expect((await maxClient.request(path)).status).toBe(200);
    expect((await veraClient.request(path)).status).toBe(200);
  });
});

describe('search results', () => {
  it('find a person by what is public, and never by what is not', async () => {
    const found = await (await anon().get('/search?q=PublicInstitutionZq')).text();
    expect(found).toContain(`href="/people/${vera.username}"`);
    for (const client of [maxClient, ritaClient, anon()]) {
      const html = await (await client.get('/search?q=HiddenRegionZq')).text();
      expect(html, 'hidden').not.toContain(`/people/${vera.username}`);
    }
    // Members-only fields are found by members only, and never reach the public's results or snippets.
    expect(await (await maxClient.get('/search?q=MembersBioZq')).text()).toContain(`/people/${vera.username}`);
    for (const client of [ritaClient, anon()]) {
      const html = await (await client.get('/search?q=MembersBioZq')).text();
      expect(html, 'members only').not.toContain(`/people/${vera.username}`);
      expect(html.split('<main')[1] ?? '', 'members only').not.toMatch(/MembersBioZq writes|<mark>MembersBioZq/);
    }
    for (const client of [ritaClient, anon()]) {
      const json = await (await client.get('/search/suggest?q=Vera%20Vis')).text();
      expect(json).not.toContain('MembersBioZq');
    }
    const rows = rowsOf<Record<string, string>>(
      await t.database.db.execute(
        sql`select title, summary, body, keywords, topics::text as topics from search_documents where kind = 'person' and ref_id = ${String(vera.id)}`,
      ),
    );
    const indexed = JSON.stringify(rows);
    expect(indexed).toContain('PublicInstitutionZq');
    for (const s of [...MEMBERS, ...HIDDEN, 'statistics', vera.email]) expect(indexed, s).not.toContain(s);
  });

  it('forget a field as soon as it is hidden', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const first = await client.post(
      '/account/profile',
      profileForm({ institution: 'SoonHiddenZq', vis_institution: 'public', expertise: [] }),
      { from: '/account/profile' },
    );
    expect(first.status).toBe(303);
    expect(await (await anon().get('/search?q=SoonHiddenZq')).text()).toContain(`/people/${person.username}`);
    await client.post(
      '/account/profile',
      profileForm({ institution: 'SoonHiddenZq', vis_institution: 'hidden', expertise: [] }),
      { from: '/account/profile' },
    );
    expect(await (await anon().get('/search?q=SoonHiddenZq')).text()).not.toContain(`/people/${person.username}`);
    expect(await (await anon().get(`/people/${person.username}`)).text()).not.toContain('SoonHiddenZq');
  });
});

describe('the Phone a Friend directory', () => {
  it('is for members only', async () => {
    expect((await anon().get('/people/phone-a-friend')).status).toBe(401);
    expect((await ritaClient.get('/people/phone-a-friend')).status).toBe(403);
  });

  it('lists public and members-only fields but no hidden ones and no email', async () => {
    const html = await (await maxClient.get('/people/phone-a-friend?q=Vera')).text();
    const entry = html.match(/<li class="directory-entry">(?:(?!<\/li><\/ul>).)*?Vera Visible.*?<\/dl>/s)?.[0] ?? '';
    expect(entry).toContain('Vera Visible');
    expectSees(
      entry,
      'directory',
      ['Vera Visible', ...PUBLIC, 'they/them', 'ILLiad', 'Happy to talk about lending statistics.'],
      [...HIDDEN, vera.email, 'MembersBioZq'],
    );
  });

  it('never matches a filter on a field the person hid', async () => {
    const finds = async (query: string) =>
      (await (await maxClient.get(`/people/phone-a-friend?${query}`)).text()).includes(`/people/${vera.username}"`);
    expect(await finds('system=illiad')).toBe(true);
    expect(await finds('language=welsh')).toBe(true);
    expect(await finds('expertise=accessibility')).toBe(false);
    expect(await finds('region=HiddenRegionZq')).toBe(false);
    expect(await finds('region=liechtenstein')).toBe(false);
    expect(await finds('timeZone=Europe%2FLondon')).toBe(false);
    expect(await finds('awake=1')).toBe(false);
  });
});

describe('messages, emails and exports', () => {
  it('show other people by display name only', async () => {
    const started = await maxClient.post(
      '/messages',
      { to: vera.username, subject: 'Lending statistics', body: 'Could you help me with our annual survey?' },
      { from: `/messages/new?to=${vera.username}` },
    );
    expect(started.status).toBe(303);
    const conversation = started.headers.get('location')!;
    await veraClient.post(conversation, { body: 'Of course. Let us talk on Tuesday.' }, { from: conversation });
    await t.drainJobs();
    const toVera = t.mailer.sent.filter((m) => m.to === vera.email);
    expect(toVera.length).toBeGreaterThan(0);
    for (const mail of toVera) expect(`${mail.subject}\n${mail.text}\n${mail.html ?? ''}`).not.toContain(max.email);
    const page = await (await maxClient.get(conversation)).text();
    expectSees(page, 'conversation', ['Vera Visible'], [...HIDDEN, vera.email, 'MembersBioZq', 'PublicInstitutionZq']);
    const exported = await (await maxClient.request('/account/data/export.json')).text();
    expect(exported).toContain('Of course. Let us talk on Tuesday.');
    expectSees(exported, 'export of another member', ['Vera Visible'], [...PUBLIC, ...MEMBERS, ...HIDDEN, vera.email]);
  });

  it('give the person all of their own fields in their export', async () => {
    const exported = JSON.parse(await (await veraClient.request('/account/data/export.json')).text()) as Record<
      string,
      { profile?: Record<string, unknown> }
    >;
    const text = JSON.stringify(exported);
    for (const s of [
      ...PUBLIC.slice(0, 1),
      'MembersBioZq',
      'HiddenRegionZq',
      'Europe/London',
      'statistics',
      vera.email,
    ])
      expect(text, s).toContain(s);
    expect(exported.people?.profile?.visibility).toMatchObject({
      location: 'hidden',
      institution: 'public',
      email: 'hidden',
    });
  });
});
