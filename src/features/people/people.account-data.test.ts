import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, actorFor, clientFor } from '../../../test/helpers/app';
import { pageWhen, TestClient } from '../../../test/helpers/client';
import { tinyPng } from '../../../test/security/files';
import { type FeatureModule, featureModules } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { reviseArticle } from '../library';
import { DELETED_DISPLAY_NAME } from './people.models';
import { findProfileRow } from './people.repository';
import { deleteAccount, photosDir } from './people.usecases';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { profileForm } from '../../../test/helpers/people';

const t = await createTestApp({ seed: true });
afterAll(() => t.close());
await addTopic(t);

async function one<T>(query: ReturnType<typeof sql>): Promise<T | undefined> {
  return rowsOf<T>(await t.database.db.execute(query))[0];
}

describe('downloading one’s data', () => {
  it('gives one JSON file with the account and every module’s data, never cached', async () => {
    const person = await createUser(t.database, { displayName: 'Dora Download' });
    const client = await clientFor(t, person);
    await client.post(
      '/account/profile',
      profileForm({ displayName: 'Dora Download', institution: 'Downtown Library', expertise: [] }),
      { from: '/account/profile' },
    );
    const res = await client.request('/account/data/export.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const data = JSON.parse(await res.text()) as Record<string, unknown>;
    expect(data.account).toMatchObject({ id: person.id, email: person.email, username: person.username });
    for (const m of featureModules().filter((m) => m.personalData)) expect(data, m.name).toHaveProperty(m.name);
    expect(JSON.stringify(data.people)).toContain('Downtown Library');
    expect((await new TestClient(t.app).request('/account/data/export.json')).status).toBe(401);
  });
});

describe('deleting one’s account', () => {
  it('says plainly what happens before asking for the password', async () => {
    const person = await createUser(t.database, { displayName: 'Pat Plain' });
    const html = await (await (await clientFor(t, person)).get('/account/delete')).text();
    for (const s of [
      'Your profile and photo',
      'Every private message you sent',
      'signed out on every device',
      `“${DELETED_DISPLAY_NAME}”`,
      'Pat Plain',
      'type="password"',
    ]) {
      expect(html).toContain(s);
    }
  });

  it('refuses without the password or the confirmation, with status 400, and changes nothing', async () => {
    const person = await createUser(t.database);
    const client = await clientFor(t, person);
    const wrong = await client.post(
      '/account/delete',
      { password: 'not my password at all', understood: 'yes' },
      { from: '/account/delete' },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That is not your password.');
    const unticked = await client.post('/account/delete', { password: person.password }, { from: '/account/delete' });
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('Tick the box to confirm you understand what will happen.');
    expect((await client.get('/account')).status).toBe(200);
    expect(
      (await one<{ deleted_at: unknown }>(sql`select deleted_at from users where id = ${person.id}`))?.deleted_at,
    ).toBeNull();
  });

  it('removes profile and messages, keeps public work as “Former member”, and signs out everywhere', async () => {
    const leaving = await createUser(t.database, { displayName: 'Lena Leaving' });
    const staying = await createUser(t.database, { displayName: 'Stan Staying', role: 'editor' });
    const client = await clientFor(t, leaving);
    const otherDevice = await clientFor(t, leaving);
    const friend = await clientFor(t, staying);
    await client.post(
      '/account/profile',
      profileForm({
        displayName: 'Lena Leaving',
        institution: 'Leaving Library',
        expertise: [],
        vis_institution: 'public',
      }),
      { from: '/account/profile' },
    );
    const token = await client.csrf('/account/profile');
    await client.request('/account/profile/photo', {
      method: 'POST',
      body: multipartBody({ _csrf: token }, { photo: new File([tinyPng()], 'l.png') }),
      headers: SAME_ORIGIN,
    });
    await client.post(
      '/account/phone-a-friend',
      { howICanHelp: 'Copyright.', preferredContact: 'message' },
      { from: '/account/phone-a-friend' },
    );
    const started = await client.post(
      '/messages',
      { to: staying.username, subject: 'Before I go', body: 'Lena wrote this.' },
      { from: '/messages/new' },
    );
    const conversation = started.headers.get('location')!;
    await friend.post(conversation, { body: 'Stan wrote this.' }, { from: conversation });
    await client.post(`/people/${staying.username}/block`, {}, { from: `/people/${staying.username}` });
    const article = await newArticle(t, leaving, { title: 'Leaving notes on courier bags' });
    await reviseArticle({
      db: t.database.db,
      actor: actorFor(staying),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'Stan improved the courier notes a lot.' }),
      message: 'Edit',
    });
    const anon = new TestClient(t.app);
    expect(await (await anon.get(`/articles/${article.slug}/history`)).text()).toContain('Lena Leaving');

    const res = await client.post(
      '/account/delete',
      { password: leaving.password, understood: 'yes' },
      { from: '/account/delete' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/deleted');
    expect(res.headers.getSetCookie().join(';')).toMatch(/ill_sid=;|Max-Age=0/i);

    for (const c of [client, otherDevice]) expect((await c.get('/account')).status).toBe(401);
    const row = await one<Record<string, unknown>>(
      sql`select display_name, email, username, password_hash, deleted_at from users where id = ${leaving.id}`,
    );
    expect(row).toMatchObject({ display_name: DELETED_DISPLAY_NAME, password_hash: null });
    expect(row?.email).not.toBe(leaving.email);
    expect(row?.username).not.toBe(leaving.username);
    expect(row?.deleted_at).not.toBeNull();
    expect(await findProfileRow(t.database.db, leaving.id)).toBeUndefined();
    expect(fs.readdirSync(photosDir(t.deps.config.dataDir)).some((f) => f.startsWith(`${leaving.id}-`))).toBe(false);
    for (const table of ['phone_a_friend', 'conversation_members', 'sessions', 'user_tokens']) {
      const n = await one<{ n: number }>(
        sql`select count(*)::int as n from ${sql.raw(table)} where user_id = ${leaving.id}`,
      );
      expect(n?.n, table).toBe(0);
    }
    expect(
      (await one<{ n: number }>(sql`select count(*)::int as n from messages where author_id = ${leaving.id}`))?.n,
    ).toBe(0);
    expect(
      (await one<{ n: number }>(sql`select count(*)::int as n from user_blocks where blocker_id = ${leaving.id}`))?.n,
    ).toBe(0);
    expect(
      (
        await one<{ n: number }>(
          sql`select count(*)::int as n from search_documents where kind = 'person' and ref_id = ${String(leaving.id)}`,
        )
      )?.n,
    ).toBe(0);

    const kept = await (await friend.get(conversation)).text();
    expect(kept).toContain('Stan wrote this.');
    expect(kept).not.toContain('Lena wrote this.');
    expect((await anon.get(`/people/${leaving.username}`)).status).toBe(404);
    for (const path of [`/articles/${article.slug}`, `/articles/${article.slug}/history`]) {
      await pageWhen(anon, path, (html) => html.includes(DELETED_DISPLAY_NAME) && !html.includes('Lena Leaving'));
    }
    expect(
      (
        await new TestClient(t.app).post(
          '/sign-in',
          { email: leaving.email, password: leaving.password },
          { from: '/sign-in' },
        )
      ).status,
    ).toBe(400);
  });

  it('refuses to delete the only administrator', async () => {
    await t.database.db.execute(sql`update users set role = 'member' where role = 'admin'`);
    const admin = await createUser(t.database, { role: 'admin' });
    const client = await clientFor(t, admin);
    const res = await client.post(
      '/account/delete',
      { password: admin.password, understood: 'yes' },
      { from: '/account/delete' },
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('You are the only administrator.');
    await createUser(t.database, { role: 'admin' });
    expect(
      (
        await client.post(
          '/account/delete',
          { password: admin.password, understood: 'yes' },
          { from: '/account/delete' },
        )
      ).status,
    ).toBe(303);
  });

  it('changes nothing when any module fails to erase (one transaction)', async () => {
    const person = await createUser(t.database, { displayName: 'Tess Transaction' });
    const client = await clientFor(t, person);
    await client.post('/account/profile', profileForm({ displayName: 'Tess Transaction', expertise: [] }), {
      from: '/account/profile',
    });
    const failing: FeatureModule = {
      name: 'failing',
      personalData: {
        export: async () => ({}),
        erase: async () => {
          throw new Error('disk on fire');
        },
      },
    };
    await expect(
      deleteAccount({
        db: t.database.db,
        actor: actorFor(person),
        now: t.clock.now(),
        password: person.password,
        modules: [...featureModules(), failing],
        dataDir: t.deps.config.dataDir,
        ip: '192.0.2.1',
      }),
    ).rejects.toThrow('disk on fire');
    expect(await findProfileRow(t.database.db, person.id)).toBeDefined();
    expect(
      (await one<{ display_name: string }>(sql`select display_name from users where id = ${person.id}`))?.display_name,
    ).toBe('Tess Transaction');
    expect((await client.get('/account')).status).toBe(200);
  });
});
