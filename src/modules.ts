import { accountsModule } from './features/accounts';
import { communityModule } from './features/community';
import { groupsModule } from './features/groups';
import { type ArticleExtension, createLibraryRoutes, storedArticleHtml } from './features/library';
import { notificationsModule } from './features/notifications';
import { peopleModule } from './features/people';
import { searchModule } from './features/search';
import type { FeatureModule } from './feature-module';
import type { StoredHtmlKind } from './platform/content/stored-html';
import type { Deps } from './platform/http/context';
import type { JobHandler } from './platform/jobs/queue';
import type { Schedule } from './platform/jobs/scheduler';
import { MAIL_QUEUE, mailJobHandler } from './platform/mail/mail-job';

/** The library's starter articles are loaded by the hub itself, before other modules seed (they may refer to articles). */
const libraryModule: FeatureModule = {
  name: 'library',
  routes: ({ extensions }) => createLibraryRoutes({ extensions }),
  storedHtml: storedArticleHtml,
};

/** Order matters for routes: more specific paths first. */
export function featureModules(): FeatureModule[] {
  return [accountsModule, searchModule, notificationsModule, communityModule, peopleModule, groupsModule, libraryModule];
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

export type { FeatureModule, InboundEmail, InboundEmailHandler } from './feature-module';
