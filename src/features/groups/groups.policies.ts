import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import type { Group, GroupRole } from './groups.models';
import { roleAtLeast } from './groups.models';

type Role = GroupRole | null;
const OPEN = new Set(['pending', 'changes_requested']);

/** Readers of the hub may hold a group role, but writing anything needs the member role. */
const writer = (actor: Actor | null): actor is Actor => hasRole(actor, 'member');
const steward = (actor: Actor | null, role: Role) => writer(actor) && roleAtLeast(role, 'steward');

/**
 * Who may do what in groups. `role` is the actor's current role in the group
 * concerned (null when they hold none, or their term has ended). The same
 * functions decide on the server and show or hide buttons in the views.
 */
export const groupPolicies = {
  requestGroup: (actor: Actor | null) => writer(actor),
  decideGroup: (actor: Actor | null) => hasRole(actor, 'admin'),
  /** A pending or rejected group is seen only by whoever asked for it and by administrators. */
  viewGroup: (actor: Actor | null, group: Pick<Group, 'status' | 'createdBy'>) =>
    group.status === 'active' || (actor !== null && actor.id === group.createdBy) || hasRole(actor, 'admin'),
  /** Edit the group's details and its members. Administrators can too, e.g. to appoint an owner. */
  manageGroup: (actor: Actor | null, group: Pick<Group, 'status'>, role: Role) =>
    group.status === 'active' && writer(actor) && (role === 'owner' || hasRole(actor, 'admin')),
  leaveGroup: (actor: Actor | null, role: Role) => actor !== null && role !== null,
  /** Review queue, mark reviewed, edit directly, decide on suggestions. */
  steward,
  assignStewardship: (actor: Actor | null, roleInGroup: Role) =>
    writer(actor) && (roleAtLeast(roleInGroup, 'steward') || hasRole(actor, 'moderator')),
  changeInterval: (actor: Actor | null, roleInGroup: Role) =>
    writer(actor) && (roleAtLeast(roleInGroup, 'steward') || hasRole(actor, 'moderator')),
  /**
   * Approve a group's claim on a page no group maintains: editors and above,
   * or the page's author when it is a member's own page (starter and imported
   * pages are the hub's). Someone who may approve never waits: their claim applies at once.
   */
  decideClaim: (actor: Actor | null, page: { origin: string; createdBy: number }): boolean =>
    writer(actor) && (atLeast(actor.role, 'editor') || (page.origin === 'member' && page.createdBy === actor.id)),
  /** A group's stewards ask to maintain a whole topic; editors decide (their own request applies at once). */
  adoptTopic: (actor: Actor | null, roleInGroup: Role) => steward(actor, roleInGroup),
  decideTopicAdoption: (actor: Actor | null) => writer(actor) && atLeast(actor.role, 'editor'),
  /** A group's stewards may give up a topic it maintains; its pages go back to the hub's editors. */
  releaseTopic: (actor: Actor | null, roleInGroup: Role) => steward(actor, roleInGroup),
  withdrawClaim: (actor: Actor | null, claim: { requestedBy: number; status: string }): boolean =>
    actor !== null && actor.id === claim.requestedBy && claim.status === 'pending',
  releaseStewardship: (actor: Actor | null, roleInGroup: Role) =>
    writer(actor) && (roleInGroup === 'owner' || hasRole(actor, 'moderator')),
  proposeHandover: (actor: Actor | null, roleInFrom: Role) => writer(actor) && roleInFrom === 'owner',
  acceptHandover: (actor: Actor | null, roleInTo: Role) => writer(actor) && roleInTo === 'owner',
  /** Either side's owners may stop a handover that has not happened yet. */
  stopHandover: (actor: Actor | null, roleInFrom: Role, roleInTo: Role) =>
    writer(actor) && (roleInFrom === 'owner' || roleInTo === 'owner'),
  suggestEdit: (actor: Actor | null) => writer(actor),
  /** The hub-wide queue of suggested edits no steward decides: editors and above. */
  workHubQueue: (actor: Actor | null) => writer(actor) && atLeast(actor.role, 'editor'),
  /** A suggested edit is seen by whoever proposed it, stewards of the page's maintaining group, and editors; to others it does not exist. */
  viewSuggestion: (actor: Actor | null, suggestion: { proposerId: number }, roleInGroup: Role): boolean =>
    actor !== null &&
    (actor.id === suggestion.proposerId || steward(actor, roleInGroup) || atLeast(actor.role, 'editor')),
  /**
   * Stewards of the maintaining group decide. Editors (and above) decide too when `editorsMay`: the page has no
   * maintaining group (the hub-wide queue), its group has no steward in office, or the stewards have not decided
   * within `EDITOR_FALLBACK_DAYS` (see `suggestionDeciders`).
   */
  decideSuggestion: (actor: Actor | null, role: Role, editorsMay = false) =>
    steward(actor, role) || (editorsMay && writer(actor) && atLeast(actor.role, 'editor')),
  /** Nobody approves their own suggestion while someone else could. */
  approveSuggestion: (
    actor: Actor | null,
    role: Role,
    suggestion: { proposerId: number },
    otherDeciders: number,
    editorsMay = false,
  ) =>
    groupPolicies.decideSuggestion(actor, role, editorsMay) &&
    !(actor?.id === suggestion.proposerId && otherDeciders > 0),
  changeSuggestion: (actor: Actor | null, suggestion: { proposerId: number; status: string }) =>
    writer(actor) && actor.id === suggestion.proposerId && OPEN.has(suggestion.status),
  viewHealth: (actor: Actor | null) => actor !== null,
  manageExpertList: (actor: Actor | null, roleInGroup: Role) => steward(actor, roleInGroup),
  answerInvitation: (actor: Actor | null, entry: { userId: number }) => actor !== null && actor.id === entry.userId,
  removeExpertEntry: (actor: Actor | null, roleInGroup: Role, entry: { userId: number }) =>
    steward(actor, roleInGroup) || (actor !== null && actor.id === entry.userId),
};

/** Days a maintained page's stewards have to decide on a suggestion before the hub's editors may. */
export const EDITOR_FALLBACK_DAYS = 14;

export function isOpenSuggestion(status: string): boolean {
  return OPEN.has(status);
}
