import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { groupRoleOf } from '../groups';
import type { SystemPage } from './systems.models';
import type { MaintainerRole } from './systems.policies';

/** The actor's role today in the group that maintains the page (for views too). */
export async function maintainerRole(
  db: DbOrTx,
  page: Pick<SystemPage, 'maintainingGroupId'>,
  actor: Actor | null,
  now: Date,
): Promise<MaintainerRole> {
  if (!actor || page.maintainingGroupId === null) return null;
  return groupRoleOf(db, page.maintainingGroupId, actor.id, now);
}
