import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { eventInput } from '../../../test/helpers/events';
import { exampleGroup } from '../../../test/helpers/groups';
import { insertSuspension, liftSuspension, SUSPENDED_CODE } from '../../platform/auth/standing';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { EVENT_LIMITS } from './events.models';
import { questionsOf } from './events.questions.repository';
import { askQuestion, removeQuestion, secondQuestion } from './events.questions.usecases';
import { addSession, cancelEvent, createEvent } from './events.usecases';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  // 2 March 2026, 15:00 UTC: the example event starts on 10 March.
  t = await createTestApp();
  admin = await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

async function added(author: TestUser, over: Parameters<typeof eventInput>[0] = {}) {
  const { event } = await createEvent({ db: db(), actor: actorFor(author), now: now(), input: eventInput(over) });
  return event;
}

async function ask(
  who: TestUser,
  eventId: number,
  body = 'How do you handle lost returnables?',
  sessionId = null as number | null,
) {
  const result = await askQuestion({ db: db(), actor: actorFor(who), now: now(), eventId, sessionId, body });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

async function auditCount(type: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db().execute(sql`select count(*)::int as n from events where type = ${type}`),
  );
  return Number(rows[0]?.n ?? 0);
}

describe('asking the speakers a question', () => {
  it('takes a member’s question before the event, lists it with their name, and records the change', async () => {
    const organiser = await createUser(t.database);
    const asker = await createUser(t.database, { displayName: 'Example Asker' });
    const event = await added(organiser);
    const before = await auditCount('calendar.question_asked');
    const id = await ask(asker, event.id, '  What goes in a\r\nborrowing request?  ');
    const list = await questionsOf(db(), event.id, null);
    expect(list).toEqual([
      expect.objectContaining({
        id,
        authorName: 'Example Asker',
        body: 'What goes in a\nborrowing request?',
        votes: 0,
      }),
    ]);
    expect(await auditCount('calendar.question_asked')).toBe(before + 1);
  });

  it('is closed once the event has started, and on a cancelled event', async () => {
    const organiser = await createUser(t.database);
    const asker = await createUser(t.database);
    const started = await added(organiser, {
      startsAt: new Date('2026-03-02T14:00:00Z'),
      endsAt: new Date('2026-03-02T16:00:00Z'),
    });
    expect(await codeOf(() => ask(asker, started.id))).toBe('events.questions_closed');
    const cancelled = await added(organiser);
    await cancelEvent({ db: db(), actor: actorFor(organiser), now: now(), id: cancelled.id });
    expect(await codeOf(() => ask(asker, cancelled.id))).toBe('events.questions_closed');
    expect(await questionsOf(db(), started.id, null)).toEqual([]);
  });

  it('refuses a suspended member, and takes the same question once the suspension is lifted', async () => {
    const organiser = await createUser(t.database);
    const asker = await createUser(t.database);
    const event = await added(organiser);
    const suspension = await insertSuspension(db(), {
      userId: asker.id,
      until: new Date(now().getTime() + 86_400_000),
      reason: 'Example: posting adverts',
      createdBy: admin.id,
      now: now(),
    });
    expect(await codeOf(() => ask(asker, event.id))).toBe(SUSPENDED_CODE);
    expect(await questionsOf(db(), event.id, null)).toEqual([]);
    await liftSuspension(db(), suspension, admin.id, now());
    expect(await codeOf(() => ask(asker, event.id))).toBe('accepted');
  });

  it('refuses readers and anonymous visitors', async () => {
    const event = await added(await createUser(t.database));
    const reader = await createUser(t.database, { role: 'reader' });
    expect(await codeOf(() => ask(reader, event.id))).toBe('http.forbidden');
    expect(
      await codeOf(() =>
        askQuestion({ db: db(), actor: null, now: now(), eventId: event.id, sessionId: null, body: 'Hi' }),
      ),
    ).toBe('auth.sign_in_required');
  });

  it('answers an empty or over-long question, or a session of another event, with field errors and saves nothing', async () => {
    const organiser = await createUser(t.database);
    const asker = await createUser(t.database);
    const event = await added(organiser);
    const other = await added(organiser);
    const { session } = await addSession({
      db: db(),
      actor: actorFor(organiser),
      now: now(),
      eventId: other.id,
      input: {
        title: 'Elsewhere',
        speakers: [],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: '',
        link: '',
        materials: '',
      },
    });
    const as = (body: string, sessionId: number | null = null) =>
      askQuestion({ db: db(), actor: actorFor(asker), now: now(), eventId: event.id, sessionId, body });
    expect(await as('   ')).toEqual({ ok: false, errors: { body: 'Write your question.' } });
    const long = await as('x'.repeat(EVENT_LIMITS.question + 1));
    expect(long.ok).toBe(false);
    expect(!long.ok && long.errors.body).toContain(`longer than ${EVENT_LIMITS.question} characters`);
    expect(await as('x'.repeat(EVENT_LIMITS.question))).toMatchObject({ ok: true });
    const wrong = await as('For the other event’s session?', session.id);
    expect(!wrong.ok && wrong.errors.sessionId).toContain('Choose one of this event’s sessions');
    expect((await questionsOf(db(), event.id, null)).map((q) => q.body.length)).toEqual([EVENT_LIMITS.question]);
  });

  it('files a question under one of the event’s sessions', async () => {
    const organiser = await createUser(t.database);
    const event = await added(organiser);
    const { session } = await addSession({
      db: db(),
      actor: actorFor(organiser),
      now: now(),
      eventId: event.id,
      input: {
        title: 'Copyright limits',
        speakers: [{ name: 'Example Speaker' }],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: '',
        link: '',
        materials: '',
      },
    });
    await ask(await createUser(t.database), event.id, 'Does the rule of five apply to e-journals?', session.id);
    expect((await questionsOf(db(), event.id, null)).map((q) => q.sessionId)).toEqual([session.id]);
  });

  it('limits how fast one member posts questions, as the forum limits replies', async () => {
    const event = await added(await createUser(t.database));
    const asker = await createUser(t.database);
    const codes: string[] = [];
    for (let i = 0; i < 9; i++) codes.push(await codeOf(() => ask(asker, event.id, `Example question ${i}`)));
    expect(codes.slice(0, 8)).toEqual(Array(8).fill('accepted'));
    expect(codes[8]).toBe('http.rate_limited');
    t.clock.advance(5 * 60_000);
  });
});

describe('removing a question', () => {
  it('lets its author delete it, refuses another member (403) and keeps it', async () => {
    const event = await added(await createUser(t.database));
    const author = await createUser(t.database);
    const other = await createUser(t.database);
    const id = await ask(author, event.id);
    const remove = (who: TestUser) => () =>
      removeQuestion({ db: db(), actor: actorFor(who), now: now(), eventId: event.id, questionId: id });
    const refused = await remove(other)().catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: 'events.may_not_remove_question', status: 403 });
    expect((await questionsOf(db(), event.id, null)).map((q) => q.id)).toEqual([id]);
    expect(await codeOf(remove(author))).toBe('accepted');
    expect(await questionsOf(db(), event.id, null)).toEqual([]);
    expect(await codeOf(remove(author))).toBe('events.question_not_found');
  });

  it('lets the event’s organisers (its creator, its group’s stewards) and moderators remove any question; not plain group members', async () => {
    const owner = await createUser(t.database);
    const steward = await createUser(t.database);
    const plain = await createUser(t.database);
    const creator = await createUser(t.database);
    const moderator = await createUser(t.database, { role: 'moderator' });
    const group = await exampleGroup(t, owner, admin, {
      members: [
        [steward, 'steward'],
        [plain, 'member'],
        [creator, 'member'],
      ],
    });
    const event = await added(creator, { organiserGroupId: group.id, organiserName: '' });
    const asker = await createUser(t.database);
    const remove = (who: TestUser, questionId: number) => () =>
      removeQuestion({ db: db(), actor: actorFor(who), now: now(), eventId: event.id, questionId });
    expect(await codeOf(remove(plain, await ask(asker, event.id, 'One')))).toBe('events.may_not_remove_question');
    for (const who of [creator, steward, moderator])
      expect(await codeOf(remove(who, await ask(asker, event.id, `For ${who.displayName}`)))).toBe('accepted');
    expect((await questionsOf(db(), event.id, null)).map((q) => q.body)).toEqual(['One']);
  });

  it('may still be done after the event has started', async () => {
    const organiser = await createUser(t.database);
    const event = await added(organiser, {
      startsAt: new Date('2026-03-03T10:00:00Z'),
      endsAt: new Date('2026-03-03T11:00:00Z'),
    });
    const id = await ask(await createUser(t.database), event.id);
    const before = now();
    t.clock.set('2026-03-03T10:30:00Z');
    try {
      expect(
        await codeOf(() =>
          removeQuestion({ db: db(), actor: actorFor(organiser), now: now(), eventId: event.id, questionId: id }),
        ),
      ).toBe('accepted');
    } finally {
      t.clock.set(before);
    }
  });
});

describe('“I want to ask this too”', () => {
  it('counts other members once each, puts the most wanted first, and refuses the author', async () => {
    const event = await added(await createUser(t.database));
    const first = await createUser(t.database);
    const second = await createUser(t.database);
    const a = await ask(first, event.id, 'Older question');
    t.clock.advance(1000);
    const b = await ask(second, event.id, 'Newer question');
    expect((await questionsOf(db(), event.id, null)).map((q) => q.id)).toEqual([b, a]);
    const voter = await createUser(t.database);
    const on =
      (who: TestUser, questionId: number, yes = true) =>
      () =>
        secondQuestion({ db: db(), actor: actorFor(who), now: now(), eventId: event.id, questionId, on: yes });
    expect(await codeOf(on(voter, a))).toBe('accepted');
    expect(await codeOf(on(voter, a))).toBe('accepted');
    expect(await codeOf(on(second, a))).toBe('accepted');
    expect(await codeOf(on(first, a))).toBe('http.forbidden');
    const list = await questionsOf(db(), event.id, voter.id);
    expect(list.map((q) => [q.id, q.votes, q.votedByReader])).toEqual([
      [a, 2, true],
      [b, 0, false],
    ]);
    expect(await codeOf(on(voter, a, false))).toBe('accepted');
    expect((await questionsOf(db(), event.id, voter.id))[0]).toMatchObject({ id: a, votes: 1, votedByReader: false });
  });
});
