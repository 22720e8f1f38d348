import { Hono } from 'hono';
import type { FeatureModule } from '../../feature-module';
import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import type { AppEnv } from '../../platform/http/context';
import { createDataRoutes } from './data.routes';
import { createMessageRoutes } from './messages.routes';
import { replyByEmail } from './messages.usecases';
import { erasePeopleData, exportPeopleData } from './people.data';
import { PHONE_A_FRIEND_REMINDER_QUEUE, sendPhoneAFriendReminders } from './people.phone-a-friend';
import { storedMessageHtmlKind } from './messages.repository';
import { loadFullProfiles, storedBioHtml } from './people.repository';
import { createProfileRoutes } from './people.routes';
import { type VisibleProfile, viewerOf, visibleProfile } from './people.visibility';

/** People: profiles, the Phone a Friend directory, private messages, data export and account deletion. */
export const peopleModule: FeatureModule = {
  name: 'people',
  routes: ({ modules }) => {
    const routes = new Hono<AppEnv>();
    routes.route('/', createProfileRoutes());
    routes.route('/', createMessageRoutes());
    routes.route('/', createDataRoutes({ modules }));
    return routes;
  },
  jobs: (deps) => ({
    [PHONE_A_FRIEND_REMINDER_QUEUE]: async () => {
      await sendPhoneAFriendReminders({ db: deps.database.db, now: deps.clock.now(), baseUrl: deps.config.baseUrl });
    },
  }),
  schedules: [{ queue: PHONE_A_FRIEND_REMINDER_QUEUE, everyMinutes: 60 }],
  storedHtml: [storedBioHtml, storedMessageHtmlKind],
  inboundEmail: {
    conversation: async (deps, email) => {
      await replyByEmail(deps.database.db, deps.clock.now(), email);
    },
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
export async function visibleProfiles(db: DbOrTx, userIds: number[], actor: Actor | null): Promise<Map<number, VisibleProfile>> {
  const full = await loadFullProfiles(db, userIds);
  return new Map([...full].map(([id, p]) => [id, visibleProfile(p, viewerOf(actor, id))]));
}

export { expertiseAreas } from './people.usecases';
export { canSee, PROFILE_FIELDS, viewerOf, visibleLevels, visibleProfile } from './people.visibility';
export type { FullProfile, ProfileField, Viewer, VisibleProfile } from './people.visibility';
export { DELETED_DISPLAY_NAME, LIBRARY_TYPE_LABELS, LIBRARY_TYPES } from './people.models';
