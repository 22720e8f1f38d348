import { sql } from 'drizzle-orm';
import { personal } from '../../platform/cache/personal';
import type { Child } from 'hono/jsx';
import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import { actorOf, type AppContext, type Deps } from '../../platform/http/context';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { csrfTokenFor } from '../../platform/http/security';
import { FilledHoles, rememberHoled } from '../../platform/ui/segments';
import type { ArticleExtension } from '../library';
import { articleJobHandlers } from './notifications.articles';
import { topicJobHandlers } from './notifications.topics';
import { DIGEST_TICK_QUEUE, digestJobHandlers } from './notifications.digest';
import { emailJobHandler } from './notifications.email';
import { inboundHandlers, startInboundSmtp } from './notifications.inbound';
import type { WatchTarget } from './notifications.models';
import { pruneReplyTokens, revokeReplyTokens } from './notifications.tokens';
import {
  countUnread,
  eraseNotificationData,
  findWatch,
  getSettings,
  listNotifications,
  listWatches,
} from './notifications.repository';
import { createNotificationRoutes } from './notifications.routes';
import { EMAIL_QUEUE, setReplyDomain } from './notifications.usecases';
import { WatchForm, WatchSignIn } from './views/watch-form';

/** Daily: reply addresses that can no longer be used, and old replay records. */
export const REPLY_TOKEN_PRUNE_QUEUE = 'notifications.reply-token-prune';

/** The header's unread count for signed-in people: one capped scan of a partial index. */
export const unreadCountMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = actorOf(c);
  if (actor && (c.req.method === 'GET' || c.req.method === 'POST')) {
    c.set(
      'unreadNotifications',
      await personal(c, 'notifications.unread', () => countUnread(c.get('deps').database.db, actor.id)),
    );
  }
  await next();
};

/**
 * The watch control for a page, ready to place: the form for a signed-in
 * person (with their current choice), a sign-in link for anyone else.
 * `next` is the page to return to (defaults to the current path).
 */
export async function watchControl(
  c: AppContext,
  target: { targetType: WatchTarget; targetId: string; next?: string },
): Promise<Child> {
  const next = target.next ?? c.req.path;
  const actor = actorOf(c);
  if (!actor) return <WatchSignIn targetType={target.targetType} next={next} />;
  const db = c.get('deps').database.db;
  const [current, settings] = await personal(c, `notifications.watch:${target.targetType}:${target.targetId}`, () =>
    Promise.all([findWatch(db, actor.id, target.targetType, target.targetId), getSettings(db, actor.id)]),
  );
  // The form depends on the target, the member's choice and their default, never on who they are: made once per
  // such set, with a hole for the member's token.
  const choice = current ? { delivery: current.delivery, muted: current.muted } : undefined;
  const form = rememberHoled(
    JSON.stringify(['watch', target.targetType, target.targetId, next, choice ?? null, settings.defaultDelivery]),
    (hole) =>
      String(
        <WatchForm
          targetType={target.targetType}
          targetId={target.targetId}
          current={choice}
          defaultDelivery={settings.defaultDelivery}
          csrfToken={hole('csrf')}
          next={next}
        />,
      ),
  );
  return <FilledHoles html={form} values={{ csrf: csrfTokenFor(c) }} />;
}

export const watchArticleExtension: ArticleExtension = {
  async actions(c, article) {
    const control = await watchControl(c, {
      targetType: 'article',
      targetId: String(article.id),
      next: `/articles/${article.slug}`,
    });
    return <li class="watch-action">{control}</li>;
  },
  /** A topic is watched by its slug: forum posts tagged with it reach its watchers. */
  async topicActions(c, topic) {
    const control = await watchControl(c, { targetType: 'topic', targetId: topic.slug, next: `/topics/${topic.slug}` });
    return (
      <div class="topic-watch">
        <p class="hint">
          Watching a topic tells you about new forum threads and replies tagged {topic.name}. It also tells you about
          new and substantially changed pages in it.
        </p>
        {control}
      </div>
    );
  },
};

async function exportData(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const db = deps.database.db;
  const [settings, watches, list] = await Promise.all([
    getSettings(db, userId),
    listWatches(db, userId),
    listNotifications(db, userId, { limit: 100_000 }),
  ]);
  return {
    notificationSettings: settings,
    watches: watches.map(({ targetType, targetId, delivery, muted, label }) => ({
      targetType,
      targetId,
      name: label,
      delivery,
      muted,
    })),
    notifications: list.items.map(({ kind, title, excerpt, url, createdAt, readAt }) => ({
      kind,
      title,
      excerpt,
      url,
      createdAt,
      readAt,
    })),
  };
}

/** How much a person has with this module (for tests and the account-deletion summary). */
export async function personalRowCount(db: DbOrTx, userId: number): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select
      (select count(*) from notifications where user_id = ${userId}) + (select count(*) from subscriptions where user_id = ${userId})
      + (select count(*) from notification_settings where user_id = ${userId}) + (select count(*) from email_tokens where user_id = ${userId}) as n`),
  );
  return Number(rows[0]?.n ?? 0);
}

export const notificationsModule: FeatureModule = {
  name: 'notifications',
  routes: () => createNotificationRoutes(),
  middleware: [unreadCountMiddleware],
  jobs(deps) {
    setReplyDomain(deps.config.inboundEmailDomain);
    return {
      [EMAIL_QUEUE]: emailJobHandler(deps),
      ...digestJobHandlers(deps),
      ...articleJobHandlers(deps),
      ...topicJobHandlers(deps),
      [REPLY_TOKEN_PRUNE_QUEUE]: async () => {
        await pruneReplyTokens(deps.database.db, deps.clock.now());
      },
    };
  },
  schedules: [
    { queue: DIGEST_TICK_QUEUE, everyMinutes: 60 },
    { queue: REPLY_TOKEN_PRUNE_QUEUE, everyMinutes: 24 * 60 },
  ],
  articleExtension: watchArticleExtension,
  // Reply addresses end at a password or email change (issued-before-the-change is also checked from the events).
  credentialsRevoked: revokeReplyTokens,
  async start(deps, { modules }) {
    setReplyDomain(deps.config.inboundEmailDomain);
    const { inboundSmtpPort, inboundEmailDomain } = deps.config;
    if (inboundSmtpPort === undefined || !inboundEmailDomain) return async () => {};
    const listener = await startInboundSmtp(
      { deps, domain: inboundEmailDomain, handlers: inboundHandlers(modules) },
      { port: inboundSmtpPort, host: deps.config.host },
    );
    return () => listener.stop();
  },
  personalData: { export: exportData, erase: eraseNotificationData },
};
