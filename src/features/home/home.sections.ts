import type { Actor } from '../../platform/auth/actor';
import { isNewMember } from '../../platform/auth/members';
import type { DbOrTx } from '../../platform/db/database';
import { threadsTakenPartIn } from '../community';
import { type DraftSummary, listDrafts } from '../drafts';
import { type ReviewDue, stewardWorkFor, type SuggestionAwaiting } from '../groups';
import { FORUM_NOTICE_KINDS, type UnreadNoticeItem, unreadNotices } from '../notifications';
import { type UnreadConversation, unreadConversationsOf } from '../people';

/** Items shown per section; each section links to (or unfolds) the rest. */
export const SHOWN = 5;
/**
 * Rows read per section: enough to count "20 or more" honestly while every query stays bounded.
 * Forum notices are read further, since they are split into two sections and grouped by thread.
 */
export const READ = { notices: 50, list: 21, drafts: 50 } as const;

/** A section's rows: the first SHOWN are listed, `total` of them were found, `more` when the read limit was reached. */
export interface Counted<T> {
  items: T[];
  total: number;
  more: boolean;
}

export interface WatchedThreadNews {
  threadId: number;
  title: string;
  /** The first unread notice about it: opens the first new post and marks that notice read. */
  href: string;
  newPosts: number;
  latestAt: Date;
}

export interface HomeSections {
  replies: Counted<UnreadNoticeItem>;
  watched: Counted<WatchedThreadNews> & { posts: number };
  messages: Counted<UnreadConversation>;
  suggestions: Counted<SuggestionAwaiting>;
  reviews: Counted<ReviewDue> & { queues: Array<{ slug: string; name: string }> };
  drafts: Counted<DraftSummary>;
  /** Joined within the last day: greeted as new, not "welcome back". */
  newcomer: boolean;
}

function counted<T>(rows: T[], read: number): Counted<T> {
  return { items: rows.slice(0, SHOWN), total: rows.length, more: rows.length >= read };
}

/** Kinds that speak to the member directly; a reply does when it is in a thread they started or wrote in. */
const DIRECT = new Set(['mention', 'answer_accepted']);

/**
 * Replies and mentions, and news in watched threads, from one read of the member's newest unread forum
 * notices: a reply counts as "to you" when the member has written in that thread (asked of the community).
 */
async function forumNews(db: DbOrTx, userId: number): Promise<Pick<HomeSections, 'replies' | 'watched'>> {
  const notices = await unreadNotices(db, userId, { kinds: FORUM_NOTICE_KINDS, limit: READ.notices });
  const threadOf = (n: UnreadNoticeItem) =>
    n.subjectType === 'thread' && /^[0-9]{1,10}$/.test(n.subjectId) ? Number(n.subjectId) : null;
  const replyThreads = notices
    .filter((n) => n.kind === 'forum.reply')
    .map(threadOf)
    .filter((id): id is number => id !== null);
  const wroteIn = await threadsTakenPartIn(db, userId, replyThreads);
  const replies: UnreadNoticeItem[] = [];
  const byThread = new Map<number, WatchedThreadNews>();
  for (const n of notices) {
    const threadId = threadOf(n);
    if (DIRECT.has(n.kind) || (n.kind === 'forum.reply' && threadId !== null && wroteIn.has(threadId))) {
      replies.push(n);
      continue;
    }
    if (threadId === null) continue;
    const known = byThread.get(threadId);
    if (known) {
      // Newest first: each later notice is older, so it becomes the first new post to open.
      known.newPosts++;
      known.href = n.href;
    } else {
      byThread.set(threadId, {
        threadId,
        title: n.subjectTitle ?? n.title,
        href: n.href,
        newPosts: 1,
        latestAt: n.createdAt,
      });
    }
  }
  const more = notices.length >= READ.notices;
  const threads = [...byThread.values()];
  return {
    replies: { items: replies.slice(0, SHOWN), total: replies.length, more },
    watched: {
      items: threads.slice(0, SHOWN),
      total: threads.length,
      more,
      posts: threads.reduce((sum, t) => sum + t.newPosts, 0),
    },
  };
}

/**
 * Unread conversations: the header's count (the people module's, capped at 99) says how many, so only the
 * shown ones are read, and none when it says there are none.
 */
async function unreadMessages(
  db: DbOrTx,
  userId: number,
  headerCount: number | undefined,
): Promise<Counted<UnreadConversation>> {
  if (headerCount === 0) return { items: [], total: 0, more: false };
  const items = await unreadConversationsOf(db, userId, SHOWN);
  if (headerCount === undefined) return { items, total: items.length, more: items.length >= SHOWN };
  // The count stops at 100 (the header shows "99+"): then this says "99 or more".
  return { items, total: Math.max(Math.min(headerCount, 99), items.length), more: headerCount > 99 };
}

/**
 * Everything the signed-in home page shows, each part read through the feature that owns it, each query bounded.
 * `unreadMessages` is the header's count when the request has it (undefined for people who cannot message).
 */
export async function loadHomeSections(
  db: DbOrTx,
  actor: Actor,
  now: Date,
  options: { isMember: boolean; unreadMessages: number | undefined },
): Promise<HomeSections> {
  const [forum, messages, work, drafts, newcomer] = await Promise.all([
    forumNews(db, actor.id),
    options.isMember
      ? unreadMessages(db, actor.id, options.unreadMessages)
      : Promise.resolve({ items: [], total: 0, more: false }),
    stewardWorkFor(db, actor, now, READ.list),
    listDrafts(db, actor.id, READ.drafts),
    isNewMember(db, actor.id, now),
  ]);
  return {
    ...forum,
    messages,
    suggestions: counted(work.suggestions, READ.list),
    reviews: { ...counted(work.reviews, READ.list), queues: work.groups },
    // A member keeps at most 50 drafts, so this is all of them: the rest unfold on the page itself.
    drafts: { items: drafts, total: drafts.length, more: false },
    newcomer,
  };
}
