import type { FeatureModule } from '../../feature-module';
import { createAccountRoutes } from './accounts.routes';

export const accountsModule: FeatureModule = {
  name: 'accounts',
  routes: ({ modules }) => createAccountRoutes({ modules }),
};

export { createAccountRoutes };
export { createAdmin } from './accounts.usecases';
export { ensureSystemUser } from './accounts.repository';
export { normaliseEmail } from './accounts.models';
