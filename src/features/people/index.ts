import type { FeatureModule } from '../../feature-module';
import { personal } from '../../platform/cache/personal';
import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { actorOf, type AppEnv } from '../../platform/http/context';
import { mergeMounts } from '../../platform/http/mounts';
import type { MiddlewareHandler } from 'hono';
import { hasRole } from '../../platform/authz/policy';
import { createDataRoutes } from './data.routes';
import { createMessageRoutes } from './messages.routes';
import { replyByEmail } from './messages.usecases';
import { erasePeopleData, exportPeopleData } from './people.data';
import { PHONE_A_FRIEND_REMINDER_QUEUE, sendPhoneAFriendReminders } from './people.phone-a-friend';
import { countUnreadConversations, storedMessageHtmlKind, unreadConversations } from './messages.repository';
import { loadFullProfiles, storedBioHtml } from './people.repository';
import { createProfileRoutes, photoTooLargePage } from './people.routes';
import { readerContextExtension } from './people.reader-context';
import { indexAllPeople, PERSON_SEARCH_KIND } from './people.search';
import { runOnce } from '../../platform/db/app-state';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { type VisibleProfile, viewerOf, visibleProfile } from './people.visibility';

/** The header's unread-conversation count for members (who may message): one capped, indexed query, kept per member. */
export const unreadMessagesMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = actorOf(c);
  if (hasRole(actor, 'member') && actor && (c.req.method === 'GET' || c.req.method === 'POST')) {
    c.set(
      'unreadMessages',
      await personal(c, 'people.unread-messages', () => countUnreadConversations(c.get('deps').database.db, actor.id)),
    );
  }
  await next();
};

/** People: profiles, the Phone a Friend directory, private messages, data export and account deletion. */
export const peopleModule: FeatureModule = {
  name: 'people',
  middleware: [unreadMessagesMiddleware],
  articleExtension: readerContextExtension,
  searchKinds: [PERSON_SEARCH_KIND],
  routes: ({ modules }) => mergeMounts(createProfileRoutes(), createMessageRoutes(), createDataRoutes({ modules })),
  jobs: (deps) => ({
    [PHONE_A_FRIEND_REMINDER_QUEUE]: async () => {
      await sendPhoneAFriendReminders({ db: deps.database.db, now: deps.clock.now(), baseUrl: deps.config.baseUrl });
    },
  }),
  schedules: [{ queue: PHONE_A_FRIEND_REMINDER_QUEUE, everyMinutes: 60 }],
  bodyTooLarge: (c, { limitBytes }) => photoTooLargePage(c, limitBytes),
  storedHtml: [storedBioHtml, storedMessageHtmlKind],
  inboundEmail: {
    conversation: async (deps, email) => {
      await replyByEmail(deps.database.db, deps.clock.now(), email);
    },
  },
  /** Profiles indexed before members-only documents existed (v2), or while private ones were public (v3), are indexed again, once. */
  async start(deps) {
    const vocabulary = await vocabularyFor(deps.config.contentDir);
    await runOnce(deps.database.db, 'search.backfill.people.v3', deps.clock.now(), (tx) =>
      indexAllPeople(tx, deps.clock.now(), vocabulary),
    );
    return async () => {};
  },
  personalData: {
    export: exportPeopleData,
    erase: erasePeopleData,
  },
};

/**
 * Profiles as `actor` may see them (by user id), for any other feature that
 * shows people (e.g. expert lists): always through the one visibility rule.
 */
export async function visibleProfiles(
  db: DbOrTx,
  userIds: number[],
  actor: Actor | null,
): Promise<Map<number, VisibleProfile>> {
  const full = await loadFullProfiles(db, userIds);
  return new Map([...full].map(([id, p]) => [id, visibleProfile(p, viewerOf(actor, id))]));
}

export { canSee, PROFILE_FIELDS, viewerOf, visibleLevels, visibleProfile } from './people.visibility';
export type { FullProfile, ProfileField, Viewer, VisibleProfile } from './people.visibility';
export { DELETED_DISPLAY_NAME } from './people.models';

/** Conversations with messages the member has not read, newest first, at most `limit` (for a personal overview). */
export async function unreadConversationsOf(db: DbOrTx, userId: number, limit: number): Promise<UnreadConversation[]> {
  const rows = await unreadConversations(db, userId, limit);
  return rows.map(({ id, subject, lastMessageAt, people }) => ({
    id,
    subject,
    lastMessageAt,
    people,
    href: `/messages/${id}`,
  }));
}

export interface UnreadConversation {
  id: number;
  subject: string;
  lastMessageAt: Date;
  /** Display names of the others still in it. */
  people: string[];
  href: string;
}
