// Each hub process keeps resolved sessions for a few seconds (SESSION_CACHE_TTL_MS, 30 s), so a signed-in page
// costs no query for who is asking. A change made through one process must still reach the other well within
// that lifetime: the NOTIFY of the change's event drops the person's sessions in every process.
import { describe, expect, it, vi } from 'vitest';
import { createThread } from '../../src/features/community/community.usecases';
import { SESSION_CACHE_TTL_MS } from '../../src/platform/auth/sessions';
import { createUser } from '../helpers/app';
import { httpClient } from '../helpers/client';
import { useTwoHubs } from '../helpers/two-hubs';

/** Well inside the cache's lifetime: passing proves the NOTIFY, not the expiry, did it. */
const WITHIN = { timeout: SESSION_CACHE_TTL_MS / 3, interval: 50 };

const hubs = useTwoHubs('session-cache');

/** Signed in on process A; `onB` carries the same session cookie to process B. */
async function signedIn(role: 'member' | 'moderator' | 'admin' = 'member') {
  const user = await createUser(hubs.database, { role });
  const onA = httpClient(hubs.a.url);
  await onA.signIn(user.email, user.password);
  const onB = httpClient(hubs.b.url);
  onB.cookies = new Map(onA.cookies);
  return { user, onA, onB };
}

describe('sessions cached in two hub processes on one PostgreSQL database', () => {
  it('signing out through process A ends the session on process B too', async () => {
    const { user, onA, onB } = await signedIn();
    // Process B resolves (and caches) the session.
    expect(await (await onB.get('/account')).text()).toContain(user.email);
    const stolen = new Map(onA.cookies);
    expect((await onA.post('/sign-out', {}, { from: '/account' })).status).toBe(303);
    // Someone still holding the cookie is anonymous on B as soon as the sign-out's NOTIFY arrives.
    onB.cookies = stolen;
    await vi.waitFor(async () => {
      const res = await onB.get('/account');
      expect(res.status).not.toBe(200);
      expect(await res.text()).not.toContain(user.email);
    }, WITHIN);
  });

  it('a role changed through process A applies on process B', async () => {
    const { user, onB } = await signedIn();
    const admin = await signedIn('admin');
    expect((await onB.get('/admin/users')).status).toBe(403);
    const changed = await admin.onA.post(`/admin/users/${user.id}/role`, { role: 'admin' }, { from: '/admin/users' });
    expect(changed.status).toBe(303);
    await vi.waitFor(async () => expect((await onB.get('/admin/users')).status).toBe(200), WITHIN);
  });

  it('a suspension made through process A shows on process B, and lifting it too', async () => {
    const { user, onB } = await signedIn();
    const moderator = await signedIn('moderator');
    const author = await createUser(hubs.database, { role: 'editor' });
    const started = await createThread({
      db: hubs.database.db,
      actor: {
        id: author.id,
        username: author.username,
        displayName: author.displayName,
        email: author.email,
        role: author.role,
      },
      now: new Date(),
      input: {
        title: 'Courier days across processes',
        body: 'Which days does your courier come?',
        categorySlug: 'lending',
        kind: 'discussion',
        topicSlugs: [],
      },
      idempotencyKey: null,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    const threadPath = `/forum/t/${started.thread.id}`;
    expect(await (await onB.get(threadPath)).text()).toContain('Your reply');

    const suspended = await moderator.onA.post(
      `/moderation/members/${user.id}/suspend`,
      { days: '3', reason: 'Advertising' },
      { from: `/moderation/members/${user.id}/suspend` },
    );
    expect(suspended.status).toBe(303);
    await vi.waitFor(
      async () => expect(await (await onB.get(threadPath)).text()).toContain('You are suspended'),
      WITHIN,
    );
    // Every action is refused on B as well.
    const reply = await onB.post(`${threadPath}/replies`, { body: 'Tuesdays.' }, { from: threadPath });
    expect(reply.status).toBe(403);

    const page = await (await moderator.onA.get('/moderation')).text();
    const lift = page.match(/action="(\/moderation\/suspensions\/\d+\/lift)"/)?.[1];
    expect(lift).toBeDefined();
    expect((await moderator.onA.post(lift!, {}, { from: '/moderation' })).status).toBe(303);
    await vi.waitFor(async () => expect(await (await onB.get(threadPath)).text()).toContain('Your reply'), WITHIN);
  });
});
