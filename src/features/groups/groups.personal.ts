import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import { invitationsOf } from './experts';
import * as claimsRepo from './claims.repository';
import * as groupsRepo from './groups.repository';
import { expertListEntries, groupMembers, groups, suggestionComments } from './groups.table';
import * as suggestionsRepo from './suggestions.repository';
import * as topicsRepo from './topics.repository';

/** What groups hold about a person, for "download my data". */
export async function exportGroupsData(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const [memberships, suggestions, invitations, comments, requested, claims, topicRequests] = await Promise.all([
    groupsRepo.groupsOf(db, userId, now),
    suggestionsRepo.byProposer(db, userId, 10_000),
    invitationsOf(db, userId),
    db
      .select({
        suggestionId: suggestionComments.suggestionId,
        body: suggestionComments.body,
        createdAt: suggestionComments.createdAt,
      })
      .from(suggestionComments)
      .where(eq(suggestionComments.authorId, userId)),
    db
      .select({ name: groups.name, slug: groups.slug, status: groups.status, createdAt: groups.createdAt })
      .from(groups)
      .where(eq(groups.createdBy, userId)),
    claimsRepo.claimsInvolving(db, userId),
    topicsRepo.involving(db, userId),
  ]);
  return {
    groupMemberships: memberships.map((m) => ({ group: m.name, slug: m.slug, role: m.role, termEndsOn: m.termEndsOn })),
    groupsRequested: requested,
    suggestedEdits: suggestions.map((s) => ({
      id: s.id,
      article: s.articleSlug,
      message: s.message,
      status: s.status,
      createdAt: s.createdAt,
      decidedAt: s.decidedAt,
      decisionNote: s.decisionNote,
      content: s.content,
    })),
    suggestionComments: comments,
    requestsToMaintainPages: claims.map((c) => ({
      article: c.articleSlug,
      group: c.groupName,
      you: c.requestedBy === userId ? 'asked' : 'decided',
      status: c.status,
      createdAt: c.createdAt,
      decidedAt: c.decidedAt,
      decisionNote: c.decisionNote,
    })),
    requestsToMaintainTopics: topicRequests.map((r) => ({
      topic: r.topicSlug,
      group: r.groupName,
      you: r.requestedBy === userId ? 'asked' : 'decided',
      status: r.status,
      reviewIntervalMonths: r.reviewIntervalMonths,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      decisionNote: r.decisionNote,
    })),
    expertLists: invitations.map((i) => ({
      list: i.listTitle,
      group: i.groupName,
      note: i.note,
      status: i.status,
      invitedAt: i.invitedAt,
    })),
  };
}

/**
 * Account deletion: roles in groups and places on expert lists end; open
 * suggestions and requests to maintain pages or topics are withdrawn. Approved edits and comments stay, shown as a
 * former member's. A group left without an owner says so on its page, and an
 * administrator can appoint one.
 */
export async function eraseGroupsData(tx: DbOrTx, userId: number): Promise<void> {
  const left = await tx
    .delete(groupMembers)
    .where(eq(groupMembers.userId, userId))
    .returning({ groupId: groupMembers.groupId, role: groupMembers.role });
  for (const row of left) {
    await recordEvent(tx, {
      type: 'group.member_left',
      actorId: null,
      subjectType: 'group',
      subjectId: row.groupId,
      data: { name: 'A former member', role: row.role },
    });
  }
  const listed = await tx
    .delete(expertListEntries)
    .where(eq(expertListEntries.userId, userId))
    .returning({ listId: expertListEntries.listId });
  if (listed.length)
    await recordEvent(tx, {
      type: 'experts.erased',
      actorId: null,
      subjectType: 'user',
      subjectId: userId,
      data: { lists: listed.length },
    });
  // erase() has no clock: the database's time stamps the withdrawal.
  await tx.execute(
    sql`update stewardship_claims set status = 'withdrawn', decided_at = now() where requested_by = ${userId} and status = 'pending'`,
  );
  await tx.execute(
    sql`update topic_stewardships set status = 'withdrawn', decided_at = now() where requested_by = ${userId} and status = 'pending'`,
  );
  await tx.execute(
    sql`update suggested_edits set status = 'withdrawn', decided_at = now(), updated_at = now() where proposer_id = ${userId} and status in ('pending', 'changes_requested')`,
  );
}
