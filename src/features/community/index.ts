import { Hono } from 'hono';
import type { FeatureModule } from '../../modules';
import type { AppEnv } from '../../platform/http/context';

/** Community: forum categories, threads, replies, Q&A, reactions, mentions and moderation. */
export const communityModule: FeatureModule = {
  name: 'community',
  routes: () => new Hono<AppEnv>(),
};
