/**
 * Questions for the speakers on an event's page: ask, second ("I want to ask this too"), remove. Thin handlers:
 * the rules are in events.questions.usecases.ts.
 */
import type { Hono } from 'hono';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm, str } from '../../platform/http/forms';
import { idParam, wholeNumber } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { organiserRole } from './events.access';
import { eventsErrors } from './events.errors';
import { type CalendarEvent, eventUrl } from './events.models';
import { eventPolicies, questionsOpen } from './events.policies';
import { questionsOf } from './events.questions.repository';
import { askQuestion, removeQuestion, secondQuestion } from './events.questions.usecases';
import { QuestionsBox } from './views/questions';

type QuestionForm = { values: FormValues; errors: FieldErrors };

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

/** The questions box of an event's page (the same rules as the use cases decide each button). */
export async function questionsBox(
  c: AppContext,
  event: CalendarEvent,
  sessions: Array<{ id: number; title: string }>,
  form?: QuestionForm,
) {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  const [list, role] = await Promise.all([
    questionsOf(db, event.id, actor?.id ?? null),
    actor ? organiserRole(db, event.organiserGroupId, actor, now) : Promise.resolve(null),
  ]);
  const open = questionsOpen(event, now);
  const mayAsk = eventPolicies.askQuestion(actor);
  return (
    <QuestionsBox
      eventId={event.id}
      sessions={sessions}
      questions={list.map((q) => ({
        ...q,
        mine: actor !== null && q.userId === actor.id,
        canSecond: open && mayAsk && q.userId !== actor?.id,
        canRemove: eventPolicies.removeQuestion(actor, q, event, role),
      }))}
      open={open}
      cancelled={event.status === 'cancelled'}
      canAsk={actor ? mayAsk : undefined}
      csrfToken={actor ? csrfTokenFor(c) : ''}
      form={form}
    />
  );
}

export interface QuestionPageParts {
  loadEvent: (c: AppContext) => Promise<CalendarEvent>;
  eventPage: (c: AppContext, event: CalendarEvent, forms: { question: QuestionForm }, status: 400) => Promise<Response>;
}

export function addQuestionRoutes(routes: Hono<AppEnv>, { loadEvent, eventPage }: QuestionPageParts): void {
  routes.post('/:id/questions', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const values = await readForm(c);
    const rawSession = str(values, 'sessionId');
    const sessionId = rawSession === '' ? null : (wholeNumber(rawSession, { min: 1 }) ?? 0);
    const { db, now } = deps(c);
    const result = await askQuestion({ db, actor, now, eventId: event.id, sessionId, body: str(values, 'body') });
    if (!result.ok) return eventPage(c, event, { question: { values, errors: result.errors } }, 400);
    return seeOther(c, `${eventUrl(event.id)}?notice=question#question-${result.id}`);
  });

  routes.post('/:id/questions/:questionId/second', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const questionId = idParam(c.req.param('questionId'), eventsErrors.questionNotFound);
    const values = await readForm(c);
    const { db, now } = deps(c);
    await secondQuestion({ db, actor, now, eventId: event.id, questionId, on: str(values, 'on') !== 'no' });
    return seeOther(c, `${eventUrl(event.id)}#question-${questionId}`);
  });

  routes.post('/:id/questions/:questionId/remove', async (c) => {
    const actor = requireActor(c);
    const event = await loadEvent(c);
    const questionId = idParam(c.req.param('questionId'), eventsErrors.questionNotFound);
    await readForm(c);
    const { db, now } = deps(c);
    await removeQuestion({ db, actor, now, eventId: event.id, questionId });
    return seeOther(c, `${eventUrl(event.id)}?notice=question-removed#questions`);
  });
}
