import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import type { Plan, PlanRole } from './learning.plans.models';

/**
 * Who may do what with onboarding plans: any member builds one for a colleague; a plan is seen by its manager and
 * its colleague only (no role, not even an administrator's, opens someone else's); the manager changes its items,
 * the colleague accepts it and marks them.
 */
export const planPolicies = {
  buildPlan: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  /** The actor's part in the plan, if any. */
  roleIn: (actor: Actor | null, plan: Pick<Plan, 'managerId' | 'learnerId'>): PlanRole | null =>
    actor === null ? null : plan.learnerId === actor.id ? 'learner' : plan.managerId === actor.id ? 'manager' : null,
};
