import { Hono } from 'hono';
import type { FeatureModule } from '../../modules';
import type { AppEnv } from '../../platform/http/context';

/** Notifications: watches, in-app notifications, email (immediate, digest, mailing-list mode) and reply by email. */
export const notificationsModule: FeatureModule = {
  name: 'notifications',
  routes: () => new Hono<AppEnv>(),
};
