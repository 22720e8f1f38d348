export { accountRoutes } from './accounts.routes';
export { createAdmin } from './accounts.usecases';
export { ensureSystemUser } from './accounts.repository';
export { normaliseEmail } from './accounts.models';
