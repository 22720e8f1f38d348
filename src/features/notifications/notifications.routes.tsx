import { Hono } from 'hono';
import type { Actor } from '../../platform/auth/actor';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import { AppError, httpErrors } from '../../platform/http/errors';
import { readForm, str, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam as idOf, optionalId } from '../../platform/http/params';
import { safeNext, seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { planUnsubscribe, unknownUnsubscribeLink } from './notifications.actions';
import { safeLocalUrl } from './notifications.models';
import * as repo from './notifications.repository';
import { muteSchema, preferencesSchema, watchSchema } from './notifications.schemas';
import { findEmailToken } from './notifications.tokens';
import {
  markAllNotificationsRead,
  openNotification,
  unsubscribeByToken,
  updatePreferences,
} from './notifications.usecases';
import { muteThread, unwatchTarget, watchTarget } from './watches.usecases';
import { NotificationsPage } from './views/notifications-page';
import { PreferencesPage } from './views/preferences-page';
import { UnsubscribePage } from './views/unsubscribe-page';
import { WatchingPage } from './views/watching-page';

const NOTICES: Record<string, string> = {
  saved: 'Your preferences are saved.',
  'all-read': 'All notifications are marked as read.',
  watched: 'Saved.',
  unwatched: 'You stopped watching it.',
};

function signedIn(c: AppContext): Actor {
  const actor = actorOf(c);
  if (!actor) throw httpErrors.signInRequired();
  return actor;
}

function db(c: AppContext) {
  return c.get('deps').database.db;
}

function now(c: AppContext) {
  return c.get('deps').clock.now();
}

/** The notification id of the path; anything too big to be one is simply not found. */
function idParam(c: AppContext): number {
  return idOf(c.req.param('id'), () => httpErrors.notFound('notification'));
}

const badRequest = (message: string) =>
  new AppError('notifications.bad_request', 400, message, { title: 'Check the form' });

export function createNotificationRoutes(): RouteMounts {
  const notifications = new Hono<AppEnv>();
  const watching = new Hono<AppEnv>();
  const unsubscribing = new Hono<AppEnv>();

  notifications.get('/', async (c) => {
    const actor = signedIn(c);
    const before = optionalId(c.req.query('before'));
    const [{ items, more }, unread] = await Promise.all([
      repo.listNotifications(db(c), actor.id, { before }),
      repo.countUnread(db(c), actor.id),
    ]);
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      { title: 'Notifications', breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Notifications' }] },
      <NotificationsPage
        items={items}
        more={more}
        nextBefore={items.at(-1)?.id}
        csrfToken={csrfTokenFor(c)}
        unread={unread}
        notice={notice}
      />,
    );
  });

  notifications.get('/:id{[0-9]+}/open', async (c) => {
    const actor = signedIn(c);
    const id = idParam(c);
    const { url } = await openNotification({ db: db(c), actor, now: now(c), id });
    return seeOther(c, safeLocalUrl(url));
  });

  notifications.post('/:id{[0-9]+}/read', async (c) => {
    const actor = signedIn(c);
    const id = idParam(c);
    await openNotification({ db: db(c), actor, now: now(c), id });
    return seeOther(c, '/notifications');
  });

  notifications.post('/read-all', async (c) => {
    const actor = signedIn(c);
    const values = await readForm(c);
    const upTo = optionalId(str(values, 'upTo'));
    await markAllNotificationsRead({ db: db(c), actor, now: now(c), upTo });
    return seeOther(c, '/notifications?notice=all-read');
  });

  const crumbs = (label: string) => [
    { label: 'Home', href: '/' },
    { label: 'Notifications', href: '/notifications' },
    { label },
  ];

  notifications.get('/preferences', async (c) => {
    const actor = signedIn(c);
    const settings = await repo.getSettings(db(c), actor.id);
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      { title: 'Email preferences', breadcrumbs: crumbs('Preferences') },
      <PreferencesPage settings={settings} csrfToken={csrfTokenFor(c)} notice={notice} />,
    );
  });

  notifications.post('/preferences', async (c) => {
    const actor = signedIn(c);
    const values = await readForm(c);
    const form = validate(preferencesSchema, values);
    if (!form.ok) {
      const current = await repo.getSettings(db(c), actor.id);
      return renderPage(
        c,
        { title: 'Email preferences', breadcrumbs: crumbs('Preferences') },
        <PreferencesPage settings={current} csrfToken={csrfTokenFor(c)} errors={form.errors} />,
        400,
      );
    }
    await updatePreferences({ db: db(c), actor, now: now(c), settings: form.data });
    return seeOther(c, '/notifications/preferences?notice=saved');
  });

  notifications.get('/watching', async (c) => {
    const actor = signedIn(c);
    const [watches, topics, settings] = await Promise.all([
      repo.listWatches(db(c), actor.id),
      repo.listTopicsForWatching(db(c)),
      repo.getSettings(db(c), actor.id),
    ]);
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return renderPage(
      c,
      { title: 'What you watch', breadcrumbs: crumbs('What you watch') },
      <WatchingPage
        watches={watches}
        topics={topics}
        defaultDelivery={settings.defaultDelivery}
        csrfToken={csrfTokenFor(c)}
        notice={notice}
      />,
    );
  });

  /** Watch or change how to hear; the target must exist. */
  watching.post('/', async (c) => {
    const actor = signedIn(c);
    const form = validate(watchSchema, await readForm(c));
    if (!form.ok) throw badRequest(Object.values(form.errors)[0] ?? 'Check the form.');
    const { targetType, targetId } = form.data;
    await watchTarget({ db: db(c), actor, now: now(c), targetType, targetId, delivery: form.data.delivery });
    return seeOther(c, withNotice(safeNext(form.data.next, '/notifications/watching'), 'watched'));
  });

  watching.post('/remove', async (c) => {
    const actor = signedIn(c);
    const form = validate(watchSchema, await readForm(c));
    if (!form.ok) throw badRequest(Object.values(form.errors)[0] ?? 'Check the form.');
    const { targetType, targetId } = form.data;
    await unwatchTarget({ db: db(c), actor, targetType, targetId });
    return seeOther(c, withNotice(safeNext(form.data.next, '/notifications/watching'), 'unwatched'));
  });

  watching.post('/mute', async (c) => {
    const actor = signedIn(c);
    const form = validate(muteSchema, await readForm(c));
    if (!form.ok) throw badRequest(Object.values(form.errors)[0] ?? 'Check the form.');
    if (form.data.targetType !== 'thread') throw badRequest('Only threads can be muted.');
    await muteThread({
      db: db(c),
      actor,
      now: now(c),
      threadId: form.data.targetId,
      muted: form.data.muted === 'true',
    });
    return seeOther(c, safeNext(form.data.next, '/notifications/watching'));
  });

  /**
   * One-click unsubscribe (RFC 8058). The token in the address is the only
   * authority: mail clients POST without cookies, so this path alone is exempt
   * from the CSRF check (see platform/http/security.ts).
   */
  unsubscribing.get('/:token', async (c) => {
    const token = await findEmailToken(db(c), c.req.param('token'), 'unsubscribe');
    if (!token) throw unknownUnsubscribeLink();
    const plan = await planUnsubscribe(db(c), token);
    return renderPage(
      c,
      { title: 'Unsubscribe' },
      <UnsubscribePage action={plan.before} token={c.req.param('token')} done={false} />,
    );
  });

  unsubscribing.post('/:token', async (c) => {
    const after = await unsubscribeByToken({ db: db(c), now: now(c), token: c.req.param('token') });
    c.header('Cache-Control', 'no-store');
    const type = c.req.header('content-type') ?? '';
    const body =
      type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
        ? await c.req.parseBody()
        : {};
    if (body['List-Unsubscribe'] === 'One-Click') return c.text(`Unsubscribed. ${after}`, 200);
    return renderPage(
      c,
      { title: 'Unsubscribed' },
      <UnsubscribePage action={after} token={c.req.param('token')} done />,
    );
  });

  return { '/notifications': notifications, '/watch': watching, '/unsubscribe': unsubscribing };
}

function withNotice(path: string, notice: string): string {
  if (!path.startsWith('/notifications/watching')) return path;
  return `/notifications/watching?notice=${notice}`;
}
