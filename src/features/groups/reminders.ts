import { and, inArray, isNotNull, isNull } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import type { Db } from '../../platform/db/database';
import { enqueue } from '../../platform/jobs/queue';
import { MAIL_QUEUE, mailPayload } from '../../platform/mail/mail-job';
import { formatDate } from '../../platform/ui/components';
import * as groupsRepo from './groups.repository';
import * as repo from './stewardship.repository';
import type { DueItem } from './stewardship.repository';

/**
 * The daily digest: each steward gets one email listing the pages of their
 * groups that are overdue or fall due within two weeks. A reminder is claimed
 * per page and due date (review_reminders) in the same transaction as the
 * mail job, so nothing is sent twice for the same due date, even by two workers.
 */
export async function sendReviewReminders({
  db,
  now,
  baseUrl,
}: {
  db: Db;
  now: Date;
  baseUrl: string;
}): Promise<{ emails: number; pages: number }> {
  return db.transaction(async (tx) => {
    const due = await repo.dueWithoutReminder(tx, now);
    const byGroup = new Map<number, DueItem[]>();
    for (const item of due) byGroup.set(item.groupId, [...(byGroup.get(item.groupId) ?? []), item]);
    const perUser = new Map<number, DueItem[]>();
    let pages = 0;
    for (const [groupId, items] of byGroup) {
      const stewards = await groupsRepo.stewardIds(tx, groupId, now);
      // A group with nobody to tell keeps its reminders for when someone is.
      if (stewards.length === 0) continue;
      const claimed = await repo.claimReminders(
        tx,
        items.map((i) => ({ articleId: i.articleId, dueAt: i.nextReviewDue })),
        now,
      );
      const mine = items.filter((i) => claimed.has(i.articleId));
      pages += mine.length;
      for (const userId of stewards) perUser.set(userId, [...(perUser.get(userId) ?? []), ...mine]);
    }
    const ids = [...perUser.keys()];
    if (ids.length === 0) return { emails: 0, pages };
    const people = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName })
      .from(users)
      // No reminder mail to an address its owner has not confirmed; the review queue still shows the pages.
      .where(and(inArray(users.id, ids), isNull(users.deletedAt), isNotNull(users.emailVerifiedAt)));
    let emails = 0;
    for (const person of people) {
      const items = perUser.get(person.id) ?? [];
      if (items.length === 0) continue;
      await enqueue(tx, MAIL_QUEUE, mailPayload(digest(person, items, now, baseUrl)), { runAt: now });
      emails++;
    }
    return { emails, pages };
  });
}

function digest(person: { email: string; displayName: string }, items: DueItem[], now: Date, baseUrl: string) {
  const groups = new Map<string, DueItem[]>();
  for (const i of items) groups.set(i.groupSlug, [...(groups.get(i.groupSlug) ?? []), i]);
  const lines = [
    `Hello ${person.displayName},`,
    '',
    `${items.length === 1 ? 'This page is' : `These ${items.length} pages are`} due for review:`,
    '',
  ];
  for (const [slug, list] of groups) {
    lines.push(`${list[0]!.groupName} (review queue: ${baseUrl}/groups/${slug}/reviews)`);
    for (const i of list) {
      const when =
        i.nextReviewDue.getTime() <= now.getTime()
          ? `overdue since ${formatDate(i.nextReviewDue)}`
          : `due ${formatDate(i.nextReviewDue)}`;
      lines.push(`- ${i.title} — ${when}`, `  ${baseUrl}/articles/${i.slug}/review`);
    }
    lines.push('');
  }
  lines.push(
    'Open each page, check it is still right, then choose “Mark reviewed” (or edit it first). You will not be reminded again about the same due date.',
    '',
    'You receive this because you are a steward or owner of the group. To stop, ask an owner to change your role.',
  );
  return {
    to: person.email,
    subject: items.length === 1 ? `Due for review: ${items[0]!.title}` : `${items.length} pages are due for review`,
    text: lines.join('\n'),
  };
}
