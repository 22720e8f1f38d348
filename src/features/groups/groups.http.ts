import { actorOf, type AppContext } from '../../platform/http/context';
import { groupErrors } from './groups.errors';
import type { Group, GroupRole } from './groups.models';
import { groupPolicies } from './groups.policies';
import * as repo from './groups.repository';

/** Small helpers every groups route shares. */
export function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

export { requireActor } from '../../platform/http/context';

export { idParam } from '../../platform/http/params';

/** A group the actor may see (pending and rejected groups are hidden from others), with the actor's role in it today. */
export async function loadGroup(c: AppContext, slug: string): Promise<{ group: Group; role: GroupRole | null }> {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  const group = await repo.findGroupBySlug(db, slug);
  if (!group || !groupPolicies.viewGroup(actor, group)) throw groupErrors.groupNotFound();
  const role = actor ? await repo.roleIn(db, group.id, actor.id, now) : null;
  return { group, role };
}

export const GROUP_NOTICES: Record<string, string> = {
  requested: 'Your request was sent. An administrator will look at it; you will be notified.',
  saved: 'Changes saved.',
  added: 'Member added.',
  changed: 'Member changed.',
  removed: 'Member removed.',
  left: 'You left the group.',
  reviewed: 'Marked as reviewed. The next review date has moved on.',
  handover: 'Handover proposed. The other group’s owners have been asked.',
  accepted: 'Handover accepted: the pages now belong to your group.',
  declined: 'Handover declined.',
  cancelled: 'Handover cancelled.',
  list: 'Expert list created. Invite people to it below.',
  invited: 'Invitation sent. They appear on the list once they accept.',
  approved: 'The group was approved and whoever asked for it has been notified.',
  rejected: 'The request was rejected and whoever asked for it has been notified.',
};

export function noticeOf(c: AppContext): string | undefined {
  const key = c.req.query('notice');
  return actorOf(c) && key ? GROUP_NOTICES[key] : undefined;
}
