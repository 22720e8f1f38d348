import type { FeatureModule } from '../../feature-module';
import { waybackLookup } from './archive';
import { resourceContent } from './resources.content';
import { countBroken } from './resources.repository';
import { createResourceRoutes } from './resources.routes';
import { resourceSearchKinds } from './resources.search';
import { seedResources } from './resources.seed';
import { runLinkCheck } from './resources.usecases';

export const LINK_CHECK_QUEUE = 'resources.link-check';
/** Hourly, each run short (RUN_BUDGET_MS) and only over links due again (a week after their last check). */
const HOURLY = 60;

/**
 * Outside resources: the catalogue of material kept elsewhere, the lender directory by country (both content
 * files), and the hourly link checker (each link again a week after its last check) over the catalogue and every external link inside articles.
 */
export const resourcesModule: FeatureModule = {
  name: 'resources',
  routes: () => createResourceRoutes(),
  searchKinds: resourceSearchKinds,
  seed: (deps) => seedResources(deps),
  schedules: [{ queue: LINK_CHECK_QUEUE, everyMinutes: HOURLY }],
  jobs: (deps) => ({
    [LINK_CHECK_QUEUE]: async () => {
      if (!deps.config.linkChecks) return;
      await runLinkCheck({
        db: deps.database.db,
        now: () => deps.clock.now(),
        content: await resourceContent(deps.config.contentDir),
        archive: waybackLookup(),
        ownOrigin: deps.config.baseUrl,
      });
    },
  }),
  contentHealth: {
    title: 'Broken links',
    about:
      'Outside resources and links inside articles that no longer work; each shows an archived copy when one exists.',
    count: (db, groupId) => countBroken(db, groupId),
    href: (groupSlug) => `/resources/links${groupSlug ? `?group=${encodeURIComponent(groupSlug)}` : ''}`,
  },
};
