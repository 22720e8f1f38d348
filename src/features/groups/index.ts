import { Hono } from 'hono';
import type { FeatureModule } from '../../modules';
import type { AppEnv } from '../../platform/http/context';

/** Groups and stewardship: groups, membership, maintained articles, reviews, suggested edits and content health. */
export const groupsModule: FeatureModule = {
  name: 'groups',
  routes: () => new Hono<AppEnv>(),
};
