import { Hono } from 'hono';
import type { FeatureModule } from '../../modules';
import type { AppEnv } from '../../platform/http/context';

/** People: profiles, the Phone a Friend directory, expert lists, private messages, data export and account deletion. */
export const peopleModule: FeatureModule = {
  name: 'people',
  routes: () => new Hono<AppEnv>(),
};
