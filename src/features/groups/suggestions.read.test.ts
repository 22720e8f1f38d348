import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser, actorFor } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { submitSuggestion } from './suggestions.usecases';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

/**
 * A suggested edit is read by whoever proposed it, the stewards of the page's
 * maintaining group and editors. To anyone else, signed in or not a steward,
 * it does not exist: 404 (not 403), so ids cannot be probed, on every path
 * that shows or acts on it.
 */
let t: TestApp;
const who = {} as Record<
  'admin' | 'owner' | 'steward' | 'member' | 'proposer' | 'outsider' | 'editor' | 'otherSteward',
  TestUser
>;
let id: number;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  for (const name of ['owner', 'steward', 'member', 'proposer', 'outsider', 'otherSteward'] as const)
    who[name] = await createUser(t.database);
  who.admin = await createUser(t.database, { role: 'admin' });
  who.editor = await createUser(t.database, { role: 'editor' });
  const group = await exampleGroup(t, who.owner, who.admin, {
    members: [
      [who.steward, 'steward'],
      [who.member, 'member'],
    ],
  });
  // A steward of another group: being a steward somewhere gives no sight of this group's suggestions.
  await exampleGroup(t, who.otherSteward, who.admin);
  const page = await newArticle(t, who.owner, { title: 'Lending rare maps' });
  await maintain(t, who.owner, group, page.slug);
  const result = await submitSuggestion({
    db: t.database.db,
    actor: actorFor(who.proposer),
    now: t.clock.now(),
    slug: page.slug,
    baseRevision: 1,
    content: articleContent({ title: page.title, body: 'A private draft of better text.' }),
    message: 'Insure the maps',
  });
  if (result.status !== 'saved') throw new Error(result.status);
  id = result.id;
});
afterAll(() => t?.close());

describe('reading a suggested edit', () => {
  it('is allowed to its proposer, the stewards of the maintaining group, and editors', async () => {
    for (const name of ['proposer', 'steward', 'owner', 'editor', 'admin'] as const) {
      const res = await (await clientFor(t, who[name])).get(`/suggestions/${id}`);
      expect(res.status, name).toBe(200);
      expect(await res.text(), name).toContain('private draft of better text.');
    }
  });

  it('is 404 to any other signed-in person, exactly like an id that does not exist', async () => {
    const missing = await (await clientFor(t, who.outsider)).get('/suggestions/999999');
    expect(missing.status).toBe(404);
    for (const name of ['outsider', 'member', 'otherSteward'] as const) {
      const client = await clientFor(t, who[name]);
      for (const path of [`/suggestions/${id}`, `/suggestions/${id}/edit`]) {
        const res = await client.get(path);
        const body = await res.text();
        expect(res.status, `${name} ${path}`).toBe(404);
        expect(errorCode(body), `${name} ${path}`).toBe('groups.suggestion_not_found');
        expect(body).not.toContain('private draft of better text.');
      }
      const token = await client.csrf('/suggestions');
      for (const action of ['approve', 'decline', 'request-changes', 'withdraw']) {
        const res = await client.post(
          `/suggestions/${id}/${action}`,
          { note: '', reason: 'No thanks.', comment: 'Please change it.' },
          { csrf: token },
        );
        expect(res.status, `${name} ${action}`).toBe(404);
      }
    }
  });

  it('asks anonymous visitors to sign in', async () => {
    expect((await new TestClient(t.app).get(`/suggestions/${id}`)).status).toBe(401);
  });
});
