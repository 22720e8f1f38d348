import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import type { Workflow } from './workflows.models';

type Owned = Pick<Workflow, 'visibility' | 'ownerUserId' | 'ownerGroupId' | 'slug'> &
  Partial<Pick<Workflow, 'origin' | 'createdBy'>>;

/** True when the actor owns a local version: it is theirs, or their group's (`groupIds`: the groups they belong to now). */
function owns(actor: Actor | null, w: Owned, groupIds: readonly number[]): boolean {
  if (!actor) return false;
  if (w.ownerUserId !== null && w.ownerUserId === actor.id) return true;
  return w.ownerGroupId !== null && groupIds.includes(w.ownerGroupId);
}

/**
 * Who may do what with workflows. Originals (with a slug) are the hub's: editors change them, and so do the members of
 * the group that maintains one (`ownerGroupId` on an original: the group its writer chose). Local versions
 * belong to a member or a group; a private one exists only for its owner (to everyone else it is "not found").
 */
export const workflowPolicies = {
  view: (actor: Actor | null, w: Owned, groupIds: readonly number[]) =>
    w.visibility === 'public' || owns(actor, w, groupIds),
  /**
   * Originals: editors, the members of the group that maintains it (a member's original names one), and the member
   * who wrote it (as an article's author can). Local versions: their owners.
   */
  edit: (actor: Actor | null, w: Owned, groupIds: readonly number[]) =>
    hasRole(actor, 'member') &&
    (w.slug !== null
      ? (w.origin === 'member' && w.createdBy === actor.id) ||
        (w.ownerGroupId !== null && groupIds.includes(w.ownerGroupId)) ||
        hasRole(actor, 'editor')
      : owns(actor, w, groupIds)),
  /** Any member may write a new original; it is maintained by a group they steward or by the hub's editors. */
  create: (actor: Actor | null) => hasRole(actor, 'member'),
  adopt: (actor: Actor | null) => hasRole(actor, 'member'),
  run: (actor: Actor | null) => hasRole(actor, 'member'),
};
