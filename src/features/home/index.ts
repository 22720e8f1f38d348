/**
 * Home: the signed-in person's overview at "/" (replies and mentions, messages, watched threads with news,
 * suggestions and reviews waiting for them, drafts). It sits at the top of the dependency graph: it reads
 * each section through the owning feature's index.ts and nothing imports it.
 */
import type { FeatureModule } from '../../feature-module';
import { createHomeRoutes } from './home.page';

/** Owns "/" only: the personal overview for members, the library's public home page for everyone else. */
export const homeModule: FeatureModule = {
  name: 'home',
  routes: () => ({ '/': createHomeRoutes() }),
};
