import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventForm, eventInput } from '../../../test/helpers/events';
import { rowsOf } from '../../platform/db/database';
import { hit } from '../../platform/http/rate-limit';
import { importCalendarFile } from './events.import.usecases';
import * as repo from './events.repository';
import { createEvent, startDiscussion } from './events.usecases';

// The event's live thread (docs/decisions/033): started with an event added in the hub, on demand for imported ones.

let t: TestApp;
beforeAll(async () => {
  // 2 March 2026, 15:00 UTC; seeded: the forum's "Events" category holds the threads.
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();
const anonymous = () => new TestClient(t.app);

async function threadOf(threadId: number) {
  const [row] = rowsOf<{ title: string; status: string; author_id: number; category: string; body: string }>(
    await db().execute(sql`
      select t.title, t.status, t.author_id, c.slug as category, p.body
      from forum_threads t
      join forum_categories c on c.id = t.category_id
      join forum_posts p on p.thread_id = t.id and p.number = 1
      where t.id = ${threadId}`),
  );
  return row;
}

async function threadCount(): Promise<number> {
  return rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from forum_threads`))[0]!.n;
}

describe('an event added in the hub', () => {
  it('has its discussion thread from the start, saying what it is for, linked from its page', async () => {
    const author = await createUser(t.database);
    const { event } = await createEvent({
      db: db(),
      actor: actorFor(author),
      now: now(),
      input: eventInput({ title: 'Example webinar: [Lending] *basics*' }),
    });
    expect(event.threadId).not.toBeNull();
    expect((await repo.findEvent(db(), event.id))?.threadId).toBe(event.threadId);
    const thread = await threadOf(event.threadId!);
    expect(thread).toMatchObject({
      title: 'Discussion: Example webinar: [Lending] *basics*',
      status: 'published',
      author_id: author.id,
      category: 'events',
    });
    // The title is text, not Markdown; the dates are the event's own.
    expect(thread?.body).toBe(
      `Discussion of [Example webinar: \\[Lending\\] \\*basics\\*](/events/${event.id}) (Tue, 10 Mar 2026, 10:00–11:00 America/New_York): questions, notes and follow-up during and after the event.`,
    );
    const page = await (await anonymous().get(`/events/${event.id}`)).text();
    expect(page).toContain(`<a href="/forum/t/${event.threadId}">Join the discussion thread</a>`);
    expect(page).not.toContain('Start the discussion thread');
    const forum = await (await anonymous().get(`/forum/t/${event.threadId}`)).text();
    expect(forum).toContain('Example webinar: [Lending] *basics*');
    expect(forum).toContain('questions, notes and follow-up during and after the event.');
    // Asking for it again sends everyone to the same thread.
    const again = await startDiscussion({
      db: db(),
      actor: actorFor(await createUser(t.database)),
      now: now(),
      eventId: event.id,
    });
    expect(again.threadId).toBe(event.threadId);
  });

  it('through the form: the answer’s page links the new thread', async () => {
    const client = await clientFor(t, await createUser(t.database));
    const res = await client.post('/events', eventForm({ title: 'Example form webinar with a thread' }), {
      from: '/events/new',
    });
    expect(res.status).toBe(303);
    const id = Number(/^\/events\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const event = await repo.findEvent(db(), id);
    expect(event?.threadId).not.toBeNull();
    expect((await threadOf(event!.threadId!))?.title).toBe('Discussion: Example form webinar with a thread');
    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(page).toContain('Event added.');
    expect(page).toContain(`<a href="/forum/t/${event!.threadId}">Join the discussion thread</a>`);
  });

  it('is still added when the forum refuses the thread (the member’s posting rate); the thread stays on demand', async () => {
    const author = await createUser(t.database);
    // The member has used up their forum posts for this window.
    for (let i = 0; i < 8; i++)
      await hit(db(), { name: 'forum:post', limit: 8, windowSeconds: 300 }, String(author.id), now());
    const before = await threadCount();
    const { event } = await createEvent({
      db: db(),
      actor: actorFor(author),
      now: now(),
      input: eventInput({ title: 'Example event while rate limited' }),
    });
    expect(event.threadId).toBeNull();
    expect(await repo.findEvent(db(), event.id)).toMatchObject({
      title: 'Example event while rate limited',
      threadId: null,
    });
    expect(await threadCount()).toBe(before);
    const page = await (await (await clientFor(t, author)).get(`/events/${event.id}`)).text();
    expect(page).toContain('Start the discussion thread');
    // Once the window has passed, the first member who asks starts it.
    t.clock.advance(10 * 60_000);
    const { threadId } = await startDiscussion({ db: db(), actor: actorFor(author), now: now(), eventId: event.id });
    expect((await repo.findEvent(db(), event.id))?.threadId).toBe(threadId);
  });
});

describe('an imported event', () => {
  it('gets no thread until a member starts it; then everyone is sent to the same one', async () => {
    const before = await threadCount();
    const report = await importCalendarFile({
      db: db(),
      actor: null,
      operator: true,
      now: now(),
      bytes: fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/ics/outlook-example.ics')),
      settings: {
        kind: 'webinar',
        cost: 'free',
        feeAmount: '',
        format: 'virtual',
        organiserGroupId: null,
        organiserName: 'Example Consortium',
        organiserUrl: '',
        defaultZone: 'UTC',
      },
    });
    expect(report.created).toBe(3);
    expect(await threadCount()).toBe(before);
    const id = report.ids[0]!;
    expect((await repo.findEvent(db(), id))?.threadId).toBeNull();
    const member = await clientFor(t, await createUser(t.database));
    const from = `/events/${id}`;
    expect(await (await member.get(from)).text()).toContain('Start the discussion thread');
    const started = await member.post(`${from}/discussion`, {}, { from });
    expect(started.status).toBe(303);
    const threadPath = started.headers.get('location')!;
    expect(threadPath).toMatch(/^\/forum\/t\/\d+$/);
    const other = await clientFor(t, await createUser(t.database));
    expect((await other.post(`${from}/discussion`, {}, { from })).headers.get('location')).toBe(threadPath);
    expect(await threadCount()).toBe(before + 1);
    expect(await (await anonymous().get(from)).text()).toContain(
      `<a href="${threadPath}">Join the discussion thread</a>`,
    );
  });
});
