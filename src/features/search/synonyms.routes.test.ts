import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestUser } from '../../../test/helpers/app';
import { errorCode } from '../../../test/helpers/http';
import { indexDocument, search } from '../../platform/search/search';

/** The search dictionary page: editors change synonyms in the hub, with history; searches apply them. */
const t = await createTestApp();
afterAll(() => t.close());

let editor: TestUser;
let member: TestUser;

beforeAll(async () => {
  editor = await createUser(t.database, { role: 'editor' });
  member = await createUser(t.database);
  await indexDocument(t.database.db, {
    kind: 'article',
    refId: 'syn-1',
    url: '/articles/syn-1',
    title: 'Wallaby parcels',
    summary: '',
    body: 'How to send a wallaby parcel.',
    topics: [],
    docType: 'guide',
    audience: null,
    keywords: [],
    updatedAt: new Date(),
  });
});

const yaml = 'synonyms:\n  - terms: [kangaroo, wallaby]\n    reason: test marsupials\n';

describe('search dictionary page', () => {
  it('lets an editor save a new revision that searches apply at once, and lists it in the history', async () => {
    expect((await search(t.database.db, { q: 'kangaroo', exact: true })).total).toBe(0);
    const client = await clientFor(t, editor);
    const res = await client.post('/search/synonyms', { yaml, note: 'marsupials' }, { from: '/search/synonyms' });
    expect(res.status).toBe(303);
    expect((await search(t.database.db, { q: 'kangaroo', exact: true })).hits.map((h) => h.url)).toEqual([
      '/articles/syn-1',
    ]);
    const page = await (await client.get('/search/synonyms')).text();
    expect(page).toContain('Revision 1');
    expect(page).toContain('marsupials');
    expect(await (await client.get('/search/synonyms/revisions/1')).text()).toContain('kangaroo, wallaby');
  });

  it('refuses a dictionary entry without a source or reason, keeping what was typed', async () => {
    const client = await clientFor(t, editor);
    const res = await client.post(
      '/search/synonyms',
      { yaml: 'synonyms:\n  - terms: [koala, wombat]\n', note: '' },
      { from: '/search/synonyms' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('koala, wombat');
  });

  it('does not let a member edit the dictionary', async () => {
    const client = await clientFor(t, member);
    const res = await client.post('/search/synonyms', { yaml, note: '' }, { from: '/search/synonyms' });
    expect(res.status).toBe(403);
    expect(errorCode(await res.text())).toBe('http.forbidden');
  });
});
