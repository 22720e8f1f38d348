import { describe, expect, it } from 'vitest';
import { shownQuestions, stepId, type Question } from './learning.models';
import { courseProgress } from './learning.progress';
import { checkQuiz, normaliseAnswer } from './learning.quiz';

const steps = ['Verify', 'Choose lenders', 'Send', 'Receive'].map((text) => ({ id: stepId('order', text), text }));
const QUIZ: Question[] = [
  {
    id: 'one',
    kind: 'single',
    prompt: 'Who asks?',
    options: [
      { id: 'a', text: 'The borrower' },
      { id: 'b', text: 'The lender' },
    ],
    correct: 'a',
    explanation: 'The borrowing library asks.',
    article: 'ill-borrowing-basics',
  },
  {
    id: 'many',
    kind: 'multiple',
    prompt: 'Which identify a journal article?',
    options: [
      { id: 'a', text: 'ISSN' },
      { id: 'b', text: 'DOI' },
      { id: 'c', text: 'Card number' },
    ],
    correct: ['a', 'b'],
    explanation: 'ISSN and DOI.',
  },
  { id: 'short', kind: 'short', prompt: 'Abbreviation?', accepted: ['ISSN', 'rule of five'], explanation: 'ISSN.' },
  { id: 'order', kind: 'order', prompt: 'Order?', steps, explanation: 'In this order.' },
];

const RIGHT: Record<string, string | string[]> = {
  'answer.one': 'a',
  'answer.many': ['b', 'a'],
  'answer.short': ' issn ',
  ...Object.fromEntries(steps.map((s, i) => [`answer.order.${i + 1}`, s.id])),
};

function score(form: Record<string, string | string[]>) {
  const check = checkQuiz(QUIZ, form);
  if (!check.ok) throw new Error(`not checked: ${JSON.stringify(check.errors)}`);
  return check;
}

describe('checking a quiz on the server', () => {
  it('accepts the right answer of every type, and says why with a link to the article', () => {
    const check = score(RIGHT);
    expect(check.score).toBe(4);
    expect(check.passed).toBe(true);
    expect(check.results[0]).toEqual({
      id: 'one',
      correct: true,
      explanation: 'The borrowing library asks.',
      article: 'ill-borrowing-basics',
    });
  });

  it('marks wrong answers per type, each with its explanation', () => {
    const check = score({
      ...RIGHT,
      'answer.one': 'b',
      'answer.many': ['a', 'b', 'c'],
      'answer.short': 'isbn',
      'answer.order.1': steps[1]!.id,
      'answer.order.2': steps[0]!.id,
    });
    expect(check.results.map((r) => r.correct)).toEqual([false, false, false, false]);
    expect(check.results.map((r) => r.explanation)).toEqual(QUIZ.map((q) => q.explanation));
    expect(check.passed).toBe(false);
  });

  it('compares short answers without case or spaces', () => {
    expect(normaliseAnswer('  Rule  Of FIVE ')).toBe(normaliseAnswer('rule of five'));
    expect(score({ ...RIGHT, 'answer.short': 'RULE OF   five' }).results[2]!.correct).toBe(true);
    expect(score({ ...RIGHT, 'answer.short': 'rule of six' }).results[2]!.correct).toBe(false);
  });

  it('needs every part of a multiple choice, and no extra', () => {
    expect(score({ ...RIGHT, 'answer.many': 'a' }).results[1]!.correct).toBe(false);
    expect(score({ ...RIGHT, 'answer.many': ['a', 'b', 'b'] }).results[1]!.correct).toBe(false);
  });

  it('asks for every question to be answered, and scores nothing until then', () => {
    const missing = { ...RIGHT };
    delete missing['answer.short'];
    delete missing['answer.order.3'];
    const check = checkQuiz(QUIZ, missing);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.errors).sort()).toEqual(['answer.order', 'answer.short']);
  });

  describe('a tampered form', () => {
    it('cannot pass with made-up option ids', () => {
      const check = score({
        ...RIGHT,
        'answer.one': 'zzz',
        'answer.many': ['a', 'b', 'x'],
        'answer.order.1': 'deadbeef',
      });
      expect(check.results.filter((r) => r.correct).map((r) => r.id)).toEqual(['short']);
      expect(check.passed).toBe(false);
    });

    it('cannot give two answers to a single choice', () => {
      expect(score({ ...RIGHT, 'answer.one': ['a', 'b'] }).results[0]!.correct).toBe(false);
    });

    it('ignores fields of other questions and lessons, and any score or pass it claims', () => {
      const wrong = { ...RIGHT, 'answer.one': 'b', 'answer.many': 'c', 'answer.short': 'no' };
      const check = score({ ...wrong, 'answer.other-lesson-q': 'a', score: '4', passed: 'true', 'answer.one.1': 'a' });
      expect(check.score).toBe(1);
      expect(check.passed).toBe(false);
    });

    it('cannot use one step twice in an ordering', () => {
      const form = { ...RIGHT, 'answer.order.2': steps[0]!.id };
      expect(score(form).results[3]!.correct).toBe(false);
    });
  });

  it('never shows keys before an answer: no correct ids, accepted answers or explanations, steps shuffled by id', () => {
    const shown = JSON.stringify(shownQuestions(QUIZ));
    expect(shown).not.toContain('correct');
    expect(shown).not.toContain('accepted');
    expect(shown).not.toContain('rule of five');
    expect(shown).not.toContain('The borrowing library asks.');
    const order = shownQuestions(QUIZ)[3]!;
    if (order.kind !== 'order') throw new Error('not an ordering');
    expect(order.steps.map((s) => s.id)).toEqual([...steps.map((s) => s.id)].sort());
  });
});

describe('where a member resumes', () => {
  const lessons = [1, 2, 3, 4].map((id) => ({
    id,
    slug: `l${id}`,
    position: id,
    title: `Lesson ${id}`,
    summary: '',
    minutes: 5,
    hasQuiz: false,
    hasExercise: false,
    media: null,
  }));
  const row = (lessonId: number | null, at: string, done: boolean) => ({
    lessonId,
    lessonTitle: `Lesson ${lessonId ?? 'gone'}`,
    attempts: 0,
    bestScore: 0,
    questions: 0,
    completedAt: done ? new Date(at) : null,
    touchedAt: new Date(at),
  });

  it('has no place before the first step', () => {
    expect(courseProgress(lessons, [])).toMatchObject({ started: false, resume: null });
  });
  it('goes back to the lesson touched last when it is unfinished', () => {
    const p = courseProgress(lessons, [row(1, '2026-01-01', true), row(3, '2026-01-03', false)]);
    expect(p.resume?.id).toBe(3);
    expect([...p.done]).toEqual([1]);
  });
  it('goes on to the next unfinished lesson after the last one done, then back to any left', () => {
    expect(courseProgress(lessons, [row(1, '2026-01-01', true), row(2, '2026-01-02', true)]).resume?.id).toBe(3);
    const late = [row(4, '2026-01-04', true), row(1, '2026-01-01', true)];
    expect(courseProgress(lessons, late).resume?.id).toBe(2);
  });
  it('has nothing to resume when every lesson is done', () => {
    const all = lessons.map((l) => row(l.id, `2026-01-0${l.id}`, true));
    expect(courseProgress(lessons, all)).toMatchObject({ started: true, resume: null, removed: [] });
  });
  it('keeps deleted lessons by their titles, outside the count, and resumes at the first unfinished one', () => {
    const p = courseProgress(lessons, [row(1, '2026-01-01', true), row(null, '2026-01-05', true)]);
    expect([...p.done]).toEqual([1]);
    expect(p.removed).toEqual([{ title: 'Lesson gone', completedAt: new Date('2026-01-05') }]);
    expect(p.resume?.id).toBe(2);
  });
});
