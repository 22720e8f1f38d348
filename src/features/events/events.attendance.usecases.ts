import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import { type AttendanceChoice, writeAttendance } from './events.attendance';
import { eventsErrors } from './events.errors';
import { EVENT_LIMITS } from './events.models';
import { eventPolicies } from './events.policies';
import * as repo from './events.repository';

const ATTENDANCE_RULE = {
  name: 'events:attendance',
  limit: EVENT_LIMITS.attendancePerHour,
  windowSeconds: 60 * 60,
};

/**
 * A member marks an event "interested" or "attending", or clears the mark (`choice` null). Private: only counts
 * are shown to others. Suspended members cannot; each member has an hourly budget of changes. A cancelled event
 * takes no new marks (clearing one still works).
 */
export async function setAttendance(
  ctx: UseCaseContext & { eventId: number; choice: AttendanceChoice | null },
): Promise<{ choice: AttendanceChoice | null }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, eventPolicies.attend(actor));
  await enforce(db, now, [[ATTENDANCE_RULE, String(actor.id)]]);
  return db.transaction(async (tx) => {
    const event = await repo.findEvent(tx, ctx.eventId);
    if (!event) throw eventsErrors.notFound();
    if (ctx.choice !== null && event.status === 'cancelled') throw eventsErrors.cancelled();
    await writeAttendance(tx, { eventId: event.id, userId: actor.id, choice: ctx.choice, now });
    return { choice: ctx.choice };
  });
}
