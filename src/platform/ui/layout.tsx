import type { Child } from 'hono/jsx';
import type { Actor } from '../auth/actor';
import { hasRole } from '../authz/policy';
import { Breadcrumbs, type Crumb, CsrfField } from './components';
import { escapeHtml } from './html-string';
import { keptText, type RenderedHtml } from './segments';

export interface LayoutProps {
  title: string;
  /** Meta description; also what link previews show. */
  description?: string;
  actor: Actor | null;
  csrfToken: string;
  breadcrumbs?: Crumb[];
  /** The text in the header search box (the search page fills it in). */
  query?: string;
  /** Client modules from /build/ to load (each is an enhancement; pages work without them). */
  scripts?: string[];
  /** Extra <link> elements, e.g. a canonical address or feeds. */
  links?: Array<{ rel: string; href: string; type?: string; title?: string }>;
  /** Print-friendly and narrow layouts hide the site chrome differently per page. */
  bodyClass?: string;
  /** The page's own path, so "Sign in" can return here. */
  currentPath?: string;
  /** Shown beside the notifications link when the person is signed in. */
  unreadNotifications?: number | undefined;
  /** Conversations with unread messages, shown beside the messages link (members only). */
  unreadMessages?: number | undefined;
  /** The SiteHeader for these props, already rendered (signed-in pages keep it per session: see pageHtml). */
  renderedHeader?: RenderedHtml | undefined;
  children?: Child;
}

export const SITE_NAME = 'ILL Commons';

const NO_RETURN = /^\/(sign-in|sign-up|sign-out|reset)(\/|$)/;

function signInHref(path: string | undefined): string {
  return path && path !== '/' && !NO_RETURN.test(path) ? `/sign-in?next=${encodeURIComponent(path)}` : '/sign-in';
}

/**
 * The whole page around its content, built as a string: it is the same markup on every page, and at hundreds of
 * signed-in pages a second the JSX renderer's per-element cost showed in profiles. Every value is escaped.
 */
export function layoutHtml(props: LayoutProps, content: string): string {
  const { actor } = props;
  const title = props.title === SITE_NAME ? SITE_NAME : `${props.title} · ${SITE_NAME}`;
  let head = `<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${escapeHtml(title)}</title>`;
  if (props.description) head += `<meta name="description" content="${escapeHtml(props.description)}"/>`;
  head += '<meta name="color-scheme" content="light dark"/><link rel="stylesheet" href="/css/site.css"/>';
  head += '<link rel="icon" href="/img/favicon.svg" type="image/svg+xml"/>';
  for (const l of props.links ?? []) {
    head += `<link rel="${escapeHtml(l.rel)}" href="${escapeHtml(l.href)}"`;
    if (l.type) head += ` type="${escapeHtml(l.type)}"`;
    if (l.title) head += ` title="${escapeHtml(l.title)}"`;
    head += '/>';
  }
  // Title suggestions under the header search box (and the search page's): every page has the box.
  head += '<script type="module" src="/build/search-suggest.js"></script>';
  for (const s of props.scripts ?? []) head += `<script type="module" src="/build/${escapeHtml(s)}.js"></script>`;
  const bodyClass = props.bodyClass ? ` class="${escapeHtml(props.bodyClass)}"` : '';
  const header = props.renderedHeader ? keptText(props.renderedHeader) : String(<SiteHeader {...props} />);
  const crumbs = props.breadcrumbs?.length ? String(<Breadcrumbs items={props.breadcrumbs} />) : '';
  const banner =
    actor && actor.emailVerified === false
      ? String(<ConfirmAddressBanner email={actor.email} csrfToken={props.csrfToken} />)
      : '';
  return `<!DOCTYPE html><html lang="en"><head>${head}</head><body${bodyClass}><a class="skip-link" href="#main">Skip to main content</a>${header}<div class="page">${crumbs}<main id="main" tabindex="-1">${banner}${content}</main></div>${keptText(siteFooterHtml())}</body></html>`;
}

/** The site header: the member's own (name, counts, sign-out form with the session's CSRF token) when signed in. */
export function SiteHeader(props: LayoutProps) {
  const { actor } = props;
  return (
    <header class="site-header">
      <div class="header-inner">
        <a class="brand" href="/">
          <span class="brand-mark" aria-hidden="true">
            ⇄
          </span>
          {SITE_NAME}
        </a>
        <form class="site-search" role="search" action="/search" method="get">
          <label for="site-search-q">Search the hub</label>
          <div class="search-row">
            <input
              id="site-search-q"
              type="search"
              name="q"
              value={props.query ?? ''}
              maxlength={200}
              autocomplete="off"
              placeholder="e.g. rule of five, IFLA voucher"
            />
            <button type="submit">Search</button>
          </div>
        </form>
        <nav class="main-nav" aria-label="Main">
          {/* On a phone the links fold into this menu (no JavaScript needed); on wider screens they are always shown (site.css). */}
          <details class="menu">
            <summary class="menu-button">
              Menu
              <MenuCount notifications={props.unreadNotifications} messages={props.unreadMessages} />
            </summary>
            <div class="menu-panel">
              <ul>
                <li>
                  <a href="/topics">Topics</a>
                </li>
                <li>
                  <a href="/articles">All articles</a>
                </li>
                <li>
                  <a href="/workflows">Workflows</a>
                </li>
                <li>
                  <a href="/events">Events</a>
                </li>
                <li>
                  <a href="/learning">Learning</a>
                </li>
                <li>
                  <a href="/tools">Tools</a>
                </li>
                <li>
                  <a href="/systems">Systems</a>
                </li>
                <li>
                  <a href="/reports">Reports</a>
                </li>
                <li>
                  <a href="/glossary">Glossary</a>
                </li>
                <li>
                  <a href="/forum">Forum</a>
                </li>
                <li>
                  <a href="/people">People</a>
                </li>
                <li>
                  <a href="/groups">Groups</a>
                </li>
                {hasRole(actor, 'member') ? (
                  <li>
                    <a href="/articles/new">Write an article</a>
                  </li>
                ) : null}
                {hasRole(actor, 'admin') ? (
                  <li>
                    <a href="/admin/users">Manage users</a>
                  </li>
                ) : null}
              </ul>
              <ul class="account-nav">
                {actor ? (
                  <>
                    {hasRole(actor, 'member') ? (
                      <li>
                        <a href="/messages">
                          Messages
                          {props.unreadMessages ? (
                            <span class="count-badge"> ({capped(props.unreadMessages)} unread)</span>
                          ) : null}
                        </a>
                      </li>
                    ) : null}
                    <li>
                      <a href="/notifications">
                        Notifications
                        {props.unreadNotifications ? (
                          <span class="count-badge"> ({capped(props.unreadNotifications)} unread)</span>
                        ) : null}
                      </a>
                    </li>
                    <li>
                      <a href="/account">
                        <span class="visually-hidden">Your account: </span>
                        {actor.displayName}
                      </a>
                    </li>
                    <li>
                      <form method="post" action="/sign-out" class="inline-form">
                        <CsrfField token={props.csrfToken} />
                        <button type="submit" class="link-button">
                          Sign out
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href={signInHref(props.currentPath)}>Sign in</a>
                    </li>
                    <li>
                      <a href="/sign-up">Create an account</a>
                    </li>
                  </>
                )}
              </ul>
            </div>
          </details>
        </nav>
      </div>
    </header>
  );
}

let footerHtml: RenderedHtml | undefined;

/** The footer, the same on every page: rendered once. */
export function siteFooterHtml(): RenderedHtml {
  footerHtml ??= String(
    <footer class="site-footer">
      <p>
        {SITE_NAME} is an open, vendor-neutral hub kept by and for interlibrary loan and resource-sharing staff.
        Articles are shared under{' '}
        <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">
          CC BY 4.0
        </a>{' '}
        unless a page says otherwise.
      </p>
      <ul class="footer-links">
        <li>
          <a href="/about">About the hub</a>
        </li>
        <li>
          <a href="/topics">Browse topics</a>
        </li>
        <li>
          <a href="/glossary">Glossary</a>
        </li>
      </ul>
    </footer>,
  ) as RenderedHtml;
  return footerHtml;
}

function capped(n: number): string {
  return n > 99 ? '99+' : String(n);
}

/** Unread notifications and conversations on the phone menu's button, so they are seen without opening the menu. */
function MenuCount({
  notifications = 0,
  messages = 0,
}: {
  notifications?: number | undefined;
  messages?: number | undefined;
}) {
  if (!notifications && !messages) return null;
  const plural = (n: number, one: string) => `${capped(n)} ${n === 1 ? one : `${one}s`}`;
  // Read aloud as "Menu: 3 unread notifications", or "Menu: 4 unread (3 notifications, 1 conversation)".
  const what = !messages
    ? notifications === 1
      ? 'notification'
      : 'notifications'
    : !notifications
      ? messages === 1
        ? 'conversation'
        : 'conversations'
      : `(${plural(notifications, 'notification')}, ${plural(messages, 'conversation')})`;
  return (
    <span class="menu-count">
      <span class="visually-hidden">: </span>
      {capped(notifications + messages)}
      <span class="visually-hidden"> unread {what}</span>
    </span>
  );
}

/** Until the address is confirmed no notification mail is sent to it; every signed-in page says so, with a way to get a new link. */
function ConfirmAddressBanner({ email, csrfToken }: { email: string; csrfToken: string }) {
  return (
    <div class="notice notice-warning confirm-address">
      <p class="notice-title">Please confirm your email address</p>
      <p>
        We sent a link to {email}. Until you open it, we send you no notifications by email (you can read and write as
        usual).
      </p>
      <form method="post" action="/account/confirm" class="inline-form">
        <CsrfField token={csrfToken} />
        <button type="submit" class="small">
          Send the link again
        </button>
      </form>
    </div>
  );
}
