// Signed-in pages reuse what every reader sees alike (shared parts, per public change) and keep each member's
// own parts (watch state, edit rights, header counts, standing) per member for a few seconds. Neither may ever
// carry one member's parts to another member or to anonymous readers, whatever order the pages are read in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureSystemUser } from '../../src/features/accounts';
import { suspendMember } from '../../src/features/community/moderation.usecases';
import { createThread, replyToThread, toggleHelpful } from '../../src/features/community/community.usecases';
import { findArticle, loadStarterContent } from '../../src/features/library';
import { notify } from '../../src/features/notifications';
import { watchTarget } from '../../src/features/notifications/watches.usecases';
import type { Actor } from '../../src/platform/auth/actor';
import { createTestApp, createUser, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/client';

let t: TestApp;
type Person = Actor & { client: TestClient; password: string };
let alice: Person;
let bob: Person;
let carol: Person;
let mod: Person;
const anonymous = () => new TestClient(t.app);
const db = () => t.database.db;
const now = () => t.clock.now();

async function person(role: Actor['role'], name: string): Promise<Person> {
  const user = await createUser(t.database, {
    role,
    displayName: name,
    username: name.toLowerCase().replace(/\W/g, ''),
  });
  const client = new TestClient(t.app);
  await client.signIn(user.email, user.password);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    client,
    password: user.password,
  };
}

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1];

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  const systemUserId = await ensureSystemUser(db(), now());
  await loadStarterContent({ db: db(), now: now(), contentDir: 'content', systemUserId });
  alice = await person('member', 'Alice Quillfeather');
  bob = await person('editor', 'Bob Stacksworth');
  carol = await person('member', 'Carol Pagewright');
  mod = await person('moderator', 'Morgan Gatekeeper');
});
afterAll(() => t.close());

describe('personal parts of signed-in pages', () => {
  it('the article page shows each member their own watch state and rights, and anonymous readers nothing personal', async () => {
    const path = '/articles/hard-citations';
    const article = await findArticle(db(), 'hard-citations');
    await watchTarget({
      db: db(),
      actor: alice,
      now: now(),
      targetType: 'article',
      targetId: String(article!.id),
      delivery: 'immediate',
    });
    // Twice round, Alice first: every shared and personal part is made while she asks, then reused.
    const pages = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      for (const [name, client] of [
        ['alice', alice.client],
        ['anonymous', anonymous()],
        ['bob', bob.client],
        ['carol', carol.client],
      ] as const) {
        const res = await client.get(path);
        expect(res.status).toBe(200);
        pages.set(name, await res.text());
      }
    }
    const a = pages.get('alice')!;
    const b = pages.get('bob')!;
    const c = pages.get('carol')!;
    const anon = pages.get('anonymous')!;
    expect(a).toContain('You are watching this article');
    expect(a).toContain(alice.displayName);
    expect(a).not.toContain('Edit this article');
    expect(b).toContain('Edit this article');
    for (const page of [b, c, anon]) {
      expect(page).not.toContain('You are watching this article');
      expect(page).not.toContain(alice.displayName);
    }
    expect(c).not.toContain('Edit this article');
    expect(c).not.toContain(bob.displayName);
    // Each member's forms carry their own CSRF token; the anonymous page carries none, nor any name.
    const tokens = [a, b, c].map(csrfOf);
    expect(new Set(tokens).size).toBe(3);
    expect(tokens.every(Boolean)).toBe(true);
    expect(anon).not.toContain('name="_csrf"');
    expect(anon).not.toContain('action="/sign-out"');
    for (const someone of [alice, bob, carol]) expect(anon).not.toContain(someone.displayName);
  });

  it('the thread page shows each member their own reactions, standing and tools', async () => {
    const started = await createThread({
      db: db(),
      actor: bob,
      now: now(),
      input: {
        title: 'Packing microfilm for the courier',
        body: 'How do you pack reels?',
        categorySlug: 'lending',
        kind: 'discussion',
        topicSlugs: [],
      },
      idempotencyKey: null,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    const threadId = started.thread.id;
    const reply = await replyToThread({
      db: db(),
      actor: bob,
      now: now(),
      threadId,
      body: 'Padded boxes, reels upright.',
      idempotencyKey: null,
    });
    if (!reply.ok) throw new Error(JSON.stringify(reply.errors));
    await toggleHelpful({ db: db(), actor: alice, now: now(), postId: reply.post.id });
    await suspendMember({ db: db(), actor: mod, now: now(), userId: carol.id, days: 3, reason: 'Advertising' });
    const path = `/forum/t/${threadId}`;
    const pages = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      for (const [name, client] of [
        ['alice', alice.client],
        ['carol', carol.client],
        ['anonymous', anonymous()],
        ['mod', mod.client],
        ['bob', bob.client],
      ] as const) {
        const res = await client.get(path);
        expect(res.status).toBe(200);
        pages.set(name, await res.text());
      }
    }
    const [a, c, anon, m, b] = ['alice', 'carol', 'anonymous', 'mod', 'bob'].map((n) => pages.get(n)!);
    expect(a).toContain('Helpful (you said so)');
    expect(a).toContain('Your reply');
    expect(c).toContain('You are suspended');
    expect(m).toContain('Moderator tools');
    for (const page of [c, anon, m, b]) expect(page).not.toContain('Helpful (you said so)');
    for (const page of [a, anon, m, b]) expect(page).not.toContain('You are suspended');
    for (const page of [a, c, anon, b]) expect(page).not.toContain('Moderator tools');
    expect(anon).not.toContain('name="_csrf"');
    for (const someone of [alice, carol, mod]) expect(anon).not.toContain(someone.displayName);
    // The reply and watch forms are made once with holes: every form on a member's page carries that member's
    // own token, the autosave is the member's own, and each page gets a fresh form key.
    const tokensOn = (page: string) => new Set([...page.matchAll(/name="_csrf" value="([^"]+)"/g)].map((x) => x[1]));
    const signedIn = [a!, m!, b!];
    for (const [page, who] of [
      [a!, alice],
      [m!, mod],
      [b!, bob],
    ] as const) {
      expect(tokensOn(page).size, who.displayName).toBe(1);
      expect(page).toContain(`data-draft-owner="${who.id}"`);
      expect(page).toContain('action="/watch"');
    }
    // The thread's author watches it; the watch form made for him is not shown to the others.
    expect(b).toContain('You are watching this thread');
    for (const page of [a, m]) expect(page).not.toContain('You are watching this thread');
    expect(new Set(signedIn.map(csrfOf)).size).toBe(3);
    const formKeys = signedIn.map((page) => page.match(/name="idempotencyKey" value="([^"]+)"/)?.[1]);
    expect(formKeys.every(Boolean)).toBe(true);
    expect(new Set(formKeys).size).toBe(3);
  });

  it('the header is kept per session: a member’s two sessions each get their own sign-out token, never another’s', async () => {
    const second = new TestClient(t.app);
    await second.signIn(carol.email, carol.password);
    const signOutToken = (html: string) =>
      html.match(/action="\/sign-out"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/)?.[1];
    const firstPages: string[] = [];
    const secondPages: string[] = [];
    const alicePages: string[] = [];
    for (let round = 0; round < 2; round++) {
      firstPages.push(await (await carol.client.get('/articles/hard-citations')).text());
      secondPages.push(await (await second.get('/articles/hard-citations')).text());
      alicePages.push(await (await alice.client.get('/articles/hard-citations')).text());
    }
    const first = firstPages.map(signOutToken);
    const other = secondPages.map(signOutToken);
    const hers = alicePages.map(signOutToken);
    for (const tokens of [first, other, hers]) {
      expect(tokens[0]).toBeTruthy();
      expect(tokens[1]).toBe(tokens[0]);
    }
    expect(new Set([first[0], other[0], hers[0]]).size).toBe(3);
    for (const page of alicePages) expect(page).not.toContain(carol.displayName);
    // The token in the header is the session's own: signing the second session out leaves the first signed in.
    expect((await second.post('/sign-out', {}, { csrf: other[0]! })).status).toBe(303);
    expect(await (await second.get('/articles/hard-citations')).text()).not.toContain('action="/sign-out"');
    expect(signOutToken(await (await carol.client.get('/articles/hard-citations')).text())).toBe(first[0]);
  });

  it('header counts are each member’s own, and follow new notifications as soon as they are announced', async () => {
    const before = await (await alice.client.get('/articles/hard-citations')).text();
    expect(before).not.toContain('unread)');
    await db().transaction((tx) =>
      notify(tx, {
        userIds: [alice.id],
        kind: 'mention',
        actorId: bob.id,
        subjectType: 'thread',
        subjectId: '1',
        url: '/forum',
        title: 'Bob mentioned you',
        now: now(),
      }),
    );
    // Made outside any request (as the fan-out job does): the change reaches the cache by NOTIFY, which on
    // PostgreSQL arrives over the listening connection a moment after the commit.
    await vi.waitFor(async () =>
      expect(await (await alice.client.get('/articles/hard-citations')).text()).toContain('(1 unread)'),
    );
    expect(await (await carol.client.get('/articles/hard-citations')).text()).not.toContain('unread)');
    expect(await (await anonymous().get('/articles/hard-citations')).text()).not.toContain('unread)');
  });
});
