import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { UseCaseContext } from '../../platform/usecase';
import { type Group, type GroupKind, RESERVED_SLUGS, slugifyName } from './groups.models';
import * as repo from './groups.repository';

/**
 * The write behind `requestGroup`, without the rules about the person it adds (standing, the request limit): for
 * that use case and for test fixtures that make many groups as one person. Never imported by routes
 * (.dependency-cruiser.cjs, rule `writes-only-through-use-cases`).
 */

export interface GroupInput {
  name: string;
  kind: GroupKind;
  purpose: string;
  website: string;
}

async function uniqueSlug(tx: DbOrTx, name: string): Promise<string> {
  const base = slugifyName(name) || 'group';
  let slug = RESERVED_SLUGS.has(base) ? `${base}-group` : base;
  for (let i = 2; await repo.slugTaken(tx, slug); i++) slug = `${base}-${i}`;
  return slug;
}

/** A pending group with its asker as owner, waiting for an administrator. */
export async function writeGroupRequest({
  db,
  actor,
  now,
  input,
}: Omit<UseCaseContext, 'actor'> & { actor: Actor; input: GroupInput }): Promise<Group> {
  return db.transaction(async (tx) => {
    const group = await repo.insertGroup(tx, {
      slug: await uniqueSlug(tx, input.name),
      name: input.name,
      kind: input.kind,
      purpose: input.purpose,
      website: input.website || null,
      createdBy: actor.id,
      now,
    });
    await repo.upsertMember(tx, { groupId: group.id, userId: actor.id, role: 'owner', termEndsOn: null, now });
    await recordEvent(tx, {
      type: 'group.requested',
      actorId: actor.id,
      subjectType: 'group',
      subjectId: group.id,
      data: { name: group.name },
    });
    return group;
  });
}
