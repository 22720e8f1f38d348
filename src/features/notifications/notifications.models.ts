import { stripMarkdownSyntax } from '../../platform/content/strip-markdown';
import { safeNext } from '../../platform/http/redirect';
import { DELIVERIES, type Delivery, WATCH_TARGETS, type WatchTarget } from './notifications.table';

export { DELIVERIES, WATCH_TARGETS };
export type { Delivery, WatchTarget };

export const DELIVERY_LABELS: Record<Delivery, string> = {
  in_app: 'In the hub only',
  immediate: 'Email me each time',
  digest: 'Email me a daily digest',
};

export const TARGET_LABELS: Record<WatchTarget, string> = {
  thread: 'Thread',
  category: 'Category',
  topic: 'Topic',
  article: 'Article',
};

/** Email settings of a person. */
export interface NotificationSettings {
  /** How you hear about things addressed to you (mentions, messages) and what new watches start with. */
  defaultDelivery: Delivery;
  mailingListMode: boolean;
  digestHourUtc: number;
  /** Daily, or weekly on Mondays (the "new in your topics" digest). */
  digestFrequency: 'daily' | 'weekly';
  emailPaused: boolean;
}

/** What a person who never opened the preferences page gets: things addressed to them arrive by email. */
export const DEFAULT_SETTINGS: NotificationSettings = {
  defaultDelivery: 'immediate',
  mailingListMode: false,
  digestHourUtc: 13,
  digestFrequency: 'daily',
  emailPaused: false,
};

/** Subjects whose notification emails carry a reply-by-email address (scope "<subjectType>:<subjectId>"). */
export const REPLYABLE_SUBJECTS = ['thread', 'conversation'] as const;

export interface WatchInput {
  userId: number;
  targetType: WatchTarget;
  targetId: string;
  /** Omitted: the person's default delivery for a new watch, and an existing watch (or mute) is left as it is. */
  delivery?: Delivery;
  now: Date;
}

export interface NotifyInput {
  userIds: number[];
  kind: string;
  actorId: number | null;
  subjectType: string;
  subjectId: string;
  url: string;
  title: string;
  /** Plain text shown under the title (shortened to EXCERPT_MAX). Without it, the text of `markdown` is used. */
  excerpt?: string;
  /**
   * The Markdown the notification is about (a message, a post): its text becomes the excerpt when none is
   * given (rendered once, here), and the email carries it whole, as text and rendered HTML.
   */
  markdown?: string;
  /** What it is about, by name (thread or article title, conversation subject): the daily digest groups by it. */
  subjectTitle?: string;
  /** Where that lives (e.g. a forum category's name): the digest's section heading. */
  context?: string;
  dedupeKey?: string;
  now: Date;
}

/** A change to an article, told to its watchers (`queueArticleFanout`, called by the library in the change's transaction). */
export interface ArticleChange {
  kind: 'article.revised' | 'article.reverted' | 'article.file_added';
  articleId: number;
  /** The article's title after the change (the notice's subject). */
  title: string;
  /** Where the notice leads: the article's history for edits, its files for an upload. */
  url: string;
  actorId: number;
  /** The edit summary, or the file's name. */
  message: string;
  /** Unique per change (e.g. `12:r5` for revision 5 of article 12): nobody hears about one change twice. */
  changeKey: string;
}

export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  excerpt: string;
  url: string;
  createdAt: Date;
  readAt: Date | null;
  actorName: string | null;
}

export interface WatchItem {
  id: number;
  targetType: WatchTarget;
  targetId: string;
  delivery: Delivery;
  muted: boolean;
  /** What the watched thing is called, or null when it no longer exists. */
  label: string | null;
  url: string | null;
}

/** Longest excerpt kept with a notification; views shorten it further. */
export const EXCERPT_MAX = 2000;

export function excerptOf(text: string, max = EXCERPT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A stored excerpt as shown in the hub and the digest: plain text, shortened.
 * Rows made before excerpts were rendered at creation may hold Markdown; its
 * syntax is stripped (cheaply, no rendering).
 */
export function displayExcerpt(excerpt: string, max: number): string {
  return excerptOf(stripMarkdownSyntax(excerpt), max);
}

/** Only same-site paths may be followed from a notification (never an open redirect). */
export function safeLocalUrl(url: string): string {
  return safeNext(url, '/notifications');
}
