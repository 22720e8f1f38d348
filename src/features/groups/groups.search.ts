import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, removeDocument } from '../../platform/search/search';
import { listExpertLists } from './experts';
import { GROUP_KIND_LABELS, type Group } from './groups.models';
import { expertLists, groups } from './groups.table';

/** Groups and expert lists are searchable kinds; each is in the index while its group is active. */
export const GROUP_KIND = 'group';
export const EXPERT_LIST_KIND = 'expert-list';
export const GROUPS_SEARCH_KINDS: SearchKind[] = [
  { kind: GROUP_KIND, label: 'Group', plural: 'Groups', curated: true, order: 60 },
  { kind: EXPERT_LIST_KIND, label: 'Expert list', plural: 'Expert lists', curated: true, order: 70 },
];

/** Put a group in the index when it is active (approved), and take it and its expert lists out otherwise. */
export async function indexGroup(
  db: DbOrTx,
  group: Pick<Group, 'id' | 'slug' | 'name' | 'kind' | 'purpose' | 'status'>,
  now: Date,
): Promise<void> {
  if (group.status !== 'active') {
    await removeDocument(db, GROUP_KIND, String(group.id));
    const lists = await db.select({ id: expertLists.id }).from(expertLists).where(eq(expertLists.groupId, group.id));
    for (const l of lists) await removeDocument(db, EXPERT_LIST_KIND, String(l.id));
    return;
  }
  const kindLabel = GROUP_KIND_LABELS[group.kind];
  await indexDocument(db, {
    kind: GROUP_KIND,
    refId: String(group.id),
    url: `/groups/${group.slug}`,
    title: group.name,
    summary: `${kindLabel}: ${group.purpose}`,
    body: group.purpose,
    topics: [],
    docType: GROUP_KIND,
    audience: null,
    keywords: [kindLabel],
    updatedAt: now,
  });
  // The lists name their group, so they follow its name.
  for (const list of await listExpertLists(db, group.id)) await indexExpertList(db, list, now);
}

/** An expert list: its title and description, and the group that curates it (never who is on it). */
export async function indexExpertList(
  db: DbOrTx,
  list: { id: number; slug: string; title: string; description: string; groupName: string },
  now: Date,
): Promise<void> {
  await indexDocument(db, {
    kind: EXPERT_LIST_KIND,
    refId: String(list.id),
    url: `/experts/${list.slug}`,
    title: list.title,
    summary: `Expert list kept by ${list.groupName}${list.description ? `: ${list.description}` : ''}`,
    body: list.description,
    topics: [],
    docType: EXPERT_LIST_KIND,
    audience: null,
    keywords: [list.groupName, 'experts'],
    updatedAt: now,
  });
}

/** Every active group and its lists: once, for hubs that had groups before they were searchable. */
export async function indexAllGroups(db: DbOrTx, now: Date): Promise<void> {
  const rows = await db
    .select({
      id: groups.id,
      slug: groups.slug,
      name: groups.name,
      kind: groups.kind,
      purpose: groups.purpose,
      status: groups.status,
    })
    .from(groups)
    .where(eq(groups.status, 'active'));
  for (const g of rows) await indexGroup(db, g, now);
}
