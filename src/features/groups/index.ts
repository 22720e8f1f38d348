import type { ContentHealthSection, FeatureModule } from '../../feature-module';
import { mergeMounts, type RouteMounts } from '../../platform/http/mounts';
import { createClaimRoutes } from './claims.routes';
import { createExpertRoutes } from './experts.routes';
import { groupsArticleExtension } from './groups.article';
import { eraseGroupsData, exportGroupsData } from './groups.personal';
import { createGroupRoutes } from './groups.routes';
import { GROUPS_SEARCH_KINDS, indexAllGroups } from './groups.search';
import { runOnce } from '../../platform/db/app-state';
import { endTerms } from './groups.usecases';
import { createHealthRoutes } from './health.routes';
import { sendReviewReminders } from './reminders';
import { createStewardshipRoutes } from './stewardship.routes';
import { sweepOverdue } from './stewardship.usecases';
import { tellEditorsOfWaitingSuggestions } from './suggestions.fallback';
import { createSuggestionRoutes } from './suggestions.routes';
import { applyTopicAdoptions } from './topics.apply';
import { createTopicStewardshipRoutes } from './topics.routes';
import { applyStarterUpkeep } from './upkeep';

export const GROUP_JOBS = {
  /** Committee terms: roles whose end date has come are removed. */
  terms: 'groups.terms',
  /** Pages that have just become overdue: cached article pages are refreshed so readers see the notice. */
  overdue: 'groups.overdue',
  /** The stewards' daily email digest of what is due. */
  reminders: 'groups.reminders',
  /** Pages added to a topic a group maintains go to that group. */
  topics: 'groups.topics',
  /** Suggested edits the stewards have not decided within EDITOR_FALLBACK_DAYS: the editors are told, once each. */
  fallback: 'groups.fallback',
} as const;

export function createGroupsRoutes(healthSections: ContentHealthSection[] = []): RouteMounts {
  // Several files add to "/groups": "/groups/new" (groups.routes) is registered before "/groups/:slug/…".
  return mergeMounts(
    createGroupRoutes(),
    createStewardshipRoutes(),
    createClaimRoutes(),
    createSuggestionRoutes(),
    createHealthRoutes(healthSections),
    createExpertRoutes(),
    createTopicStewardshipRoutes(),
  );
}

/** Groups and stewardship: groups, membership, maintained articles, reviews, suggested edits, content health and expert lists. */
export const groupsModule: FeatureModule = {
  name: 'groups',
  routes: ({ modules }) =>
    createGroupsRoutes(modules.flatMap((m) => (m.contentHealth ? [m.contentHealth].flat() : []))),
  articleExtension: groupsArticleExtension,
  searchKinds: GROUPS_SEARCH_KINDS,
  schedules: [
    { queue: GROUP_JOBS.terms, everyMinutes: 60 },
    { queue: GROUP_JOBS.overdue, everyMinutes: 15 },
    { queue: GROUP_JOBS.reminders, everyMinutes: 24 * 60 },
    { queue: GROUP_JOBS.topics, everyMinutes: 15 },
    { queue: GROUP_JOBS.fallback, everyMinutes: 60 },
  ],
  jobs: (deps) => ({
    [GROUP_JOBS.terms]: async () => {
      await endTerms({ db: deps.database.db, now: deps.clock.now() });
    },
    [GROUP_JOBS.overdue]: async () => {
      await sweepOverdue({ db: deps.database.db, now: deps.clock.now() });
    },
    [GROUP_JOBS.topics]: async () => {
      await applyTopicAdoptions({ db: deps.database.db, now: deps.clock.now() });
    },
    [GROUP_JOBS.fallback]: async () => {
      await tellEditorsOfWaitingSuggestions({ db: deps.database.db, now: deps.clock.now() });
    },
    [GROUP_JOBS.reminders]: async () => {
      await sendReviewReminders({ db: deps.database.db, now: deps.clock.now(), baseUrl: deps.config.baseUrl });
    },
  }),
  /** Groups and expert lists made before they were searchable are indexed once. */
  async start(deps) {
    await runOnce(deps.database.db, 'search.backfill.groups', deps.clock.now(), (tx) =>
      indexAllGroups(tx, deps.clock.now()),
    );
    return async () => {};
  },
  /** The editors group and the starter pages' maintainers and review dates (from their front matter). */
  async seed(deps) {
    const { assigned } = await applyStarterUpkeep({ db: deps.database.db, now: deps.clock.now(), logger: deps.logger });
    if (assigned) deps.logger.info('starter pages given their maintaining group', { assigned });
    await applyTopicAdoptions({ db: deps.database.db, now: deps.clock.now() });
  },
  personalData: {
    export: exportGroupsData,
    erase: eraseGroupsData,
  },
};

export { healthReport } from './health';
export { stewardOfArticle } from './groups.article';
export { listExpertLists, invitationsOf as expertInvitationsOf } from './experts';
/** For a personal overview (the home page): what a steward or owner may act on now, each list bounded by `limit`. */
export { stewardWorkFor, type ReviewDue, type StewardWork, type SuggestionAwaiting } from './groups.overview';
/** The hub's editors group; the admin CLI seats the first administrator as its owner. */
export { EDITORS_GROUP, welcomeAdministrator } from './upkeep';
/** For workflows: the groups a member belongs to now, and a group by id (for owned local versions). */
export { groupsOf, findGroupById } from './groups.repository';
/** For features that name a group (e.g. an event's organiser): lookups, the active list and a member's role today. */
export { findGroupBySlug, listGroups, roleIn as groupRoleOf } from './groups.repository';
export type { Group, GroupRole } from './groups.models';
export { stewardGroupsOf } from './stewardship.repository';
