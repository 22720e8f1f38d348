/**
 * Workspaces: a dataset is a member's own (owner_id, group_id null) or a group's (group_id set). A group's members
 * read its datasets and the reports shared with it; its stewards and owners upload, replace and delete. Anyone
 * else is told the dataset does not exist (docs/decisions/044). Roles come from the groups feature's public API.
 */
import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { type GroupRole, groupRoleOf, groupsOf } from '../groups';
import type { UseCaseContext } from '../../platform/usecase';
import { reportsErrors } from './reports.errors';
import type { Dataset } from './reports.models';
import { findDataset } from './reports.repository';

export type DatasetAccess = 'view' | 'manage';

/** The group roles that may change a group's datasets. */
export const MANAGING_ROLES: readonly GroupRole[] = ['owner', 'steward'];

/** Whether the actor may read (`view`) or change (`manage`) the dataset. */
export async function mayAccessDataset(
  db: DbOrTx,
  actor: Actor | null,
  dataset: Pick<Dataset, 'ownerId' | 'groupId'>,
  need: DatasetAccess,
  now: Date,
): Promise<boolean> {
  if (!actor) return false;
  if (dataset.groupId === null) return actor.id === dataset.ownerId;
  const role = await groupRoleOf(db, dataset.groupId, actor.id, now);
  if (!role) return false;
  return need === 'view' || MANAGING_ROLES.includes(role);
}

/** Whether the actor is a member (any role) of the group today. */
export async function inGroup(db: DbOrTx, actor: Actor | null, groupId: number | null, now: Date): Promise<boolean> {
  if (!actor || groupId === null) return false;
  return (await groupRoleOf(db, groupId, actor.id, now)) !== null;
}

/** The groups whose workspaces the member belongs to, and whether they may manage each. */
export async function workspacesOf(
  db: DbOrTx,
  userId: number,
  now: Date,
): Promise<Array<{ id: number; name: string; slug: string; manages: boolean }>> {
  return (await groupsOf(db, userId, now)).map((g) => ({
    id: g.id,
    name: g.name,
    slug: g.slug,
    manages: MANAGING_ROLES.includes(g.role),
  }));
}

/** A dataset the actor may read (`view`) or change (`manage`); anyone else is told it does not exist (404). */
export async function accessibleDataset(ctx: UseCaseContext, datasetId: number, need: DatasetAccess): Promise<Dataset> {
  const dataset = await findDataset(ctx.db, datasetId);
  // Another member's (or another group's) dataset is not found: its existence is private too.
  if (!dataset || !(await mayAccessDataset(ctx.db, ctx.actor, dataset, need, ctx.now))) throw reportsErrors.notFound();
  return dataset;
}
