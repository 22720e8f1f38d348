import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { glossaryTerms } from '../library';
import { learningModule } from './learning.module';
import * as repo from './learning.repository';
import { newSchedule, rate, type StoredSchedule } from './learning.review';
import { addCards, deckOf } from './learning.review.repository';
import { addGlossaryCards, rateCard } from './learning.review.usecases';
import { submitQuiz } from './learning.usecases';

const COURSE = 'ill-borrowing-first-month';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

const db = () => t.database.db;

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('FSRS scheduling', () => {
  it('lengthens the interval with Good after Good, and Again shortens it', () => {
    let now = new Date('2026-03-02T15:00:00Z');
    let s: StoredSchedule = newSchedule(now).schedule;
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      const next = rate(s, 'good', now);
      intervals.push(next.due.getTime() - now.getTime());
      s = next.schedule;
      now = next.due;
    }
    // Each Good pushes the next review further out than the one before.
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]).toBeGreaterThan(intervals[i - 1]!);
    expect(intervals.at(-1)).toBeGreaterThan(7 * DAY);
    const forgot = rate(s, 'again', now);
    expect(forgot.due.getTime() - now.getTime()).toBeLessThan(DAY);
    expect(forgot.due.getTime() - now.getTime()).toBeLessThan(intervals.at(-1)!);
  });
});

describe('the deck', () => {
  it('gets one card per question of a passed quiz (none for a failed one), and glossary terms on request', async () => {
    const member = await createUser(t.database);
    const actor = actorFor(member);
    const course = (await repo.findCourse(db(), COURSE))!;
    const lesson = (await repo.findLesson(db(), course.id, 'what-borrowing-is'))!;
    const base = { db: db(), now: t.clock.now(), actor, courseSlug: COURSE, lessonSlug: lesson.slug, ip: '192.0.2.7' };
    const wrong = Object.fromEntries(lesson.quiz.map((q) => [`answer.${q.id}`, 'zz']));
    await submitQuiz({ ...base, answers: wrong });
    expect((await deckOf(db(), member.id, t.clock.now())).total).toBe(0);
    const right: Record<string, string | string[]> = {};
    for (const q of lesson.quiz) {
      if (q.kind === 'single' || q.kind === 'multiple') right[`answer.${q.id}`] = q.correct;
      if (q.kind === 'short') right[`answer.${q.id}`] = q.accepted[0]!;
      if (q.kind === 'order') for (const [i, s] of q.steps.entries()) right[`answer.${q.id}.${i + 1}`] = s.id;
    }
    await submitQuiz({ ...base, answers: right });
    await submitQuiz({ ...base, answers: right });
    const deck = await deckOf(db(), member.id, t.clock.now());
    expect(deck.total).toBe(lesson.quiz.length);
    expect(deck.due).toBe(lesson.quiz.length);
    expect(lesson.quiz.map((q) => q.prompt)).toContain(deck.card!.front);
    await addTopic(t);
    await newArticle(t, member, {
      title: 'Quillfeather slip',
      summary: 'A made-up request form for this test.',
      type: 'glossary-term',
      body: 'A Quillfeather slip is a made-up request form.',
    });
    const terms = await glossaryTerms(db());
    expect(terms.map((term) => term.title)).toContain('Quillfeather slip');
    expect(await addGlossaryCards({ db: db(), now: t.clock.now(), actor })).toBe(terms.length);
    expect(await addGlossaryCards({ db: db(), now: t.clock.now(), actor })).toBe(0);
    expect((await deckOf(db(), member.id, t.clock.now())).total).toBe(lesson.quiz.length + terms.length);
    // Through the page: the button adds nothing new now, and says so.
    const client = await clientFor(t, member);
    const token = await client.csrf('/learning/review');
    const res = await client.post('/learning/review/glossary', {}, { csrf: token });
    expect(res.status).toBe(303);
    expect(await (await client.get(res.headers.get('location')!)).text()).toContain('0 glossary terms added');
  });

  it('refuses to rate someone else’s card, or with an unknown rating, and changes nothing', async () => {
    const owner = await createUser(t.database);
    const other = await createUser(t.database);
    const now = t.clock.now();
    await addCards(
      db(),
      owner.id,
      [{ source: 'glossary:x', front: 'Term', back: 'Meaning', ...newSchedule(now) }],
      now,
    );
    const card = (await deckOf(db(), owner.id, now)).card!;
    const ctx = { db: db(), now, cardId: card.id };
    expect(await codeOf(() => rateCard({ ...ctx, actor: actorFor(other), rating: 'good' }))).toBe(
      'learning.card_not_found',
    );
    expect(await codeOf(() => rateCard({ ...ctx, actor: actorFor(owner), rating: 'perfect' }))).toBe(
      'learning.bad_rating',
    );
    expect(await codeOf(() => rateCard({ ...ctx, actor: null, rating: 'good' }))).toBe('auth.sign_in_required');
    for (const cardId of [Number.NaN, -1, 99_999_999_999])
      expect(await codeOf(() => rateCard({ ...ctx, cardId, actor: actorFor(owner), rating: 'good' }))).toBe(
        'learning.card_not_found',
      );
    expect((await deckOf(db(), owner.id, now)).card?.due).toEqual(card.due);
    // Through the page too: another member's POST is a 404 and the card stays due.
    const client = await clientFor(t, other);
    const token = await client.csrf('/learning/review');
    expect((await client.post(`/learning/review/${card.id}`, { rating: 'easy' }, { csrf: token })).status).toBe(404);
    expect((await deckOf(db(), owner.id, now)).due).toBe(1);
  });

  it('shows due cards one at a time, the answer without script, and schedules by the injected clock', async () => {
    const member = await createUser(t.database);
    const start = t.clock.now();
    await addCards(
      db(),
      member.id,
      [{ source: 'glossary:ill', front: 'What is ILL?', back: 'Interlibrary loan.', ...newSchedule(start) }],
      start,
    );
    const client = await clientFor(t, member);
    const page = await (await client.get('/learning/review')).text();
    expect(page).toContain('1 card due now, of 1 in your deck.');
    expect(page).toContain('What is ILL?');
    expect(page).not.toContain('Interlibrary loan.');
    const card = (await deckOf(db(), member.id, start)).card!;
    const shown = await (await client.get(`/learning/review?show=${card.id}`)).text();
    expect(shown).toContain('Interlibrary loan.');
    for (const label of ['Again', 'Hard', 'Good', 'Easy']) expect(shown).toContain(`>${label}</button>`);
    const token = await client.csrf('/learning/review');
    // Again, then Good twice: the card comes back within minutes, then the next day.
    for (const [rating, wait] of [
      ['again', MINUTE],
      ['good', 10 * MINUTE],
      ['good', 0],
    ] as const) {
      const res = await client.post(`/learning/review/${card.id}`, { rating }, { csrf: token });
      expect(res.status).toBe(303);
      t.clock.advance(wait);
    }
    const done = await (await client.get('/learning/review')).text();
    expect(done).toContain('0 cards due now, of 1 in your deck.');
    expect(done).toContain('Nothing due — next card on <time datetime="2026-03-03');
    expect(done).toContain('3 March 2026');
    t.clock.advance(DAY);
    expect(await (await client.get('/learning/review')).text()).toContain('1 card due now');
    // Members only; and the deck goes with the account.
    expect((await new TestClient(t.app).get('/learning/review')).status).not.toBe(200);
    expect((await learningModule.personalData!.export(t.deps, member.id)).reviewDeck).toHaveLength(1);
    await db().transaction((tx) => learningModule.personalData!.erase(tx, member.id));
    expect((await deckOf(db(), member.id, t.clock.now())).total).toBe(0);
  });
});
