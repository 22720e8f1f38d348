import { NEW_MEMBER } from '../../platform/auth/standing';
import type { SafeHtml } from '../../platform/content/markdown';
import type { THREAD_KINDS } from './community.table';

export type ThreadKind = (typeof THREAD_KINDS)[number];
export type PostStatus = 'published' | 'pending' | 'hidden' | 'deleted';

/** Limits defined once: the schemas enforce them and the forms use them for maxlength. */
export const FORUM_LIMITS = {
  title: 160,
  body: 20_000,
  flagNote: 1000,
  reason: 500,
  topics: 6,
  /** A member's first posts: at most this many links in each (the hub-wide new-member limit). */
  newMemberLinks: NEW_MEMBER.links,
  /** Posts (of any status) before someone is no longer a new member. */
  newMemberPosts: NEW_MEMBER.contributions,
  suspendDaysMax: 3650,
} as const;

export const THREADS_PER_PAGE = 25;
export const POSTS_PER_PAGE = 25;

export const THREAD_KIND_LABELS: Record<ThreadKind, string> = {
  discussion: 'Discussion',
  question: 'Question',
};

export const FLAG_REASON_LABELS = {
  spam: 'Spam',
  off_topic: 'Off-topic',
  abusive: 'Abusive or harassing',
  other: 'Something else',
} as const;

/** The admin setting that holds new members' first posts for a moderator's approval. */
export const HOLD_FIRST_POSTS = 'forum.hold_first_posts';

export interface Category {
  id: number;
  slug: string;
  name: string;
  description: string;
  parentId: number | null;
  position: number;
  threadCount: number;
  postCount: number;
  lastPostAt: Date | null;
}

export interface Thread {
  id: number;
  categoryId: number;
  title: string;
  kind: ThreadKind;
  authorId: number;
  topicSlugs: string[];
  articleId: number | null;
  acceptedPostId: number | null;
  replyCount: number;
  locked: boolean;
  pinned: boolean;
  status: PostStatus;
  createdAt: Date;
  lastPostAt: Date;
}

export interface Post {
  id: number;
  threadId: number;
  number: number;
  authorId: number;
  body: string;
  /** `body` as sanitised HTML with mentions linked, stored when saved (null until the start-up pass renders an older row). */
  bodyHtml: SafeHtml | null;
  /** The RENDER_VERSION of `bodyHtml` (0: not rendered yet). */
  renderVersion: number;
  quoteOf: number | null;
  status: PostStatus;
  helpfulCount: number;
  via: 'web' | 'email';
  /** Set on a vendor's labelled response: the system (vocabulary slug) its author spoke for (docs/decisions/030). */
  vendorSystem: string | null;
  /** The organisation on the label ("Vendor response · <vendorName>"). */
  vendorName: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
}

/** A post as a page shows it: with its author's names. */
export interface PostView extends Post {
  authorName: string;
  authorUsername: string;
}

export function threadUrl(threadId: number, page = 1): string {
  return page > 1 ? `/forum/t/${threadId}?page=${page}` : `/forum/t/${threadId}`;
}

export function postUrl(postId: number): string {
  return `/forum/p/${postId}`;
}

export function categoryUrl(slug: string): string {
  return `/forum/c/${slug}`;
}

/** Page of a thread that shows post number `number` (posts are numbered from 1, in order). */
export function pageOfNumber(position: number): number {
  return Math.max(1, Math.ceil(position / POSTS_PER_PAGE));
}

/** A short plain excerpt for notifications and feeds. */
export function excerptOf(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** For views, which never import table files. */
export { FLAG_REASONS, THREAD_KINDS } from './community.table';
