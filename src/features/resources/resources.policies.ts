import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { groupRoleOf } from '../groups';

/** The actor's role today in the group that maintains a record (null: none, or no group). */
export type MaintainerRole = 'owner' | 'steward' | 'member' | null;

/**
 * Who may do what with the catalogue's entries and the lender directory's records (the same rules as system pages):
 * any member may change a record (a change that drops a source waits for review); the maintaining group's owners
 * and stewards, and editors, decide on waiting changes and record reviews. Views hide buttons with these rules and
 * the use cases enforce them.
 */
export const recordPolicies = {
  edit: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  decide: (actor: Actor | null, role: MaintainerRole): boolean =>
    hasRole(actor, 'member') && (hasRole(actor, 'editor') || role === 'owner' || role === 'steward'),
};

/** The actor's role today in the group that maintains the record (for views too). */
export async function maintainerRole(
  db: DbOrTx,
  record: { maintainingGroupId: number | null },
  actor: Actor | null,
  now: Date,
): Promise<MaintainerRole> {
  if (!actor || record.maintainingGroupId === null) return null;
  return groupRoleOf(db, record.maintainingGroupId, actor.id, now);
}
