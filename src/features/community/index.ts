import { liveThreadsFor } from './community.live';
import { Hono } from 'hono';
import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { createDiscussionRoutes, discussionExtension } from './community.discussion';
import { addFeedRoute } from './community.feed';
import { replyByEmail } from './community.inbound';
import { addLiveRoute } from './community.live';
import { excerptOf, postUrl, threadUrl } from './community.models';
import {
  countUnanswered,
  latestReplies,
  listUnanswered,
  storedPostHtml,
  threadsWrittenIn,
} from './community.repository';
import { createPostingRoutes } from './community.posting.routes';
import { createReadingRoutes } from './community.routes';
import { seedForumCategories } from './community.seed';
import { CATEGORY_SEARCH_KIND, indexAllCategories, POST_SEARCH_KIND } from './community.search';
import { runOnce } from '../../platform/db/app-state';
import { deleteOpenFlagsBy, flagsBy, postsBy } from './moderation.repository';
import { createModerationRoutes } from './moderation.routes';
import { provideWatchSubjects } from '../notifications';
import { categorySubjects, threadSubjects } from './community.watch-subjects';
import { POST_FANOUT_QUEUE, postFanoutJobHandler } from './community.fanout';

// Watches of threads and categories are named by the forum: notifications reads none of its tables.
provideWatchSubjects('thread', threadSubjects);
provideWatchSubjects('category', categorySubjects);

export function createCommunityRoutes(): RouteMounts {
  const forum = new Hono<AppEnv>();
  addFeedRoute(forum);
  addLiveRoute(forum);
  const moderation = createModerationRoutes();
  // Fixed paths ("/forum/new", "/forum/unanswered") are registered before ":id" and ":slug" ones.
  forum.route('/', createPostingRoutes());
  forum.route('/', moderation.forum);
  forum.route('/', createDiscussionRoutes());
  forum.route('/', createReadingRoutes());
  return { '/forum': forum, ...moderation.mounts };
}

export interface UnansweredQuestion {
  id: number;
  title: string;
  url: string;
  createdAt: Date;
  replyCount: number;
  topicSlugs: string[];
  categoryName: string;
}

/**
 * Published questions without an accepted answer, asked before `olderThan`,
 * tagged with any of `topicSlugs` (an empty list matches no topic filter: every question).
 */
export async function countUnansweredQuestions(
  db: DbOrTx,
  filter: { topicSlugs: string[]; olderThan: Date },
): Promise<number> {
  return countUnanswered(db, filter);
}

export async function listUnansweredQuestions(
  db: DbOrTx,
  filter: { topicSlugs: string[]; olderThan: Date; limit: number },
): Promise<UnansweredQuestion[]> {
  const { items } = await listUnanswered(db, filter);
  return items.map((t) => ({
    id: t.id,
    title: t.title,
    url: threadUrl(t.id),
    createdAt: t.createdAt,
    replyCount: t.replyCount,
    topicSlugs: t.topicSlugs,
    categoryName: t.categoryName,
  }));
}

/** A reply as another feature lists it (e.g. a course's latest teach-back posts): plain excerpt, author, link. */
export interface ThreadReply {
  id: number;
  url: string;
  authorName: string;
  excerpt: string;
  createdAt: Date;
}

/** The newest published replies of a published thread (at most `limit`, newest first); none for a held thread. */
export async function latestRepliesIn(db: DbOrTx, threadId: number, limit: number): Promise<ThreadReply[]> {
  const rows = await latestReplies(db, threadId, Math.min(limit, 50));
  return rows.map((r) => ({
    id: r.id,
    url: postUrl(r.id),
    authorName: r.authorName,
    excerpt: excerptOf(r.body, 240),
    createdAt: r.createdAt,
  }));
}

/** Which of these threads (ids; at most 200 looked at) the member started or wrote in: "replies to you" on a personal page. */
export async function threadsTakenPartIn(db: DbOrTx, userId: number, threadIds: number[]): Promise<Set<number>> {
  return new Set(await threadsWrittenIn(db, userId, threadIds));
}

/** Community: forum categories, threads, replies, Q&A, reactions, mentions and moderation. */
export const communityModule: FeatureModule = {
  name: 'community',
  routes: () => createCommunityRoutes(),
  articleExtension: discussionExtension,
  searchKinds: [POST_SEARCH_KIND, CATEGORY_SEARCH_KIND],
  async seed(deps) {
    const added = await seedForumCategories(deps.database.db, deps.config.contentDir, deps.clock.now());
    if (added) deps.logger.info('forum categories added', { added });
  },
  inboundEmail: { thread: replyByEmail },
  jobs: (deps) => ({ [POST_FANOUT_QUEUE]: postFanoutJobHandler(deps) }),
  storedHtml: storedPostHtml,
  /** Categories made before they were searchable are indexed once; the stop function ends open live-update streams. */
  async start(deps) {
    await runOnce(deps.database.db, 'search.backfill.forum_categories', deps.clock.now(), (tx) =>
      indexAllCategories(tx, deps.clock.now()),
    );
    return async () => liveThreadsFor(deps).close();
  },
  personalData: {
    async export(deps, userId) {
      const db = deps.database.db;
      const [posts, flags] = await Promise.all([postsBy(db, userId), flagsBy(db, userId)]);
      return { forumPosts: posts, forumFlagsFiled: flags };
    },
    /** Posts are public contributions and stay (their author shows as a former member); open flags they filed go. */
    async erase(tx, userId) {
      await deleteOpenFlagsBy(tx, userId);
    },
  },
};

export { FORUM_POST_LABEL, FORUM_POST_TYPE, POST_KIND } from './community.search';
export { threadUrl, postUrl, categoryUrl } from './community.models';
/** For features that open a thread of their own (e.g. an event's discussion): the one way threads are started. */
export { createThread, replyToThread } from './community.usecases';
/** For system pages: a system's forum sub-category. */
export { categoryForSystem } from './community.by-system';
/** For the vendor right of reply: the systems feature says who may label a reply as a maker's response, and where. */
export { provideVendorVoices, type VendorVoice, type VendorVoiceSource } from './community.vendor';
