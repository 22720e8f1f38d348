import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../../../test/helpers/app';
import { pageWhen, TestClient } from '../../../test/helpers/client';
import { GROUP_LIMITS } from './groups.models';
import { errorCode } from '../../../test/helpers/http';
import { exampleGroup } from '../../../test/helpers/groups';

let t: TestApp;
let owner: TestUser;
let steward: TestUser;
let slug: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database);
  steward = await createUser(t.database, { displayName: 'Stella Steward' });
  const group = await exampleGroup(t, owner, admin, {
    name: 'Example Copyright Committee',
    members: [[steward, 'steward']],
  });
  const client = await clientFor(t, steward);
  const res = await client.post(
    `/groups/${group.slug}/experts`,
    { title: 'Example copyright experts', description: 'People who answer copyright questions.' },
    { from: `/groups/${group.slug}/experts/new` },
  );
  expect(res.status).toBe(303);
  slug = res.headers.get('location')!.split('?')[0]!.replace('/experts/', '');
});
afterAll(() => t.close());

const publicList = (check: (html: string) => boolean) => pageWhen(new TestClient(t.app), `/experts/${slug}`, check);

async function invite(username: string, note = 'US copyright and CONTU guidelines') {
  return (await clientFor(t, steward)).post(
    `/experts/${slug}/invitations`,
    { username, note },
    { from: `/experts/${slug}` },
  );
}

describe('expert lists', () => {
  it('lists a person only after they accept the invitation', async () => {
    const cora = await createUser(t.database, { displayName: 'Cora Copyright' });
    expect((await invite(cora.username)).status).toBe(303);
    const before = await (await new TestClient(t.app).get(`/experts/${slug}`)).text();
    expect(before).not.toContain('Cora Copyright');
    const coraClient = await clientFor(t, cora);
    const invitations = await (await coraClient.get('/expert-invitations')).text();
    expect(invitations).toContain('Example copyright experts');
    expect(invitations).toContain('US copyright and CONTU guidelines');
    expect((await coraClient.post(`/experts/${slug}/accept`, {})).status).toBe(303);
    const after = await publicList((html) => html.includes('Cora Copyright'));
    expect(after).toContain(`<a href="/people/${cora.username}">Cora Copyright</a>`);
    expect(after).toContain('US copyright and CONTU guidelines');
    // A listed person can take themselves off.
    await coraClient.get(`/experts/${slug}`);
    expect((await coraClient.post(`/experts/${slug}/entries/${cora.id}/remove`, {})).status).toBe(303);
    expect(await publicList((html) => !html.includes('Cora Copyright'))).not.toContain('Cora Copyright');
  });

  it('never shows someone who declined, and does not invite them again', async () => {
    const dan = await createUser(t.database, { displayName: 'Dan Declines' });
    await invite(dan.username);
    const danClient = await clientFor(t, dan);
    expect((await danClient.post(`/experts/${slug}/decline`, {}, { from: '/expert-invitations' })).status).toBe(303);
    expect(await (await new TestClient(t.app).get(`/experts/${slug}`)).text()).not.toContain('Dan Declines');
    const again = await invite(dan.username);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('declined to be listed');
    // Answering twice is refused.
    const twice = await danClient.post(`/experts/${slug}/accept`, {}, { from: '/expert-invitations' });
    expect(twice.status).toBe(409);
    expect(errorCode(await twice.text())).toBe('groups.already_decided');
  });

  it('lets only the invited person answer, and only stewards invite', async () => {
    const eve = await createUser(t.database);
    await invite(eve.username);
    const stranger = await clientFor(t, await createUser(t.database));
    const res = await stranger.post(`/experts/${slug}/accept`, {}, { from: '/expert-invitations' });
    expect(res.status).toBe(404);
    const strangerInvites = await stranger.post(
      `/experts/${slug}/invitations`,
      { username: eve.username, note: 'Anything at all' },
      { from: `/experts/${slug}` },
    );
    expect(strangerInvites.status).toBe(403);
  });

  it('gives field errors with the schema’s maxlength', async () => {
    const res = await invite('', 'x');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Username is required.');
    expect(html).toContain('What they can advise on must be at least 3 characters.');
    expect(html).toMatch(new RegExp(`name="note"[^>]*maxlength="${GROUP_LIMITS.entryNote}"`));
  });
});
