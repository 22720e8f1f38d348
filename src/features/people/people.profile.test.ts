import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, clientFor } from '../../../test/helpers/app';
import { pageWhen, TestClient } from '../../../test/helpers/client';
import { bytesOf, pngOfSize, tinyPng } from '../../../test/security/files';
import { expectInert, PAYLOADS } from '../../../test/security/payloads';
import { PROFILE_LIMITS } from './people.models';
import { findProfileRow, saveProfile } from './people.repository';
import { photosDir } from './people.usecases';
import { PROFILE_FIELDS } from './people.visibility';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { profileForm } from '../../../test/helpers/people';

const t = await createTestApp({ seed: true });
afterAll(() => t.close());
await addTopic(t, 'copyright-licensing', 'Copyright & licensing');
await addTopic(t);

async function upload(client: TestClient, file: File) {
  const token = await client.csrf('/account/profile');
  return client.request('/account/profile/photo', {
    method: 'POST',
    body: multipartBody({ _csrf: token }, { photo: file }),
    headers: SAME_ORIGIN,
  });
}

describe('editing a profile', () => {
  it('saves every field, languages as vocabulary slugs and the time zone by its canonical name, and shows it to its owner', async () => {
    const rosa = await createUser(t.database);
    const client = await clientFor(t, rosa);
    const res = await client.post('/account/profile', profileForm({ timeZone: 'US/Eastern' }), {
      from: '/account/profile',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/profile?notice=saved');
    const row = await findProfileRow(t.database.db, rosa.id);
    expect(row?.languages).toEqual(['english', 'french']);
    expect(row?.timeZone).toBe('America/New_York');
    expect(row?.links).toEqual([{ title: 'Our library', url: 'https://lakeside.example/ill' }]);
    const page = await (await client.get(`/people/${rosa.username}`)).text();
    for (const text of [
      'Rosa Lender',
      'she/her',
      'Lakeside University',
      'Ontario, Canada',
      'Tipasa',
      'ReShare',
      'Copyright &amp; licensing',
      '<strong>lend</strong>',
      rosa.email,
    ]) {
      expect(page).toContain(text);
    }
    expect(page).toContain('This is your profile');
  });

  it('re-renders with field errors, status 400, the same maxlength as the schema, and saves nothing', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const res = await client.post(
      '/account/profile',
      profileForm({
        displayName: '',
        timeZone: 'Mars/Olympus_Mons',
        bio: 'x'.repeat(PROFILE_LIMITS.bio + 1),
        link3Url: 'javascript:alert(1)',
        libraryType: 'spaceship',
        expertise: ['not-a-topic'],
        vis_bio: 'everyone',
      }),
      { from: '/account/profile' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const message of [
      'Display name is required.',
      'Choose a time zone from the list, such as America/Chicago.',
      `Short bio must be ${PROFILE_LIMITS.bio.toLocaleString('en')} characters or fewer.`,
      'Enter a full web address starting with https:// or http://.',
      'Choose a library type from the list.',
      'Areas of expertise: choose from the list.',
      'Choose who can see this.',
    ]) {
      expect(html).toContain(message);
    }
    expect(html).toMatch(new RegExp(`name="bio"[^>]*maxlength="${PROFILE_LIMITS.bio}"`));
    expect(html).toMatch(new RegExp(`name="displayName"[^>]*maxlength="${PROFILE_LIMITS.displayName}"`));
    expect(html).toContain('Short bio must be');
    expect(await findProfileRow(t.database.db, person.id)).toBeUndefined();
    const titleOnly = await client.post('/account/profile', profileForm({ link2Title: 'Missing address' }), {
      from: '/account/profile',
    });
    expect(titleOnly.status).toBe(400);
    const again = await titleOnly.text();
    expect(again).toContain('Add the web address for this link, or clear its title.');
    expect(again).toContain('value="Missing address"');
  });

  it('shows a new display name on cached article pages at once', async () => {
    const author = await createUser(t.database, { displayName: 'Old Name Author' });
    const article = await newArticle(t, author, { title: 'Renaming and caches' });
    const anon = new TestClient(t.app);
    expect(await (await anon.get(`/articles/${article.slug}`)).text()).toContain('Old Name Author');
    expect(await (await anon.get(`/articles/${article.slug}`)).text()).toContain('Old Name Author');
    const client = await clientFor(t, author);
    await client.post('/account/profile', profileForm({ displayName: 'New Name Author', expertise: [] }), {
      from: '/account/profile',
    });
    await pageWhen(
      anon,
      `/articles/${article.slug}`,
      (html) => html.includes('New Name Author') && !html.includes('Old Name Author'),
    );
  });

  it('keeps readers and anonymous visitors out of the editor', async () => {
    const reader = await createUser(t.database, { role: 'reader' });
    expect((await (await clientFor(t, reader)).get('/account/profile')).status).toBe(403);
    expect((await new TestClient(t.app).get('/account/profile')).status).toBe(401);
  });

  it('shows 404 for an unknown or system account', async () => {
    expect((await new TestClient(t.app).get('/people/nobody-by-this-name')).status).toBe(404);
    expect((await new TestClient(t.app).get('/people/ill-commons-editors')).status).toBe(404);
  });

  it('keeps every cross-site scripting payload inert on the profile, the directory and in search', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const payload = PAYLOADS.join(' ').slice(0, PROFILE_LIMITS.bio);
    const visibility = Object.fromEntries(PROFILE_FIELDS.map((f) => [`vis_${f}`, 'public']));
    const res = await client.post(
      '/account/profile',
      profileForm({
        ...visibility,
        displayName: '<script>alert(1)</script>',
        pronouns: '<img src=x onerror=alert(1)>',
        institution: '"><svg onload=alert(1)>',
        region: '</title><script>alert(1)</script>',
        bio: `${payload}\n\n[x](javascript:alert(1)) ![y](https://evil.example/p.png)`,
        link1Title: '<script>alert(1)</script>',
      }),
      { from: '/account/profile' },
    );
    expect(res.status).toBe(303);
    await client.post(
      '/account/phone-a-friend',
      { howICanHelp: '<img src=x onerror=alert(1)> and copyright', preferredContact: 'message' },
      { from: '/account/phone-a-friend' },
    );
    expectInert(await (await new TestClient(t.app).get(`/people/${person.username}`)).text(), 'profile (public)');
    expectInert(await (await client.get(`/people/${person.username}`)).text(), 'profile (self)');
    expectInert(await (await client.get('/account/profile')).text(), 'editor');
    expectInert(await (await client.get('/people/phone-a-friend?q=copyright')).text(), 'directory');
    expectInert(await (await new TestClient(t.app).get('/search?q=alert')).text(), 'search');
  });
});

describe('the vocabulary in profiles', () => {
  it('refuses a value outside the lists with status 400, the message next to its field, and saves nothing', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const res = await client.post(
      '/account/profile',
      profileForm({
        systems: ['illiad', 'not-a-system'],
        languages: 'English, Klingon',
        country: 'atlantis',
        libraryType: 'spaceship',
      }),
      { from: '/account/profile' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    // The error's text, found only when it sits in the same field as the control it is about.
    const field = (name: string) =>
      (
        html.match(new RegExp(`id="f-${name}-error"[^>]*>(.*?)</p>(?:(?!class="field).)*?name="${name}"`, 's'))?.[1] ??
        ''
      ).replace(/<[^>]+>/g, '');
    expect(field('systems')).toContain('ILL systems: choose from the list.');
    expect(field('languages')).toContain(
      'Languages: “Klingon” is not in the list. Use English names, such as Spanish or French.',
    );
    expect(field('country')).toContain('Choose a country or region from the list.');
    expect(field('libraryType')).toContain('Choose a library type from the list.');
    expect(await findProfileRow(t.database.db, person.id)).toBeUndefined();
  });

  it('stores slugs whether the form sends a slug, a label or an alias', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const res = await client.post(
      '/account/profile',
      profileForm({
        systems: ['RapidILL', 'tipasa'],
        expertise: ['copyright'],
        languages: 'es, Français',
        country: 'USA',
        libraryType: 'consortium-office',
      }),
      { from: '/account/profile' },
    );
    expect(res.status).toBe(303);
    const row = await findProfileRow(t.database.db, person.id);
    expect(row).toMatchObject({
      systems: ['rapidill', 'tipasa'],
      expertise: ['copyright-licensing'],
      languages: ['spanish', 'french'],
      country: 'united-states',
      libraryType: 'consortium',
    });
  });

  it('shows values saved before the vocabulary by their labels, and the editor offers them chosen', async () => {
    const person = await createUser(t.database);
    await saveProfile(
      t.database.db,
      person.id,
      {
        pronouns: '',
        institution: '',
        libraryType: 'consortium-office',
        country: 'USA',
        region: 'Ohio',
        timeZone: 'America/New_York',
        languages: ['Spanish', 'Portuguese (brazil)', '<b>Bold</b>'],
        systems: ['rapid', 'worldshare-ill'],
        expertise: ['copyright', 'statistics'],
        bio: '',
        links: [],
        showEmail: 'hidden',
        visibility: {},
      },
      t.clock.now(),
    );
    const client = await clientFor(t, person);
    const page = await (await client.get(`/people/${person.username}`)).text();
    for (const text of [
      'Consortium or network office',
      'Ohio, United States',
      'Spanish, Portuguese (brazil), &lt;b&gt;Bold&lt;/b&gt;',
      'RapidILL, WorldShare Interlibrary Loan',
      'Copyright &amp; licensing',
      'Reports &amp; assessment',
    ]) {
      expect(page).toContain(text);
    }
    expect(page).not.toContain('<b>Bold</b>');
    const editor = await (await client.get('/account/profile')).text();
    expect(editor).toMatch(/value="rapidill" checked=""/);
    expect(editor).toMatch(/value="copyright-licensing" checked=""/);
    expect(editor).toMatch(/value="reports-assessment" checked=""/);
    expect(editor).toMatch(/<option value="united-states" selected="">United States<\/option>/);
    expect(editor).toMatch(/<option value="consortium" selected="">Consortium or network office<\/option>/);
  });

  it('groups the time-zone picker by region, with the saved zone first', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    await client.post('/account/profile', profileForm({ timeZone: 'Europe/London' }), { from: '/account/profile' });
    const editor = await (await client.get('/account/profile')).text();
    const select = editor.match(/<select id="f-timeZone"[^>]*>.*?<\/select>/s)?.[0] ?? '';
    expect(select).toMatch(
      /^<select id="f-timeZone"[^>]*><option value="">Not set<\/option><option value="Europe\/London" selected="">Saved: Europe\/London<\/option><optgroup label="Africa">/,
    );
    expect(select).toContain('<optgroup label="Europe">');
    expect(select).toMatch(/<optgroup label="Other">.*<option value="UTC">UTC<\/option>/s);
    expect(select.match(/selected=""/g)).toHaveLength(1);
  });
});

describe('profile photos', () => {
  it('accepts a PNG, serves it as image/png with nosniff and a sandbox CSP, and replaces the old file', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    expect((await upload(client, new File([tinyPng()], 'me.png'))).status).toBe(303);
    const first = (await findProfileRow(t.database.db, person.id))?.photo;
    expect((await upload(client, new File([tinyPng()], 'me-again.png'))).status).toBe(303);
    const second = (await findProfileRow(t.database.db, person.id))?.photo;
    expect(second).not.toBe(first);
    const files = fs.readdirSync(photosDir(t.deps.config.dataDir)).filter((f) => f.startsWith(`${person.id}-`));
    expect(files).toEqual([second]);
    const res = await client.request(`/people/${person.username}/photo`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(tinyPng()));
  });

  it('refuses SVG, HTML and a PNG name on other bytes with 415 and a message by the field', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    for (const file of [
      new File([bytesOf('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')], 'x.svg', {
        type: 'image/svg+xml',
      }),
      new File([bytesOf('<html><script>alert(1)</script></html>')], 'x.png', { type: 'image/png' }),
    ]) {
      const res = await upload(client, file);
      expect(res.status).toBe(415);
      expect(await res.text()).toContain('A photo must be a PNG, JPEG, GIF or WebP image.');
    }
    expect((await findProfileRow(t.database.db, person.id))?.photo ?? null).toBeNull();
  });

  it('answers a photo over the limit with the profile editor again (413) and the reason beside the field, and 400 for no file', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    // Over the photo limit, and over the form body limit the hub cannot even read.
    for (const size of [PROFILE_LIMITS.photoBytes + 1, 2 * 1024 * 1024 + 1]) {
      const big = await upload(client, new File([pngOfSize(size)], 'big.png'));
      expect(big.status, `${size} bytes`).toBe(413);
      const html = await big.text();
      expect(html).toContain('That photo is larger than the hub accepts (the limit is 1 MB).');
      expect(html).toContain('action="/account/profile/photo"');
    }
    expect((await findProfileRow(t.database.db, person.id))?.photo ?? null).toBeNull();
    const none = await upload(client, new File([], 'empty.png'));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Choose a photo to upload.');
  });

  it('removes the photo and its file', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    await upload(client, new File([tinyPng()], 'me.png'));
    expect((await client.post('/account/profile/photo/delete', {}, { from: '/account/profile' })).status).toBe(303);
    expect((await client.request(`/people/${person.username}/photo`)).status).toBe(404);
    expect(fs.readdirSync(photosDir(t.deps.config.dataDir)).some((f) => f.startsWith(`${person.id}-`))).toBe(false);
  });
});
