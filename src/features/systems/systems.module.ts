import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { isoDay } from './systems.models';
import * as repo from './systems.repository';
import { createSystemRoutes } from './systems.routes';
import { systemsSearchKinds } from './systems.search';
import { seedSystems } from './systems.seed';

async function exportSystems(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const { reports, suggestions } = await repo.personalRows(deps.database.db, userId);
  return {
    interopReportsFiled: reports.map((r) => ({
      id: r.id,
      protocol: r.protocol,
      fromSystem: r.fromSystem,
      toSystem: r.toSystem,
      result: r.result,
      testedOn: r.testedOn,
    })),
    systemPageChanges: suggestions.map((s) => ({
      system: s.systemSlug,
      status: s.status,
      note: s.note,
      createdAt: s.createdAt.toISOString(),
    })),
  };
}

/**
 * Systems: vendor-neutral pages per ILL system (sourced claims, review dates, suggested changes), the vendor right
 * of reply, and the interoperability matrix built from community test reports.
 */
export const systemsModule: FeatureModule = {
  name: 'systems',
  routes: () => createSystemRoutes(),
  seed: (deps) => seedSystems(deps),
  searchKinds: systemsSearchKinds,
  // System pages past their review date, beside the library's on the content-health pages (the hub's and each
  // maintaining group's); the list is the systems feature's own page.
  contentHealth: {
    title: 'System pages past their review date',
    about: 'Pages about ILL systems whose review date has passed: check each claim against its source.',
    count: (db, groupId, now) => repo.countReviewOverdue(db, groupId, isoDay(now)),
    href: (groupSlug) => `/systems/reviews${groupSlug ? `?group=${encodeURIComponent(groupSlug)}` : ''}`,
  },
  personalData: {
    export: exportSystems,
    // Test reports, page changes and vendor responses are public contributions: they stay, shown as by a former
    // member (their foreign keys are set null when the account goes); a vendor representation ends.
    erase: (tx: DbOrTx, userId: number) => repo.deleteRepresentationsOf(tx, userId),
  },
};
