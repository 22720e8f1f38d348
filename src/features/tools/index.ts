/**
 * Tools: checkers for the standards ILL runs on. No tables; imports no other feature.
 *
 * Public API:
 * - `inspectOpenUrl(input, now)`: an OpenURL (1.0 KEV or 0.1, whole link or query) read into a labelled
 *   citation, its problems for a lender, repairs made while reading, a clean 1.0 link; never throws
 *   (the learning area's citation exercises reuse it).
 * - `checkIssn`, `checkIsbn`: check digits.
 * - `buildExample(type, now)`: a valid ISO 18626 v1.2 message of each type.
 */
export {
  type Citation,
  checkIsbn,
  checkIssn,
  FIELD_LABELS as OPENURL_FIELD_LABELS,
  inspectOpenUrl,
  OPENURL_LIMITS,
  type OpenUrlInspection,
  type OpenUrlProblem,
} from './openurl/openurl';
export { buildExample } from './iso18626/builder';
export { MESSAGE_TYPES, type MessageType } from './iso18626/iso18626.models';
export { toolsModule } from './tools.module';
