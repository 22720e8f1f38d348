import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';

/** The actor's role today in the group that maintains a system page (null: none, or no group). */
export type MaintainerRole = 'owner' | 'steward' | 'member' | null;

/**
 * Who may do what with system pages: the same rules hide buttons in views and are enforced by the use cases.
 * Any member may change a page (a change that drops sources waits for review) and file a test report; the
 * maintaining group's owners and stewards and editors decide on waiting changes and record reviews; only an
 * administrator verifies a vendor's representative, who may then respond on that one system's page.
 */
export const systemPolicies = {
  edit: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  report: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  decide: (actor: Actor | null, role: MaintainerRole): boolean =>
    hasRole(actor, 'member') && (hasRole(actor, 'editor') || role === 'owner' || role === 'steward'),
  verifyRepresentative: (actor: Actor | null): actor is Actor => hasRole(actor, 'admin'),
  respond: (actor: Actor | null, representsThisSystem: boolean): boolean =>
    hasRole(actor, 'member') && representsThisSystem,
};
