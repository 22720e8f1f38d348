import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { editorIds } from './claims.repository';
import { DAY_MS, type GroupRole } from './groups.models';
import { EDITOR_FALLBACK_DAYS, groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { maintainingGroup } from './suggestions.repository';

/**
 * Who decides on a suggested edit today. A page no group maintains, or whose group has no steward in office,
 * goes to the hub's editors at once; a maintained page to its stewards, and to the editors as well once
 * `EDITOR_FALLBACK_DAYS` have passed since it was suggested (`editorsFrom`, shown on the page).
 */
export interface Deciders {
  group: { id: number; slug: string; name: string } | undefined;
  stewards: number[];
  editorsMay: boolean;
  /** When editors may step in on a maintained page (undefined when they may now because there is nobody else). */
  editorsFrom: Date | undefined;
}

export async function suggestionDeciders(
  db: DbOrTx,
  suggestion: { articleId: number; createdAt: Date },
  now: Date,
): Promise<Deciders> {
  const group = await maintainingGroup(db, suggestion.articleId);
  const stewards = group ? await groupsRepo.stewardIds(db, group.id, now) : [];
  if (!group || stewards.length === 0) return { group, stewards, editorsMay: true, editorsFrom: undefined };
  const editorsFrom = new Date(suggestion.createdAt.getTime() + EDITOR_FALLBACK_DAYS * DAY_MS);
  return { group, stewards, editorsMay: now >= editorsFrom, editorsFrom };
}

/** Whom to tell about a new or updated suggestion: the stewards, or the editors when nobody else decides. */
export async function whoToTell(db: DbOrTx, d: Deciders): Promise<number[]> {
  return d.stewards.length ? d.stewards : editorIds(db);
}

/** What this person may do with the suggestion, with the number of other people who could decide. */
export async function decisionRights(
  db: DbOrTx,
  actor: Actor,
  suggestion: { proposerId: number },
  d: Deciders,
  now: Date,
): Promise<{ role: GroupRole | null; decide: boolean; approve: boolean }> {
  const role = d.group ? await groupsRepo.roleIn(db, d.group.id, actor.id, now) : null;
  const decide = groupPolicies.decideSuggestion(actor, role, d.editorsMay);
  const others = new Set(d.stewards);
  if (d.editorsMay) for (const id of await editorIds(db)) others.add(id);
  others.delete(actor.id);
  const approve = groupPolicies.approveSuggestion(actor, role, suggestion, others.size, d.editorsMay);
  return { role, decide, approve };
}
