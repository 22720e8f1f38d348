import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { bytesOf, pngOfSize, tinyPng } from '../../../test/security/files';
import { expectInert, PAYLOADS } from '../../../test/security/payloads';
import { addTopic, clientFor, errorCode, multipartBody, newArticle, SAME_ORIGIN } from '../../../test/security/support';
import { PROFILE_LIMITS } from './people.models';
import { findProfileRow } from './people.repository';
import { photosDir } from './people.usecases';
import { eventually, profileForm } from './people.test-support';
import { PROFILE_FIELDS } from './people.visibility';

const t = await createTestApp({ seed: true });
afterAll(() => t.close());
await addTopic(t, 'copyright-licensing', 'Copyright & licensing');
await addTopic(t);

async function upload(client: TestClient, file: File) {
  const token = await client.csrf('/account/profile');
  return client.request('/account/profile/photo', { method: 'POST', body: multipartBody({ _csrf: token }, { photo: file }), headers: SAME_ORIGIN });
}

describe('editing a profile', () => {
  it('saves every field, normalising languages and the time zone, and shows it to its owner', async () => {
    const rosa = await createUser(t.database);
    const client = await clientFor(t, rosa);
    const res = await client.post('/account/profile', profileForm({ timeZone: 'US/Eastern' }), { from: '/account/profile' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/profile?notice=saved');
    const row = await findProfileRow(t.database.db, rosa.id);
    expect(row?.languages).toEqual(['English', 'French']);
    expect(row?.timeZone).toBe('America/New_York');
    expect(row?.links).toEqual([{ title: 'Our library', url: 'https://lakeside.example/ill' }]);
    const page = await (await client.get(`/people/${rosa.username}`)).text();
    for (const text of ['Rosa Lender', 'she/her', 'Lakeside University', 'Ontario, Canada', 'Tipasa', 'ReShare', 'Copyright &amp; licensing', '<strong>lend</strong>', rosa.email]) {
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
    const titleOnly = await client.post('/account/profile', profileForm({ link2Title: 'Missing address' }), { from: '/account/profile' });
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
    await client.post('/account/profile', profileForm({ displayName: 'New Name Author', expertise: [] }), { from: '/account/profile' });
    const renamed = async () => {
      const html = await (await anon.get(`/articles/${article.slug}`)).text();
      return html.includes('New Name Author') && !html.includes('Old Name Author');
    };
    expect(await eventually(renamed)).toBe(true);
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
        country: '</title><script>alert(1)</script>',
        languages: '<details open ontoggle=alert(1)>',
        bio: `${payload}\n\n[x](javascript:alert(1)) ![y](https://evil.example/p.png)`,
        link1Title: '<script>alert(1)</script>',
      }),
      { from: '/account/profile' },
    );
    expect(res.status).toBe(303);
    await client.post('/account/phone-a-friend', { howICanHelp: '<img src=x onerror=alert(1)> and copyright', preferredContact: 'message' }, { from: '/account/phone-a-friend' });
    expectInert(await (await new TestClient(t.app).get(`/people/${person.username}`)).text(), 'profile (public)');
    expectInert(await (await client.get(`/people/${person.username}`)).text(), 'profile (self)');
    expectInert(await (await client.get('/account/profile')).text(), 'editor');
    expectInert(await (await client.get('/people/phone-a-friend?q=copyright')).text(), 'directory');
    expectInert(await (await new TestClient(t.app).get('/search?q=alert')).text(), 'search');
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
      new File([bytesOf('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')], 'x.svg', { type: 'image/svg+xml' }),
      new File([bytesOf('<html><script>alert(1)</script></html>')], 'x.png', { type: 'image/png' }),
    ]) {
      const res = await upload(client, file);
      expect(res.status).toBe(415);
      expect(await res.text()).toContain('A photo must be a PNG, JPEG, GIF or WebP image.');
    }
    expect((await findProfileRow(t.database.db, person.id))?.photo ?? null).toBeNull();
  });

  it('answers 413 for a photo over the limit and 400 for no file', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const big = await upload(client, new File([pngOfSize(PROFILE_LIMITS.photoBytes + 1)], 'big.png'));
    expect(big.status).toBe(413);
    expect(errorCode(await big.text())).toBe('http.payload_too_large');
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
