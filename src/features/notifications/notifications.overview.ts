import type { DbOrTx } from '../../platform/db/database';
import { displayExcerpt } from './notifications.models';
import { recentUnread, type UnreadNotice } from './notifications.repository';

/** What the forum tells people: a new thread or reply in something they watch, a mention, their answer accepted. */
export const FORUM_NOTICE_KINDS = ['forum.thread', 'forum.reply', 'mention', 'answer_accepted'] as const;

export interface UnreadNoticeItem extends UnreadNotice {
  /** Opens the notification's page and marks it read. */
  href: string;
}

/** The newest unread notifications of `kinds`, at most `limit` (for a personal overview such as the home page). */
export async function unreadNotices(
  db: DbOrTx,
  userId: number,
  options: { kinds: readonly string[]; limit: number },
): Promise<UnreadNoticeItem[]> {
  const rows = await recentUnread(db, userId, { kinds: [...options.kinds], limit: options.limit });
  return rows.map((r) => ({ ...r, excerpt: displayExcerpt(r.excerpt, 200), href: `/notifications/${r.id}/open` }));
}
