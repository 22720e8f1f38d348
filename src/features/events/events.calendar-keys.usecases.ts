import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { CALENDAR_KEY_LIMITS, deleteCalendarKeyOf, replaceCalendarKey } from './events.calendar-keys';
import { eventPolicies } from './events.policies';

const MAKE_RULE = {
  name: 'events:calendar-key',
  limit: CALENDAR_KEY_LIMITS.makePerHour,
  windowSeconds: 60 * 60,
};

/**
 * A member makes a (new) personal calendar address; the old one, if any, stops working at once. Returns the key:
 * the one time it can be shown (only its hash is kept). Suspended members cannot; each member may make a few an
 * hour.
 */
export async function makeCalendarKey(ctx: UseCaseContext): Promise<{ key: string }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.attend(actor));
  await enforce(db, now, [[MAKE_RULE, String(actor.id)]]);
  const key = await replaceCalendarKey(db, actor.id, now);
  return { key };
}

/**
 * A member stops their personal calendar address (no new one). Open to suspended members too: taking one's own
 * private address away is account safety.
 */
export async function revokeCalendarKey(ctx: UseCaseContext): Promise<void> {
  if (!ctx.actor) throw httpErrors.signInRequired();
  await deleteCalendarKeyOf(ctx.db, ctx.actor.id);
}
