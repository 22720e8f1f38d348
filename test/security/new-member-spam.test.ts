import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitSuggestion, updateSuggestion } from '../../src/features/groups/suggestions.usecases';
import { createArticle, reviseArticle } from '../../src/features/library/library.usecases';
import { replyByEmail, reply, startConversation } from '../../src/features/people/messages.usecases';
import { NEW_MEMBER } from '../../src/platform/auth/standing';
import { rowsOf } from '../../src/platform/db/database';
import { AppError } from '../../src/platform/http/errors';
import { createTestApp, createUser, type TestApp, actorFor, clientFor, type TestUser } from '../helpers/app';
import { exampleGroup, maintain } from '../helpers/groups';
import { profileForm } from '../helpers/people';
import { addTopic, articleContent, articleForm, newArticle } from '../helpers/content';

/**
 * New members' spam defences, beyond forum posts (whose link limit and
 * first-posts hold are tested in the community feature): the first few
 * articles edits, suggestions and messages of a member may carry only a
 * couple of links, and a new account only a couple of profile links. Each
 * limit sits in the use case, so the web form and reply by email meet the
 * same rule; trusted roles are not limited.
 */
let t: TestApp;
let admin: TestUser;
let pat: TestUser;
const db = () => t.database.db;
const now = () => t.clock.now();
const THREE_LINKS = 'See https://spam.example/a, https://spam.example/b and [this](https://spam.example/c).';
const TWO_LINKS = 'See https://lender.example/policy and https://lender.example/fees.';
let n = 0;
const title = (label: string) => `${label} ${process.pid}-${++n}`;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
  pat = await createUser(t.database, { displayName: 'Pat Peer' });
});
afterAll(() => t?.close());

async function count(table: string, column: string, id: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db().execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${id}`,
    ),
  );
  return rows[0]?.n ?? 0;
}

describe('articles', () => {
  it('refuses a new member’s article with more than two links, counting source links, and writes nothing', async () => {
    const member = await createUser(t.database);
    const body = await createArticle({
      db: db(),
      actor: actorFor(member),
      now: now(),
      content: articleContent({ title: title('Spam'), body: THREE_LINKS }),
      message: '',
    });
    expect(body.ok).toBe(false);
    if (!body.ok)
      expect(body.errors.body).toContain(
        `Your first ${NEW_MEMBER.contributions} article edits may contain at most ${NEW_MEMBER.links} links (this one has 3)`,
      );
    const sources = [1, 2].map((i) => ({ title: `Source ${i}`, url: `https://spam.example/${i}` }));
    const withSources = await createArticle({
      db: db(),
      actor: actorFor(member),
      now: now(),
      content: articleContent({ title: title('Spam'), body: 'One link: https://spam.example/x', sources }),
      message: '',
    });
    expect(withSources.ok).toBe(false);
    expect(await count('articles', 'created_by', member.id)).toBe(0);
    const fine = await createArticle({
      db: db(),
      actor: actorFor(member),
      now: now(),
      content: articleContent({ title: title('Lending policy'), body: TWO_LINKS }),
      message: '',
    });
    expect(fine.ok).toBe(true);
  });

  it('limits the links an edit adds (not those already on the page), until the member has made three edits', async () => {
    const author = await createUser(t.database, { role: 'editor' });
    const page = await newArticle(t, author, { title: title('Well sourced'), body: THREE_LINKS });
    const member = await createUser(t.database);
    await t.database.db.execute(sql`update articles set created_by = ${member.id} where id = ${page.id}`);
    const actor = actorFor(member);
    // Correcting a page that already cites three links is fine: the edit adds none.
    const fix = await reviseArticle({
      db: db(),
      actor,
      now: now(),
      slug: page.slug,
      baseRevision: 1,
      content: articleContent({ title: page.title, body: `${THREE_LINKS}\n\nCorrected the fee.` }),
      message: 'Fee',
    });
    expect(fix.status).toBe('saved');
    const spam = await reviseArticle({
      db: db(),
      actor,
      now: now(),
      slug: page.slug,
      baseRevision: 2,
      content: articleContent({
        title: page.title,
        body: `${THREE_LINKS}\n\n${THREE_LINKS.replace(/spam/g, 'more-spam')}`,
      }),
      message: 'More',
    });
    expect(spam.status).toBe('invalid');
    if (spam.status === 'invalid') expect(spam.errors.body).toContain('may add at most 2 links (this one adds 3)');
    // Three edits later the member is no longer new at editing.
    for (const [i, base] of [
      [1, 2],
      [2, 3],
    ] as const) {
      const more = await reviseArticle({
        db: db(),
        actor,
        now: now(),
        slug: page.slug,
        baseRevision: base,
        content: articleContent({ title: page.title, body: `${THREE_LINKS}\n\nEdit ${i}.` }),
        message: `Edit ${i}`,
      });
      expect(more.status).toBe('saved');
    }
    const later = await reviseArticle({
      db: db(),
      actor,
      now: now(),
      slug: page.slug,
      baseRevision: 4,
      content: articleContent({ title: page.title, body: `${THREE_LINKS}\n\n${THREE_LINKS.replace(/spam/g, 'more')}` }),
      message: 'Links',
    });
    expect(later.status).toBe('saved');
  });

  it('does not limit editors', async () => {
    const editor = await createUser(t.database, { role: 'editor' });
    const result = await createArticle({
      db: db(),
      actor: actorFor(editor),
      now: now(),
      content: articleContent({ title: title('Many links'), body: THREE_LINKS }),
      message: '',
    });
    expect(result.ok).toBe(true);
  });

  it('shows the limit next to the article text in the form (400)', async () => {
    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    const res = await client.post('/articles', articleForm({ title: title('Spam'), body: THREE_LINKS }), {
      from: '/articles/new',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('may contain at most 2 links (this one has 3)');
  });
});

describe('suggested edits', () => {
  it('limits the links a new member’s suggestion adds, when submitted and when updated', async () => {
    const owner = await createUser(t.database);
    const group = await exampleGroup(t, owner, admin);
    const page = await newArticle(t, owner, { title: title('Maintained page') });
    await maintain(t, owner, group, page.slug);
    const member = await createUser(t.database);
    const actor = actorFor(member);
    const spam = await submitSuggestion({
      db: db(),
      actor,
      now: now(),
      slug: page.slug,
      baseRevision: 1,
      content: articleContent({ title: page.title, body: THREE_LINKS }),
      message: 'Links',
    });
    expect(spam.status).toBe('invalid');
    if (spam.status === 'invalid')
      expect(spam.errors.body).toContain(`Your first ${NEW_MEMBER.contributions} suggestions may add at most 2 links`);
    expect(await count('suggested_edits', 'proposer_id', member.id)).toBe(0);
    const fine = await submitSuggestion({
      db: db(),
      actor,
      now: now(),
      slug: page.slug,
      baseRevision: 1,
      content: articleContent({ title: page.title, body: TWO_LINKS }),
      message: 'Sources',
    });
    expect(fine.status).toBe('saved');
    if (fine.status !== 'saved') return;
    const updated = await updateSuggestion({
      db: db(),
      actor,
      now: now(),
      id: fine.id,
      baseRevision: 1,
      content: articleContent({ title: page.title, body: `${TWO_LINKS} ${THREE_LINKS}` }),
      message: 'More',
    });
    expect(updated.status).toBe('invalid');
  });
});

describe('private messages', () => {
  it('limits links in a new member’s first messages, on the web and by email, and not after three messages', async () => {
    const member = await createUser(t.database);
    const actor = actorFor(member);
    const first = await startConversation({
      db: db(),
      actor,
      now: now(),
      to: [pat.username],
      subject: 'Offer',
      body: THREE_LINKS,
    });
    expect(first).toEqual({
      ok: false,
      errors: {
        body: expect.stringContaining(`Your first ${NEW_MEMBER.contributions} messages may contain at most 2 links`),
      },
    });
    expect(await count('messages', 'author_id', member.id)).toBe(0);
    const started = await startConversation({
      db: db(),
      actor,
      now: now(),
      to: [pat.username],
      subject: 'Courier',
      body: 'When does your courier come?',
    });
    if (!started.ok) throw new Error('not started');
    const refused = await reply({
      db: db(),
      actor,
      now: now(),
      conversationId: started.conversationId,
      body: THREE_LINKS,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('people.too_many_links');
    const byEmail = await replyByEmail(db(), now(), {
      userId: member.id,
      targetId: String(started.conversationId),
      text: THREE_LINKS,
      messageId: '<links-1@mail.test>',
    }).catch((e: unknown) => e);
    expect((byEmail as AppError).code).toBe('people.too_many_links');
    const client = await clientFor(t, member);
    const form = await client.post(
      `/messages/${started.conversationId}`,
      { body: THREE_LINKS },
      { from: `/messages/${started.conversationId}` },
    );
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('may contain at most 2 links');
    for (const text of ['Tuesdays?', 'And Thursdays?'])
      await reply({ db: db(), actor, now: now(), conversationId: started.conversationId, body: text });
    const later = await reply({
      db: db(),
      actor,
      now: now(),
      conversationId: started.conversationId,
      body: THREE_LINKS,
    });
    expect(later.messageId).toBeGreaterThan(0);
  });
});

describe('profile links', () => {
  const links = {
    link1Title: 'One',
    link1Url: 'https://a.example/',
    link2Title: 'Two',
    link2Url: 'https://b.example/',
    link3Title: 'Three',
    link3Url: 'https://c.example/',
  };

  it('lets a new account list at most two links (bio links count) for its first week', async () => {
    const member = await createUser(t.database);
    // Made "today" on the test clock (sign-up records the clock's time; the test helper leaves the database's).
    await db().execute(sql`update users set created_at = ${now().toISOString()} where id = ${member.id}`);
    const client = await clientFor(t, member);
    const from = { from: '/account/profile' };
    const res = await client.post('/account/profile', profileForm({ ...links, expertise: [], bio: 'Hello.' }), from);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      `A new account may list at most ${NEW_MEMBER.links} links in its profile for its first ${NEW_MEMBER.profileDays} days (this has 3)`,
    );
    const bio = await client.post(
      '/account/profile',
      profileForm({
        link1Title: 'One',
        link1Url: 'https://a.example/',
        link2Title: 'Two',
        link2Url: 'https://b.example/',
        expertise: [],
        bio: 'Also https://c.example/',
      }),
      from,
    );
    expect(bio.status).toBe(400);
    expect((await client.post('/account/profile', profileForm({ expertise: [] }), from)).status).toBe(303);
    t.clock.advance(NEW_MEMBER.profileDays * 86_400_000);
    try {
      expect((await client.post('/account/profile', profileForm({ ...links, expertise: [] }), from)).status).toBe(303);
    } finally {
      t.clock.advance(-NEW_MEMBER.profileDays * 86_400_000);
    }
  });

  it('does not limit editors', async () => {
    const editor = await createUser(t.database, { role: 'editor' });
    const client = await clientFor(t, editor);
    expect(
      (await client.post('/account/profile', profileForm({ ...links, expertise: [] }), { from: '/account/profile' }))
        .status,
    ).toBe(303);
  });
});
