/**
 * Reports: private datasets of ILL statistics and their measures. Imports no other feature.
 *
 * Public API:
 * - `reportsModule`: the feature module.
 * - `REPORT_UPLOAD_BYTES`: the largest export accepted (the server's body limit for the upload paths).
 */
import { REPORT_LIMITS } from './reports.models';

export { reportsModule } from './reports.module';
export const REPORT_UPLOAD_BYTES: number = REPORT_LIMITS.maxBytes;
