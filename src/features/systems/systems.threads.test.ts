// The vendor right of reply in forum threads (issue 15): a verified representative of a system labels a reply in that
// system's forum category as the vendor's response, through the forum's one posting use case; nobody else may, and
// nobody's posts change. Use cases, then the routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { key, reply, startThread } from '../../../test/helpers/forum';
import { errorCode } from '../../../test/helpers/http';
import { AppError } from '../../platform/http/errors';
import { editPost, replyToThread } from '../community/community.usecases';
import { verifyRepresentative, withdrawRepresentative } from './systems.usecases';

let t: TestApp;
let admin: TestUser;
let member: TestUser;
beforeAll(async () => {
  // The starter system pages and the forum's categories (one per system, e.g. "systems-alma").
  t = await createTestApp({ seed: true });
  admin = await createUser(t.database, { role: 'admin' });
  member = await createUser(t.database, { displayName: 'Mo Member' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.code}`;
    throw error;
  }
}

/** A member verified by an administrator as speaking for `slug`'s maker. */
async function representative(slug: string, organisation: string): Promise<TestUser> {
  const user = await createUser(t.database);
  await verifyRepresentative({
    db: db(),
    actor: actorFor(admin),
    now: now(),
    slug,
    username: user.username,
    organisation,
  });
  return user;
}

async function question(categorySlug: string) {
  // A new asker each time: one person's threads would soon meet the forum's posting limit.
  const asker = await createUser(t.database, { displayName: 'Asha Asker' });
  const { thread } = await startThread(t, asker, {
    categorySlug,
    title: 'Does the lending queue skip expired requests?',
    body: 'Our lending queue keeps requests that expired last week.',
  });
  return thread;
}

const vendorReply = (who: TestUser, threadId: number, body = 'This is fixed in the May release; see the notes.') =>
  replyToThread({ db: db(), actor: actorFor(who), now: now(), threadId, body, idempotencyKey: key(), asVendor: true });

describe('labelling a reply as the vendor’s response (use case)', () => {
  it('lets a verified representative of Alma label a reply in Alma’s category', async () => {
    const rep = await representative('alma', 'Ex Libris');
    const thread = await question('systems-alma');
    const result = await vendorReply(rep, thread.id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.post).toMatchObject({ vendorSystem: 'alma', vendorName: 'Ex Libris', status: 'published' });
    // An ordinary reply by the same person carries no label: the label is chosen, never assumed.
    const plain = await reply(t, rep, thread.id, 'Speaking for myself: we use it too.');
    expect(plain.post).toMatchObject({ vendorSystem: null, vendorName: null });
  });

  it('finds the system’s category by another spelling (WorldShare ILL’s is “systems-worldshare”)', async () => {
    const rep = await representative('worldshare-ill', 'OCLC');
    const thread = await question('systems-worldshare');
    const result = await vendorReply(rep, thread.id);
    expect(result.ok && result.post.vendorName).toBe('OCLC');
  });

  it('refuses the representative of Alma in ILLiad’s category, and in a category of no system', async () => {
    const rep = await representative('alma', 'Ex Libris');
    for (const category of ['systems-illiad', 'borrowing']) {
      const thread = await question(category);
      expect(await codeOf(() => vendorReply(rep, thread.id))).toBe('403 forum.not_vendor_representative');
      expect(await (await t.app.request(`/forum/t/${thread.id}`)).text()).not.toContain('Vendor response');
    }
  });

  it('refuses a member nobody verified, and a representative whose verification was withdrawn', async () => {
    const thread = await question('systems-alma');
    const member = await createUser(t.database);
    expect(await codeOf(() => vendorReply(member, thread.id))).toBe('403 forum.not_vendor_representative');

    const rep = await representative('alma', 'Ex Libris');
    const before = await vendorReply(rep, thread.id, 'Posted while verified.');
    expect(before.ok).toBe(true);
    await withdrawRepresentative({ db: db(), actor: actorFor(admin), now: now(), slug: 'alma', userId: rep.id });
    expect(await codeOf(() => vendorReply(rep, thread.id, 'Posted after.'))).toBe(
      '403 forum.not_vendor_representative',
    );
    // What they posted while verified keeps its label, saying so (docs/decisions/030).
    const html = await (await t.app.request(`/forum/t/${thread.id}`)).text();
    expect(html).toContain('Vendor response · Ex Libris');
    expect(html).toContain('Posted while verified by the hub’s administrators as speaking for Ex Libris');
    // Only an administrator withdraws a verification.
    const other = await representative('alma', 'Ex Libris');
    expect(
      await codeOf(() =>
        withdrawRepresentative({ db: db(), actor: actorFor(member), now: now(), slug: 'alma', userId: other.id }),
      ),
    ).toBe('403 http.forbidden');
  });

  it('still goes through the forum’s rules: a locked thread takes no vendor response either', async () => {
    const rep = await representative('alma', 'Ex Libris');
    const thread = await question('systems-alma');
    const moderator = await createUser(t.database, { role: 'moderator' });
    const { changeThread } = await import('../community/moderation.usecases');
    await changeThread({
      db: db(),
      actor: actorFor(moderator),
      now: now(),
      threadId: thread.id,
      change: { locked: true },
    });
    expect(await codeOf(() => vendorReply(rep, thread.id))).toBe('409 forum.thread_locked');
  });

  it('gives a representative no power over other people’s posts', async () => {
    const rep = await representative('alma', 'Ex Libris');
    const thread = await question('systems-alma');
    const theirs = await reply(t, member, thread.id, 'The queue skips nothing for us.');
    expect(
      await codeOf(() =>
        editPost({
          db: db(),
          actor: actorFor(rep),
          now: now(),
          postId: theirs.post.id,
          body: 'Rewritten by a vendor.',
        }),
      ),
    ).toBe('403 forum.not_your_post');
    const client = await clientFor(t, rep);
    const token = await client.csrf(`/forum/t/${thread.id}`);
    const answer = await client.post(`/forum/p/${theirs.post.id}/edit`, { body: 'Rewritten.' }, { csrf: token });
    expect(answer.status).toBe(403);
    expect(errorCode(await answer.text())).toBe('forum.not_your_post');
    expect((await client.get(`/forum/p/${theirs.post.id}/edit`)).status).toBe(403);
    const html = await (await t.app.request(`/forum/t/${thread.id}`)).text();
    expect(html).toContain('The queue skips nothing for us.');
    expect(html).not.toContain('Rewritten');
  });

  it('shows a script in a response as harmless text on the thread page and in the category’s feed', async () => {
    // The organisation an administrator typed is text too.
    const rep = await representative('alma', 'Ex <b>Libris</b> & Co');
    const thread = await question('systems-alma');
    const body =
      'Fixed in 2.1. <script>alert("owned")</script> <img src=x onerror="alert(1)"> [notes](javascript:alert(2))';
    const result = await vendorReply(rep, thread.id, body);
    expect(result.ok).toBe(true);

    const page = await (await t.app.request(`/forum/t/${thread.id}`)).text();
    expect(page).toContain('Vendor response · Ex &lt;b&gt;Libris&lt;/b&gt; &amp; Co');
    expect(page).toContain('Fixed in 2.1.');
    expect(page).not.toMatch(/<script>alert|<img[^>]*onerror|href="javascript:|<b>Libris/i);

    const feed = await (await t.app.request('/forum/c/systems-alma/feed.atom')).text();
    const entry = feed.split('<entry>').find((e) => e.includes('Fixed in 2.1.'))!;
    expect(entry).toContain('<title>Re: Does the lending queue skip expired requests? (Vendor response · Ex');
    // The entry's HTML, once a feed reader unescapes it, carries the label and no live markup.
    const content = entry
      .match(/<content type="html">([\s\S]*?)<\/content>/)![1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    expect(content).toContain('<p><strong>Vendor response · Ex &lt;b&gt;Libris&lt;/b&gt; &amp; Co</strong></p>');
    expect(content).not.toMatch(/<script|<img[^>]*onerror|href="javascript:|<b>Libris/i);
  });
});

describe('the reply form and the reply route', () => {
  it('offers the label only to the verified representative of the thread’s system', async () => {
    const rep = await representative('alma', 'Ex Libris');
    const otherRep = await representative('illiad', 'Atlas Systems');
    const member = await createUser(t.database);
    const thread = await question('systems-alma');
    const choice = 'Post as the vendor’s response from Ex Libris';
    const formOf = async (who: TestUser, path: string) => (await (await clientFor(t, who)).get(path)).text();
    expect(await formOf(rep, `/forum/t/${thread.id}`)).toContain(choice);
    expect(await formOf(rep, `/forum/t/${thread.id}/reply`)).toContain(choice);
    for (const who of [otherRep, member]) {
      const html = await formOf(who, `/forum/t/${thread.id}`);
      expect(html).toContain('Post reply');
      expect(html).not.toContain('name="asVendor"');
    }
  });

  it('posts a labelled reply from the form, and answers 403 to anyone else who sends the field', async () => {
    const rep = await representative('alma', 'Ex Libris');
    const member = await createUser(t.database);
    const thread = await question('systems-alma');

    const client = await clientFor(t, rep);
    const token = await client.csrf(`/forum/t/${thread.id}`);
    const posted = await client.post(
      `/forum/t/${thread.id}/replies`,
      { body: 'We are looking into the expired requests.', asVendor: 'yes', intent: 'post', idempotencyKey: key() },
      { csrf: token },
    );
    expect(posted.status).toBe(303);
    const page = await (await t.app.request(`/forum/t/${thread.id}`)).text();
    expect(page).toMatch(/<span class="badge badge-vendor" id="post-\d+-vendor">Vendor response · Ex Libris<\/span>/);
    // The post is named by its byline and its label.
    expect(page).toMatch(/aria-labelledby="post-(\d+)-by post-\1-vendor"/);

    const stranger = await clientFor(t, member);
    const refused = await stranger.post(
      `/forum/t/${thread.id}/replies`,
      { body: 'Pretending to be the vendor.', asVendor: 'yes', intent: 'post', idempotencyKey: key() },
      { csrf: await stranger.csrf(`/forum/t/${thread.id}`) },
    );
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.text())).toBe('forum.not_vendor_representative');
    expect((await (await t.app.request(`/forum/t/${thread.id}`)).text()).includes('Pretending')).toBe(false);
  });

  it('lets an administrator withdraw a verification from the system page; the label is then no longer offered', async () => {
    const rep = await representative('illiad', 'Atlas Systems');
    const thread = await question('systems-illiad');
    const repClient = await clientFor(t, rep);
    expect(await (await repClient.get(`/forum/t/${thread.id}`)).text()).toContain('name="asVendor"');

    const stranger = await clientFor(t, member);
    const path = `/systems/illiad/representatives/${rep.id}/withdraw`;
    const forbidden = await stranger.post(path, {}, { csrf: await stranger.csrf(`/forum/t/${thread.id}`) });
    expect(forbidden.status).toBe(403);

    const adminClient = await clientFor(t, admin);
    const systemPage = await (await adminClient.get('/systems/illiad')).text();
    expect(systemPage).toContain(`action="${path}"`);
    expect(systemPage).toContain(
      `Withdraw the verification<span class="visually-hidden"> of ${rep.displayName}</span>`,
    );
    const withdrawn = await adminClient.post(path, {}, { csrf: await adminClient.csrf() });
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toBe('/systems/illiad?notice=withdrawn');
    expect(await (await repClient.get(`/forum/t/${thread.id}`)).text()).not.toContain('name="asVendor"');
    // Withdrawn once: a second time there is nothing to withdraw.
    const again = await adminClient.post(path, {}, { csrf: await adminClient.csrf('/systems/illiad') });
    expect(again.status).toBe(404);
    expect(errorCode(await again.text())).toBe('systems.representative_not_found');
  });
});
