import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { announcePersonalChange } from '../../platform/cache/personal';
import { httpErrors } from '../../platform/http/errors';
import type { UseCaseContext } from '../../platform/usecase';
import { glossaryTerms } from '../library';
import { learningErrors } from './learning.errors';
import { learningPolicies } from './learning.policies';
import { isRatingName, newSchedule, rate } from './learning.review';
import * as cards from './learning.review.repository';
import { setReminder } from './learning.reminders';

/** "Add glossary terms to my deck": one card per term of the library's glossary (term in front, summary behind). */
export async function addGlossaryCards(ctx: UseCaseContext): Promise<number> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, learningPolicies.keepProgress(actor));
  const terms = await glossaryTerms(db);
  const fresh = newSchedule(now);
  return db.transaction(async (tx) => {
    const added = await cards.addCards(
      tx,
      actor.id,
      terms.map((t) => ({ source: `glossary:${t.slug}`, front: t.title, back: t.summary, ...fresh })),
      now,
    );
    await announcePersonalChange(tx);
    return added;
  });
}

/** Rate a due card of the member's own deck (Again, Hard, Good, Easy) and schedule it with FSRS at `now`. */
export async function rateCard(ctx: UseCaseContext & { cardId: number; rating: unknown }): Promise<cards.ReviewCard> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, learningPolicies.keepProgress(actor));
  const id = ctx.cardId;
  const card = Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? await cards.findCard(db, id) : undefined;
  // Someone else's card is as unknown as a missing one: its existence says nothing.
  if (!card || card.userId !== actor.id) throw learningErrors.cardNotFound();
  if (!isRatingName(ctx.rating)) throw learningErrors.badRating();
  const next = rate(card.schedule, ctx.rating, now);
  await db.transaction(async (tx) => {
    await cards.saveSchedule(tx, card.id, next.schedule, next.due);
    await announcePersonalChange(tx);
  });
  return { ...card, ...next };
}

/** Turn the digest's "N cards due for review" line on or off for the member (off by default). */
export async function setReviewReminder(ctx: UseCaseContext & { on: boolean }): Promise<void> {
  const { db, actor, now } = ctx;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  authorize(actor, learningPolicies.keepProgress(actor));
  await db.transaction(async (tx) => {
    await setReminder(tx, actor.id, ctx.on, now);
    await announcePersonalChange(tx);
  });
}
