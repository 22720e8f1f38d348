import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { profileForm } from '../../../test/helpers/people';

/** People in search and as-you-type suggestions: only those who made their profile public, only to those allowed. */
const t = await createTestApp({ seed: true });
afterAll(() => t.close());
const anon = () => new TestClient(t.app);

let priya: TestUser;
let member: TestUser;
let reader: TestUser;

async function suggested(client: TestClient, q: string): Promise<string[]> {
  const res = await client.get(`/search/suggest?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { suggestions: Array<{ url: string }> };
  return body.suggestions.map((s) => s.url);
}

async function saveProfile(vis: Record<string, string>) {
  const client = await clientFor(t, priya);
  const res = await client.post('/account/profile', profileForm({ displayName: 'Priya Pangolin', ...vis }), {
    from: '/account/profile',
  });
  expect(res.status).toBe(303);
}

beforeAll(async () => {
  priya = await createUser(t.database, { displayName: 'Priya Pangolin' });
  member = await createUser(t.database);
  reader = await createUser(t.database, { role: 'reader' });
  // Every field "members only" (profileForm's default): a private profile.
  await saveProfile({});
});

describe('people in suggestions and results', () => {
  it('never suggests or finds a private profile for anonymous visitors or readers; members do find it', async () => {
    const url = `/people/${priya.username}`;
    for (const client of [anon(), await clientFor(t, reader)]) {
      expect(await suggested(client, 'Priya Pang')).not.toContain(url);
      expect(await (await client.get('/search?q=Priya%20Pangolin')).text()).not.toContain(`href="${url}"`);
    }
    const memberClient = await clientFor(t, member);
    expect(await suggested(memberClient, 'Priya Pang')).toContain(url);
    expect(await (await memberClient.get('/search?q=Priya%20Pangolin')).text()).toContain(`href="${url}"`);
  });

  it('suggests a profile to everyone once the person makes part of it public, and stops when they take it back', async () => {
    const url = `/people/${priya.username}`;
    await saveProfile({ vis_institution: 'public' });
    expect(await suggested(anon(), 'Priya Pang')).toEqual([url]);
    expect(await (await anon().get('/search?q=Priya%20Pangolin')).text()).toContain(`href="${url}"`);
    // A member finds the person once, not once per document.
    expect((await suggested(await clientFor(t, member), 'Priya Pang')).filter((u) => u === url)).toHaveLength(1);
    await saveProfile({ vis_institution: 'members' });
    expect(await suggested(anon(), 'Priya Pang')).not.toContain(url);
    expect(await (await anon().get('/search?q=Priya%20Pangolin')).text()).not.toContain(`href="${url}"`);
  });
});
