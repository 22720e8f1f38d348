import type { FeatureModule } from '../../feature-module';
import { accountRoutes } from './accounts.routes';

export const accountsModule: FeatureModule = { name: 'accounts', routes: () => accountRoutes };

export { accountRoutes };
export { createAdmin } from './accounts.usecases';
export { ensureSystemUser } from './accounts.repository';
export { normaliseEmail } from './accounts.models';
