import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';

/**
 * Who may do what with courses: anyone reads lessons and tries quizzes (an anonymous reader's answers are checked
 * and forgotten); anyone signed in keeps their own progress, which only they see.
 */
export const learningPolicies = {
  keepProgress: (actor: Actor | null): actor is Actor => hasRole(actor, 'reader'),
  /** Teach-back, project progress and cohorts post in the forum, so they need what posting there needs: a member. */
  takePart: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  /** Adding a cohort: editors and moderators (the course's maintaining group is checked by the use case). */
  addCohort: (actor: Actor | null): actor is Actor => hasRole(actor, 'editor'),
};
