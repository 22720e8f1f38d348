import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import { groupRoleOf } from '../groups';
import type { Course } from './learning.models';
import { learningPolicies } from './learning.policies';

/** Who adds a course's cohorts: editors, and members of the course's maintaining group. */
export async function mayAddCohort(db: DbOrTx, actor: Actor | null, course: Course, now: Date): Promise<boolean> {
  if (!learningPolicies.takePart(actor)) return false;
  const userId = actor.id;
  if (learningPolicies.addCohort(actor)) return true;
  if (course.maintainingGroupId === null) return false;
  return (await groupRoleOf(db, course.maintainingGroupId, userId, now)) !== null;
}
