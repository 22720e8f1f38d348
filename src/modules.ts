import { accountsModule } from './features/accounts';
import { communityModule } from './features/community';
import { draftsModule } from './features/drafts';
import { eventsModule } from './features/events';
import { groupsModule } from './features/groups';
import { homeModule } from './features/home';
import { learningModule } from './features/learning';
import {
  type ArticleExtension,
  createLibraryRoutes,
  librarySearchKinds,
  storedArticleHtml,
  uploadTooLargePage,
} from './features/library';
import { notificationsModule } from './features/notifications';
import { peopleModule } from './features/people';
import { reportsModule } from './features/reports';
import { searchModule } from './features/search';
import { systemsModule } from './features/systems';
import { resourcesModule } from './features/resources';
import { toolsModule } from './features/tools';
import { workflowsModule } from './features/workflows';
import type { FeatureModule } from './feature-module';
import type { StoredHtmlKind } from './platform/content/stored-html';
import type { Deps } from './platform/http/context';
import { checkMounts, type Mount } from './platform/http/mounts';
import type { JobHandler } from './platform/jobs/queue';
import type { Schedule } from './platform/jobs/scheduler';
import { MAIL_QUEUE, mailJobHandler } from './platform/mail/mail-job';

/** The library's starter articles are loaded by the hub itself, before other modules seed (they may refer to articles). */
const libraryModule: FeatureModule = {
  name: 'library',
  routes: ({ extensions }) => createLibraryRoutes({ extensions }),
  bodyTooLarge: (c, { limitBytes, modules }) =>
    uploadTooLargePage(c, { limitBytes, extensions: articleExtensions(modules) }),
  storedHtml: storedArticleHtml,
  searchKinds: librarySearchKinds,
};

/**
 * The hub's modules. Their order does not matter for routes: each module mounts its own prefixes and the
 * server refuses overlaps (routeMounts). Middleware and article extensions run in this order.
 */
export function featureModules(): FeatureModule[] {
  return [
    accountsModule,
    searchModule,
    notificationsModule,
    communityModule,
    peopleModule,
    groupsModule,
    draftsModule,
    eventsModule,
    homeModule,
    libraryModule,
    workflowsModule,
    toolsModule,
    resourcesModule,
    systemsModule,
    reportsModule,
    learningModule,
  ];
}

export function jobHandlers(deps: Deps, modules: FeatureModule[]): Record<string, JobHandler> {
  const handlers: Record<string, JobHandler> = { [MAIL_QUEUE]: mailJobHandler(deps.mailer) };
  for (const m of modules) Object.assign(handlers, m.jobs?.(deps) ?? {});
  return handlers;
}

export function schedules(modules: FeatureModule[]): Schedule[] {
  return modules.flatMap((m) => m.schedules ?? []);
}

export function storedHtmlKinds(modules: FeatureModule[]): StoredHtmlKind[] {
  return modules.flatMap((m) => m.storedHtml ?? []);
}

export function articleExtensions(modules: FeatureModule[]): ArticleExtension[] {
  return modules.flatMap((m) => (m.articleExtension ? [m.articleExtension] : []));
}

/** Every module's route mounts, checked: throws MountConflictError when two could answer the same request. */
export function routeMounts(modules: FeatureModule[]): Mount[] {
  const options = { extensions: articleExtensions(modules), modules };
  const mounts = modules.flatMap((m) =>
    Object.entries(m.routes?.(options) ?? {}).map(([prefix, routes]) => ({ module: m.name, prefix, routes })),
  );
  checkMounts(mounts);
  return mounts;
}

export type { FeatureModule, InboundEmail, InboundEmailHandler } from './feature-module';
