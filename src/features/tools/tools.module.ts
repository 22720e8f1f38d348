import type { FeatureModule } from '../../feature-module';
import { createToolRoutes, toolBodyTooLarge } from './tools.routes';
import { TOOL_KIND } from './tools.models';
import { indexTools } from './tools.search';

/** Tools: the ISO 18626 message checker and the OpenURL inspector (no tables: nothing pasted is kept). */
export const toolsModule: FeatureModule = {
  name: 'tools',
  routes: () => createToolRoutes(),
  bodyTooLarge: (c) => toolBodyTooLarge(c),
  searchKinds: [{ kind: TOOL_KIND, label: 'Tool', plural: 'Tools', curated: true, order: 70 }],
  seed: (deps) => indexTools(deps.database.db, deps.clock.now()),
};
