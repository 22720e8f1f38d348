import type { FeatureModule } from '../../feature-module';
import type { Deps } from '../../platform/http/context';
import { waybackLookup } from './archive';
import { countReviewOverdue, revisionsBy } from './records.repository';
import { isoDay } from './resources.records';
import { countBroken } from './resources.repository';
import { createResourceRoutes } from './resources.routes';
import { resourceSearchKinds } from './resources.search';
import { seedResources } from './resources.seed';
import { runLinkCheck } from './resources.usecases';

export const LINK_CHECK_QUEUE = 'resources.link-check';
/** Hourly, each run short (RUN_BUDGET_MS) and only over links due again (a week after their last check). */
const HOURLY = 60;

async function exportResources(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const changes = await revisionsBy(deps.database.db, userId);
  return {
    resourceRecordChanges: changes.map((c) => ({
      kind: c.kind,
      record: c.ref,
      status: c.status,
      note: c.note,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/**
 * Outside resources: the catalogue of material kept elsewhere and the lender directory by country (records kept by
 * the community, seeded once from the content files), and the hourly link checker (each link again a week after its
 * last check) over the catalogue and every external link inside articles.
 */
export const resourcesModule: FeatureModule = {
  name: 'resources',
  routes: () => createResourceRoutes(),
  searchKinds: resourceSearchKinds,
  seed: (deps) => seedResources(deps),
  schedules: [{ queue: LINK_CHECK_QUEUE, everyMinutes: HOURLY }],
  jobs: (deps) => ({
    [LINK_CHECK_QUEUE]: async (_payload, job) => {
      if (!deps.config.linkChecks) return;
      await runLinkCheck({
        db: deps.database.db,
        now: () => deps.clock.now(),
        archive: waybackLookup(),
        ownOrigin: deps.config.baseUrl,
        // The hub is stopping: start no new link, the rest wait for the next run.
        signal: job.signal,
      });
    },
  }),
  contentHealth: [
    {
      title: 'Broken links',
      about:
        'Outside resources and links inside articles that no longer work; each shows an archived copy when one exists.',
      count: (db, groupId) => countBroken(db, groupId),
      href: (groupSlug) => `/resources/links${groupSlug ? `?group=${encodeURIComponent(groupSlug)}` : ''}`,
    },
    {
      title: 'Resource and lender records past their review date',
      about: 'Outside resources and lender directory countries whose review date has passed: check them at the source.',
      count: (db, groupId, now) => countReviewOverdue(db, groupId, isoDay(now)),
      href: (groupSlug) => `/resources/reviews${groupSlug ? `?group=${encodeURIComponent(groupSlug)}` : ''}`,
    },
  ],
  personalData: {
    export: exportResources,
    // Changes to public records are public contributions: they stay, shown as by a former member (set null).
    erase: async () => {},
  },
};
