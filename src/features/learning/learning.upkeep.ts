import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { type FormResult, text, validate, type FormValues } from '../../platform/http/forms';
import { groupRoleOf } from '../groups';
import { courseUrl, type Course, lessonUrl } from './learning.models';

/** Limits of lesson edits and suggestions. */
export const UPKEEP_LIMITS = {
  titleChars: 200,
  summaryChars: 500,
  bodyChars: 60_000,
  noteChars: 1000,
  /** Saves and suggestions per hour and person (like the library's edits). */
  writesPerHour: 30,
} as const;

/**
 * Who may look after a course: members of its maintaining group (any role) and editors record reviews, edit
 * lessons and decide on suggested edits; any other member suggests an edit. Views and use cases use the same rules.
 */
export const upkeepPolicies = {
  maintain: (actor: Actor | null, inGroup: boolean): actor is Actor =>
    hasRole(actor, 'member') && (hasRole(actor, 'editor') || inGroup),
  suggest: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
};

/** Whether the actor is in the course's maintaining group today. */
export async function inMaintainingGroup(
  db: DbOrTx,
  actor: Actor | null,
  course: Pick<Course, 'maintainingGroupId'>,
  now: Date,
): Promise<boolean> {
  if (!actor || course.maintainingGroupId === null) return false;
  return (await groupRoleOf(db, course.maintainingGroupId, actor.id, now)) !== null;
}

export async function mayMaintainCourse(
  db: DbOrTx,
  actor: Actor | null,
  course: Pick<Course, 'maintainingGroupId'>,
  now: Date,
): Promise<boolean> {
  if (!hasRole(actor, 'member')) return false;
  return upkeepPolicies.maintain(actor, hasRole(actor, 'editor') || (await inMaintainingGroup(db, actor, course, now)));
}

const lessonSchema = z.object({
  title: text('Title', UPKEEP_LIMITS.titleChars),
  summary: text('Summary', UPKEEP_LIMITS.summaryChars),
  body: text('Reading', UPKEEP_LIMITS.bodyChars),
  note: text('What changed', UPKEEP_LIMITS.noteChars, { optional: true }).default(''),
});
export type LessonEditInput = z.infer<typeof lessonSchema>;

const suggestionSchema = z.object({
  body: text('Your version of the reading', UPKEEP_LIMITS.bodyChars),
  note: text('Why', UPKEEP_LIMITS.noteChars),
});
export type SuggestionInput = z.infer<typeof suggestionSchema>;

const declineSchema = z.object({ note: text('Why it is declined', UPKEEP_LIMITS.noteChars) });

export const parseLessonEdit = (values: FormValues): FormResult<LessonEditInput> => validate(lessonSchema, values);
export const parseSuggestion = (values: FormValues): FormResult<SuggestionInput> => validate(suggestionSchema, values);
export const parseDecline = (values: FormValues): FormResult<{ note: string }> => validate(declineSchema, values);

export const editLessonUrl = (course: string, lesson: string) => `${lessonUrl(course, lesson)}/edit`;
export const suggestLessonUrl = (course: string, lesson: string) => `${lessonUrl(course, lesson)}/suggest`;
export const reviewedUrl = (course: string) => `${courseUrl(course)}/reviewed`;
export const suggestionUrl = (course: string, id: number) => `${courseUrl(course)}/suggestions/${id}`;
/** The working list of courses and their review dates (all, or one maintaining group's). */
export const upkeepListUrl = (groupSlug?: string) =>
  `/learning/upkeep${groupSlug ? `?group=${encodeURIComponent(groupSlug)}` : ''}`;
