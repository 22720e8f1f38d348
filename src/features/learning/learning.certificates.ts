import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import { newToken } from '../../platform/auth/tokens';
import type { DbOrTx } from '../../platform/db/database';
import { learningCertificates, learningCourses, learningLessons, learningProgress } from './learning.table';

export interface Certificate {
  courseSlug: string;
  courseTitle: string;
  completedAt: Date;
  code: string;
}

/** What the public verification page shows: whose certificate, for what, and when. */
export interface VerifiedCertificate extends Certificate {
  displayName: string;
}

export const certificateUrl = (code: string) => `/learning/certificates/${code}`;

/** Codes are 24 random bytes in base64url: unguessable, and safe in a path. */
export const CERTIFICATE_CODE = /^[A-Za-z0-9_-]{32}$/;

const columns = {
  courseSlug: learningCertificates.courseSlug,
  courseTitle: learningCertificates.courseTitle,
  completedAt: learningCertificates.completedAt,
  code: learningCertificates.code,
};

/**
 * Make the member's certificate for a course if they have now finished every one of its lessons (read from the
 * stored progress only, never from a form). Made once: a later call changes nothing. Returns the certificate, if any.
 */
export async function awardIfComplete(
  tx: DbOrTx,
  v: { userId: number; courseId: number; now: Date },
): Promise<Certificate | undefined> {
  const [course] = await tx
    .select({ slug: learningCourses.slug, title: learningCourses.title })
    .from(learningCourses)
    .where(eq(learningCourses.id, v.courseId));
  if (!course) return undefined;
  const [lessons] = await tx
    .select({ n: count() })
    .from(learningLessons)
    .where(eq(learningLessons.courseId, v.courseId));
  const [done] = await tx
    .select({ n: count() })
    .from(learningProgress)
    .innerJoin(learningLessons, eq(learningLessons.id, learningProgress.lessonId))
    .where(
      and(
        eq(learningProgress.userId, v.userId),
        eq(learningLessons.courseId, v.courseId),
        isNotNull(learningProgress.completedAt),
      ),
    );
  if (!lessons || lessons.n === 0 || (done?.n ?? 0) < lessons.n) return undefined;
  await tx
    .insert(learningCertificates)
    .values({
      userId: v.userId,
      courseSlug: course.slug,
      courseTitle: course.title,
      completedAt: v.now,
      code: newToken(24),
    })
    .onConflictDoNothing({ target: [learningCertificates.userId, learningCertificates.courseSlug] });
  return certificateOf(tx, v.userId, course.slug);
}

export async function certificateOf(db: DbOrTx, userId: number, courseSlug: string): Promise<Certificate | undefined> {
  const [row] = await db
    .select(columns)
    .from(learningCertificates)
    .where(and(eq(learningCertificates.userId, userId), eq(learningCertificates.courseSlug, courseSlug)));
  return row;
}

/** A certificate by its code, with its holder's name; none for a deleted account. */
export async function verifyCertificate(db: DbOrTx, code: string): Promise<VerifiedCertificate | undefined> {
  if (!CERTIFICATE_CODE.test(code)) return undefined;
  const [row] = await db
    .select({ ...columns, displayName: users.displayName })
    .from(learningCertificates)
    .innerJoin(users, eq(users.id, learningCertificates.userId))
    .where(and(eq(learningCertificates.code, code), isNull(users.deletedAt)));
  return row;
}

export async function certificatesOf(db: DbOrTx, userId: number): Promise<Certificate[]> {
  return db.select(columns).from(learningCertificates).where(eq(learningCertificates.userId, userId));
}

export async function deleteCertificatesOf(tx: DbOrTx, userId: number): Promise<void> {
  await tx.delete(learningCertificates).where(eq(learningCertificates.userId, userId));
}
