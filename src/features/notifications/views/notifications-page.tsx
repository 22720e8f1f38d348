import { CsrfField, DateText, Notice } from '../../../platform/ui/components';
import { displayExcerpt, type NotificationItem } from '../notifications.models';

export function NotificationsPage({
  items,
  more,
  nextBefore,
  csrfToken,
  unread,
  notice,
}: {
  items: NotificationItem[];
  more: boolean;
  nextBefore: number | undefined;
  csrfToken: string;
  unread: number;
  notice?: string | undefined;
}) {
  const newest = items[0]?.id;
  return (
    <div class="notifications-page">
      <h1>Notifications</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <div class="notifications-toolbar">
        <p>
          {unread === 0 ? 'Nothing unread.' : `${unread > 99 ? '99+' : unread} unread.`}{' '}
          <a href="/notifications/preferences">Email preferences</a> ·{' '}
          <a href="/notifications/watching">What you watch</a>
        </p>
        {unread > 0 && newest ? (
          <form method="post" action="/notifications/read-all" class="inline-form">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="upTo" value={String(newest)} />
            <button type="submit" class="secondary">
              Mark all as read
            </button>
          </form>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p>
          No notifications yet. Watch a thread, a forum category, a topic or an article to hear when something new
          happens.
        </p>
      ) : (
        <ol class="notification-list">
          {items.map((n) => (
            <li class={n.readAt ? 'notification is-read' : 'notification is-unread'}>
              <p class="notification-title">
                {n.readAt ? null : <span class="badge badge-new">Unread</span>}{' '}
                <a href={`/notifications/${n.id}/open`}>{n.title}</a>
              </p>
              {n.excerpt ? <p class="notification-excerpt">{displayExcerpt(n.excerpt, 240)}</p> : null}
              <p class="meta">
                <DateText date={n.createdAt} withTime />
                {n.actorName ? ` · ${n.actorName}` : null}
              </p>
              {n.readAt ? null : (
                <form method="post" action={`/notifications/${n.id}/read`} class="inline-form">
                  <CsrfField token={csrfToken} />
                  <button type="submit" class="link-button">
                    Mark as read<span class="visually-hidden">: {n.title}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
      {more && nextBefore ? (
        <p>
          <a href={`/notifications?before=${nextBefore}`} rel="next">
            Older notifications
          </a>
        </p>
      ) : null}
    </div>
  );
}
