import { Hono } from 'hono';
import { type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { readForm } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { deckOf } from './learning.review.repository';
import { reminderOn } from './learning.reminders';
import { addGlossaryCards, rateCard, setReviewReminder } from './learning.review.usecases';
import { REVIEW_URL, ReviewPageView } from './views/review';

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

const REMINDER_NOTICES: Record<string, string> = {
  on: 'Reminder on: your email digest will say how many cards are due.',
  off: 'Reminder off: your email digest will not mention your review deck.',
};

/** Path prefix "/learning/review": a member's own review deck (private pages, members only). */
export function createReviewRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const deck = await deckOf(db, actor.id, now);
    const added = c.req.query('added');
    const reminder = await reminderOn(db, actor.id);
    const reminderNotice = REMINDER_NOTICES[c.req.query('reminder') ?? ''];
    return renderPage(
      c,
      {
        title: 'Review deck',
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Learning', href: '/learning' }, { label: 'Review deck' }],
      },
      <ReviewPageView
        deck={deck}
        showAnswer={deck.card !== undefined && c.req.query('show') === String(deck.card.id)}
        csrfToken={csrfTokenFor(c)}
        notice={added && /^\d+$/.test(added) ? `${added} glossary terms added to your deck.` : reminderNotice}
        reminder={reminder}
      />,
    );
  });

  routes.post('/glossary', async (c) => {
    const actor = requireActor(c);
    const added = await addGlossaryCards({ ...deps(c), actor });
    return seeOther(c, `${REVIEW_URL}?added=${added}`);
  });

  // Before '/:cardId'.
  routes.post('/reminder', async (c) => {
    const actor = requireActor(c);
    const form = await readForm(c);
    const on = form.reminder === 'on';
    await setReviewReminder({ ...deps(c), actor, on });
    return seeOther(c, `${REVIEW_URL}?reminder=${on ? 'on' : 'off'}`);
  });

  routes.post('/:cardId', async (c) => {
    const actor = requireActor(c);
    const form = await readForm(c);
    await rateCard({ ...deps(c), actor, cardId: Number(c.req.param('cardId')), rating: form.rating });
    return seeOther(c, REVIEW_URL);
  });

  return routes;
}
