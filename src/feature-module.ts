import type { MiddlewareHandler } from 'hono';
import type { ArticleExtension } from './features/library';
import type { StoredHtmlKind } from './platform/content/stored-html';
import type { CredentialRevoker } from './platform/auth/revoke';
import type { DbOrTx } from './platform/db/database';
import type { AppContext, AppEnv, Deps } from './platform/http/context';
import type { RouteMounts } from './platform/http/mounts';
import type { SearchKind } from './platform/search/kinds';
import type { JobHandler } from './platform/jobs/queue';
import type { Schedule } from './platform/jobs/scheduler';

/**
 * What a feature plugs into the hub. The server, the process entry and the
 * tests all assemble the hub from this list, so a feature is wired in one place.
 */
export interface FeatureModule {
  name: string;
  /**
   * The path prefixes this module owns, each served by its own sub-app (routes written relative to the prefix),
   * mounted with `app.route(prefix, subApp)`. The hub refuses to start when two mounts claim the same prefix or
   * could answer the same request (see src/platform/http/mounts.ts), so module order never matters for routes.
   * `extensions` are every module's additions to article pages; `modules` is the whole hub.
   */
  routes?(options: { extensions: ArticleExtension[]; modules: FeatureModule[] }): RouteMounts;
  /** Runs for every request after the session is known, before any route (e.g. the unread count in the header). */
  middleware?: MiddlewareHandler<AppEnv>[];
  /**
   * A request whose body is over the hub's limit cannot be read (nor its CSRF token): the module owning the path
   * may answer with its form again, read-only, status 413 (e.g. the upload form). Undefined for other paths.
   */
  bodyTooLarge?(
    c: AppContext,
    context: { limitBytes: number; modules: FeatureModule[] },
  ): Promise<Response | undefined>;
  /** Background job handlers by queue name. */
  jobs?(deps: Deps): Record<string, JobHandler>;
  /** Jobs queued once per period by the scheduler (each handler gets `{ periodStart }`). */
  schedules?: Schedule[];
  /** The kinds of searchable things this module indexes (one registration point: labels, facets, ranking). */
  searchKinds?: SearchKind[];
  /** Additions to article pages (notices, actions, edit rights). */
  articleExtension?: ArticleExtension;
  /** Lines on the content-health pages (the hub's and each group's), e.g. broken links in what a group maintains. */
  contentHealth?: ContentHealthSection | readonly ContentHealthSection[];
  /** Idempotent starter data, loaded at start when SEED_CONTENT is on (after the library's). */
  seed?(deps: Deps): Promise<void>;
  /** A long-running service (e.g. the inbound SMTP listener), started after the HTTP server; returns its stop function. */
  start?(deps: Deps, context: { modules: FeatureModule[] }): Promise<() => Promise<void>>;
  /**
   * Replies by email, by the scope of the reply address ("thread", "conversation", …). The notifications module
   * receives the email, checks the token and the sender, and hands the cleaned text to the owner of the scope.
   */
  inboundEmail?: Record<string, InboundEmailHandler>;
  /**
   * Runs in the transaction of a password reset, a password change and a confirmed email change, after the
   * account's other sessions and one-time links are revoked: revoke what this module issued to the account
   * (e.g. reply-by-email addresses). `change.reason` says which of the three it was.
   */
  credentialsRevoked?: CredentialRevoker;
  /** The Markdown this module stores rendered (e.g. forum posts): the hub brings rows from an older renderer up to date at start. */
  storedHtml?: StoredHtmlKind[];
  /** What this module holds about a person: for "download my data" and for account deletion. */
  personalData?: {
    export(deps: Deps, userId: number): Promise<Record<string, unknown>>;
    /** Remove private data in the caller's transaction; public contributions stay, shown as "former member". */
    erase(tx: DbOrTx, userId: number): Promise<void>;
  };
}

export interface ContentHealthSection {
  title: string;
  /** What the count means, in a sentence. */
  about: string;
  /** How many items need attention, for one group or (null) the whole hub. */
  count(db: DbOrTx, groupId: number | null, now: Date): Promise<number>;
  /** The page that lists them (the owning module's own page). */
  href(groupSlug: string | undefined): string;
}

export interface InboundEmail {
  userId: number;
  /** The id part of the scope, e.g. the thread id of "thread:42". */
  targetId: string;
  /** The new text only: quoted history and signatures removed. */
  text: string;
  messageId: string;
}

/** Returns nothing on success; throws an AppError whose message becomes the bounce reason. */
export type InboundEmailHandler = (deps: Deps, email: InboundEmail) => Promise<void>;
