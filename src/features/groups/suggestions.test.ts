import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser, actorFor } from '../../../test/helpers/app';
import { rowsOf } from '../../platform/db/database';
import { reviseArticle } from '../library';
import * as repo from './suggestions.repository';
import { decideSuggestion, submitSuggestion } from './suggestions.usecases';
import { addTopic, articleContent, articleForm, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';

let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let stella: TestUser;
let sam: TestUser;
let milo: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database, { displayName: 'Olive Owner' });
  stella = await createUser(t.database, { displayName: 'Stella Steward' });
  sam = await createUser(t.database, { displayName: 'Sam Steward' });
  milo = await createUser(t.database, { displayName: 'Milo Member' });
});
afterAll(() => t.close());

async function setup() {
  const group = await exampleGroup(t, owner, admin, {
    members: [
      [stella, 'steward'],
      [sam, 'steward'],
      [milo, 'member'],
    ],
  });
  const author = await createUser(t.database);
  const article = await newArticle(t, author, { title: `Lending rare maps ${Math.random().toString(36).slice(2, 8)}` });
  await maintain(t, owner, group, article.slug);
  return { group, article };
}

async function notificationsOf(userId: number, kind: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await t.database.db.execute(
      sql`select count(*)::int as n from notifications where user_id = ${userId} and kind = ${kind}`,
    ),
  );
  return rows[0]?.n ?? 0;
}

async function suggest(
  who: TestUser,
  slug: string,
  title: string,
  body: string,
  message = 'Say to insure maps',
  baseRevision = '1',
) {
  const client = await clientFor(t, who);
  const editor = await client.get(`/articles/${slug}/suggest`);
  expect(editor.status).toBe(200);
  const res = await client.post(`/articles/${slug}/suggest`, articleForm({ title, body, message, baseRevision }));
  return { client, res, id: Number(res.headers.get('location')?.match(/\/suggestions\/(\d+)/)?.[1]) };
}

describe('a suggested edit', () => {
  it('goes from a member to the stewards, is approved, and shows both names in the history', async () => {
    const { article } = await setup();
    const { res, id } = await suggest(
      milo,
      article.slug,
      article.title,
      '## Materials\n\nUse two boxes, plenty of padding, and insure every map.',
    );
    expect(res.status).toBe(303);
    expect(await notificationsOf(stella.id, 'suggestion.submitted')).toBe(1);
    expect(await notificationsOf(sam.id, 'suggestion.submitted')).toBe(1);

    const steward = await clientFor(t, stella);
    const page = await (await steward.get(`/suggestions/${id}`)).text();
    expect(page).toMatch(/<ins>(<span[^>]*>\[added: <\/span>)?insure/);
    expect(page).toContain('Approve and publish');
    const approved = await steward.post(`/suggestions/${id}/approve`, { note: 'Thanks!' });
    expect(approved.status).toBe(303);

    const history = await (await steward.get(`/articles/${article.slug}/history`)).text();
    expect(history).toContain('Milo Member');
    expect(history).toContain('Say to insure maps (suggested by Milo Member, approved by Stella Steward)');
    const revision = rowsOf<{ author_id: number; number: number }>(
      await t.database.db.execute(
        sql`select author_id, number from article_revisions where article_id = ${article.id} order by number desc limit 1`,
      ),
    )[0];
    expect(revision).toEqual({ author_id: milo.id, number: 2 });
    expect(await notificationsOf(milo.id, 'suggestion.approved')).toBe(1);
    expect((await repo.findSuggestion(t.database.db, id))?.status).toBe('approved');
  });

  it('can be sent back for changes, updated and then declined, telling the proposer each time', async () => {
    const { article } = await setup();
    const { client: proposer, id } = await suggest(
      milo,
      article.slug,
      article.title,
      'Ship every map flat between two boards, and insure it.',
    );
    const steward = await clientFor(t, sam);
    const empty = await steward.post(
      `/suggestions/${id}/request-changes`,
      { comment: '' },
      { from: `/suggestions/${id}` },
    );
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Comment is required.');
    expect(
      (await steward.post(`/suggestions/${id}/request-changes`, { comment: 'Please cite the insurer’s guidance.' }))
        .status,
    ).toBe(303);
    expect(await notificationsOf(milo.id, 'suggestion.changes_requested')).toBe(1);
    expect(await (await proposer.get(`/suggestions/${id}`)).text()).toContain('Please cite the insurer’s guidance.');

    const editor = await (await proposer.get(`/suggestions/${id}/edit`)).text();
    expect(editor).toContain('Ship every map flat');
    const updated = await proposer.post(
      `/suggestions/${id}`,
      articleForm({
        title: article.title,
        body: 'Ship every map flat between two boards; insure it (see the insurer’s guide).',
        message: 'Cited guidance',
        baseRevision: '1',
      }),
    );
    expect(updated.status).toBe(303);
    expect((await repo.findSuggestion(t.database.db, id))?.status).toBe('pending');

    expect(
      (await steward.post(`/suggestions/${id}/decline`, { reason: 'We link to the insurer from another page.' }))
        .status,
    ).toBe(303);
    expect(await notificationsOf(milo.id, 'suggestion.declined')).toBe(1);
    expect((await repo.findSuggestion(t.database.db, id))?.decisionNote).toBe(
      'We link to the insurer from another page.',
    );
  });

  it('needs a change summary and real changes (400 with field errors)', async () => {
    const { article } = await setup();
    const client = await clientFor(t, milo);
    const noMessage = await client.post(
      `/articles/${article.slug}/suggest`,
      articleForm({ title: article.title, message: '', baseRevision: '1' }),
      { from: `/articles/${article.slug}/suggest` },
    );
    expect(noMessage.status).toBe(400);
    const html = await noMessage.text();
    expect(html).toContain('Say what you changed and why');
    expect(html).toMatch(/name="message"[^>]*maxlength="300"/);
    const unchanged = await client.post(
      `/articles/${article.slug}/suggest`,
      articleForm({ title: article.title, tags: 'packaging', baseRevision: '1' }),
      { from: `/articles/${article.slug}/suggest` },
    );
    expect(unchanged.status).toBe(400);
    expect(await unchanged.text()).toContain('You have not changed anything yet.');
  });

  it('is a normal edit when no group maintains the article', async () => {
    const article = await newArticle(t, milo, { title: `Unmaintained ${Date.now()}` });
    const res = await (await clientFor(t, milo)).get(`/articles/${article.slug}/suggest`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/articles/${article.slug}/edit`);
  });
});

describe('who may approve', () => {
  it('does not let a steward approve their own suggestion while another steward could', async () => {
    const { article } = await setup();
    const { id } = await suggest(stella, article.slug, article.title, 'Stella’s own improvement to the map advice.');
    const own = await clientFor(t, stella);
    const page = await (await own.get(`/suggestions/${id}`)).text();
    expect(page).not.toContain('Approve and publish');
    expect(page).toContain('another steward of the group approves it');
    const refused = await own.post(`/suggestions/${id}/approve`, { note: '' });
    expect(refused.status).toBe(403);
    expect(
      (await (await clientFor(t, sam)).post(`/suggestions/${id}/approve`, { note: '' }, { from: `/suggestions/${id}` }))
        .status,
    ).toBe(303);
  });

  it('lets the only steward approve their own suggestion', async () => {
    const solo = await createUser(t.database);
    const group = await exampleGroup(t, solo, admin);
    const article = await newArticle(t, milo, { title: `Solo group page ${Date.now()}` });
    await maintain(t, solo, group, article.slug);
    const result = await submitSuggestion({
      db: t.database.db,
      actor: actorFor(solo),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'A better text written by the only steward.' }),
      message: 'Better',
    });
    expect(result.status).toBe('saved');
    if (result.status !== 'saved') return;
    const decided = await decideSuggestion({
      db: t.database.db,
      actor: actorFor(solo),
      now: t.clock.now(),
      id: result.id,
      decision: { kind: 'approve', note: '' },
    });
    expect(decided.status).toBe('approved');
  });
});

describe('the rate limit', () => {
  it('is the use case’s: a member’s 21st suggestion within a minute is refused, whatever the entry point', async () => {
    const { article } = await setup();
    const eager = await createUser(t.database);
    const call = (i: number) =>
      submitSuggestion({
        db: t.database.db,
        actor: actorFor(eager),
        now: t.clock.now(),
        slug: article.slug,
        baseRevision: 1,
        content: articleContent({ title: article.title, body: `Wording number ${i} of a better text.` }),
        message: `Try ${i}`,
      });
    for (let i = 0; i < 20; i++) await call(i);
    await expect(call(20)).rejects.toMatchObject({ status: 429 });
  });
});

describe('conflicts and races', () => {
  it('shows the conflict instead of overwriting text saved after the suggestion was written', async () => {
    const { article } = await setup();
    const { id } = await suggest(
      milo,
      article.slug,
      article.title,
      'Milo’s version of the article, written against revision one.',
    );
    await reviseArticle({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'The owner’s newer text, saved in the meantime.' }),
      message: 'Newer',
      grantsEdit: async () => true,
    });
    const steward = await clientFor(t, stella);
    const page = await (await steward.get(`/suggestions/${id}`)).text();
    expect(page).toContain('The article has changed since this suggestion was written');
    expect(page).not.toContain('Approve and publish');
    const res = await steward.post(`/suggestions/${id}/approve`, { note: '' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('approving it would overwrite newer text');
    const body = rowsOf<{ body: string; revision: number }>(
      await t.database.db.execute(sql`select body, revision from articles where id = ${article.id}`),
    )[0];
    expect(body).toEqual({ body: 'The owner’s newer text, saved in the meantime.', revision: 2 });
  });

  it('shows the proposer a conflict when the article changes while they write, and accepts it on top of the new revision', async () => {
    const { article } = await setup();
    const client = await clientFor(t, milo);
    await client.get(`/articles/${article.slug}/suggest`);
    await reviseArticle({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'Someone else’s newer text in between.' }),
      message: 'Between',
      grantsEdit: async () => true,
    });
    const stale = await client.post(
      `/articles/${article.slug}/suggest`,
      articleForm({
        title: article.title,
        body: 'Milo’s text on top of revision one.',
        message: 'Mine',
        baseRevision: '1',
      }),
    );
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('changed while you were writing your suggestion');
    const again = await client.post(
      `/articles/${article.slug}/suggest`,
      articleForm({
        title: article.title,
        body: 'Milo’s text merged with the newer one.',
        message: 'Mine',
        baseRevision: '2',
      }),
    );
    expect(again.status).toBe(303);
  });

  it('applies a suggestion once when two stewards approve at the same moment; the second sees what happened', async () => {
    const { article } = await setup();
    const { id } = await suggest(milo, article.slug, article.title, 'A change two stewards will both try to approve.');
    const outcomes = await Promise.all(
      [stella, sam].map((s) =>
        decideSuggestion({
          db: t.database.db,
          actor: actorFor(s),
          now: t.clock.now(),
          id,
          decision: { kind: 'approve', note: '' },
        }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already', 'approved']);
    const revisions = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from article_revisions where article_id = ${article.id}`,
      ),
    )[0];
    expect(revisions?.n).toBe(2);
    // Through the pages: the late steward is told who approved it, and nothing changes.
    const late = await (await clientFor(t, sam)).post(
      `/suggestions/${id}/approve`,
      { note: '' },
      { from: `/suggestions/${id}` },
    );
    expect(late.status).toBe(409);
    expect(await late.text()).toMatch(/(Stella|Sam) Steward already approved this suggestion/);
    const after = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from article_revisions where article_id = ${article.id}`,
      ),
    )[0];
    expect(after?.n).toBe(2);
  });
});
