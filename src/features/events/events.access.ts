import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { groupRoleOf } from '../groups';
import type { CalendarEvent } from './events.models';
import { eventPolicies, type OrganiserRole } from './events.policies';

/** The actor's role today in the group that organises an event (null: none, or no group). */
export async function organiserRole(
  db: DbOrTx,
  groupId: number | null,
  actor: Pick<Actor, 'id'>,
  now: Date,
): Promise<OrganiserRole> {
  if (groupId === null) return null;
  return groupRoleOf(db, groupId, actor.id, now);
}

/** Whether `actor` may change `event` (for views: the same rule the use cases enforce). */
export async function mayEditEvent(db: DbOrTx, actor: Actor | null, event: CalendarEvent, now: Date) {
  if (!actor) return false;
  return eventPolicies.edit(actor, event, await organiserRole(db, event.organiserGroupId, actor, now));
}
