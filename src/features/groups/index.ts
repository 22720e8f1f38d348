import type { FeatureModule } from '../../feature-module';
import { mergeMounts, type RouteMounts } from '../../platform/http/mounts';
import { createClaimRoutes } from './claims.routes';
import { createExpertRoutes } from './experts.routes';
import { groupsArticleExtension } from './groups.article';
import { eraseGroupsData, exportGroupsData } from './groups.personal';
import { createGroupRoutes } from './groups.routes';
import { endTerms } from './groups.usecases';
import { createHealthRoutes } from './health.routes';
import { sendReviewReminders } from './reminders';
import { createStewardshipRoutes } from './stewardship.routes';
import { sweepOverdue } from './stewardship.usecases';
import { createSuggestionRoutes } from './suggestions.routes';

export const GROUP_JOBS = {
  /** Committee terms: roles whose end date has come are removed. */
  terms: 'groups.terms',
  /** Pages that have just become overdue: cached article pages are refreshed so readers see the notice. */
  overdue: 'groups.overdue',
  /** The stewards' daily email digest of what is due. */
  reminders: 'groups.reminders',
} as const;

export function createGroupsRoutes(): RouteMounts {
  // Several files add to "/groups": "/groups/new" (groups.routes) is registered before "/groups/:slug/…".
  return mergeMounts(
    createGroupRoutes(),
    createStewardshipRoutes(),
    createClaimRoutes(),
    createSuggestionRoutes(),
    createHealthRoutes(),
    createExpertRoutes(),
  );
}

/** Groups and stewardship: groups, membership, maintained articles, reviews, suggested edits, content health and expert lists. */
export const groupsModule: FeatureModule = {
  name: 'groups',
  routes: () => createGroupsRoutes(),
  articleExtension: groupsArticleExtension,
  schedules: [
    { queue: GROUP_JOBS.terms, everyMinutes: 60 },
    { queue: GROUP_JOBS.overdue, everyMinutes: 15 },
    { queue: GROUP_JOBS.reminders, everyMinutes: 24 * 60 },
  ],
  jobs: (deps) => ({
    [GROUP_JOBS.terms]: async () => {
      await endTerms({ db: deps.database.db, now: deps.clock.now() });
    },
    [GROUP_JOBS.overdue]: async () => {
      await sweepOverdue({ db: deps.database.db, now: deps.clock.now() });
    },
    [GROUP_JOBS.reminders]: async () => {
      await sendReviewReminders({ db: deps.database.db, now: deps.clock.now(), baseUrl: deps.config.baseUrl });
    },
  }),
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
