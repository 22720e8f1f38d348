import type { Group, GroupRole } from '../../src/features/groups/groups.models';
import * as repo from '../../src/features/groups/groups.repository';
import { decideGroup } from '../../src/features/groups/groups.usecases';
import { writeGroupRequest } from '../../src/features/groups/groups.writes';
import { assignStewardship, decideClaim } from '../../src/features/groups/stewardship.usecases';
import { actorFor, createUser, type TestApp } from './app';

// Groups for tests: an approved example group with members, and a page it maintains.

type Person = Parameters<typeof actorFor>[0];

/**
 * An approved group owned by `owner`, with the other people in the roles given. Clearly example data. Asked for
 * through the write behind requestGroup, without its limit of a few requests an hour per person.
 */
export async function exampleGroup(
  t: TestApp,
  owner: Person,
  admin: Person,
  options: { name?: string; members?: Array<[Person, GroupRole, string?]> } = {},
): Promise<Group> {
  const db = t.database.db;
  const now = t.clock.now();
  const group = await writeGroupRequest({
    db,
    actor: actorFor(owner),
    now,
    input: {
      name: options.name ?? `Example Committee ${Math.random().toString(36).slice(2, 8)}`,
      kind: 'committee',
      purpose: 'An example group made up for a test.',
      website: '',
    },
  });
  await decideGroup({ db, actor: actorFor(admin), now, groupId: group.id, approve: true, note: '' });
  for (const [person, role, termEndsOn] of options.members ?? []) {
    await repo.upsertMember(db, { groupId: group.id, userId: person.id, role, termEndsOn: termEndsOn ?? null, now });
  }
  return { ...group, status: 'active' };
}

/** The group maintains the page; when the steward's claim needs approval, an editor approves it. */
export async function maintain(
  t: TestApp,
  steward: Person,
  group: Group,
  slug: string,
  intervalMonths = 12,
): Promise<void> {
  const result = await assignStewardship({
    db: t.database.db,
    actor: actorFor(steward),
    now: t.clock.now(),
    slug,
    groupId: group.id,
    intervalMonths,
  });
  if (!result.ok) throw new Error(`could not assign: ${JSON.stringify(result.errors)}`);
  if (result.claimId === undefined) return;
  const editor = await createUser(t.database, { role: 'editor' });
  const decided = await decideClaim({
    db: t.database.db,
    actor: actorFor(editor),
    now: t.clock.now(),
    id: result.claimId,
    decision: { approve: true, note: '' },
  });
  if (decided.status !== 'approved') throw new Error(`claim ${decided.status}`);
}
