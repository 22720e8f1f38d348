import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { FeatureModule } from '../../feature-module';
import type { Actor } from '../../platform/auth/actor';
import { sessions, userTokens, users } from '../../platform/auth/auth.table';
import { checkPassword } from '../../platform/auth/throttle';
import { assertMayAct, newProfileLinkProblem } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { countLinks } from '../../platform/content/links';
import { type Db, type DbOrTx, rowsOf } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { Deps } from '../../platform/http/context';
import type { FieldErrors } from '../../platform/http/forms';
import { stripMetadata } from '../../platform/uploads/strip';
import { type Vocabulary, vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { detectFileType } from '../library';
import { peopleErrors } from './people.errors';
import { DELETED_DISPLAY_NAME, PHOTO_DIR } from './people.models';
import { peoplePolicies } from './people.policies';
import * as repo from './people.repository';
import type { ProfileInput } from './people.schemas';
import type { UseCaseContext } from '../../platform/usecase';
import type { FullProfile } from './people.visibility';
import { indexPerson } from './people.search';

export async function loadFullProfile(db: DbOrTx, userId: number): Promise<FullProfile | undefined> {
  return (await repo.loadFullProfiles(db, [userId])).get(userId);
}

export { indexPerson, PERSON_KIND } from './people.search';

export type ProfileResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Change one's own profile: not while suspended, and a new account lists only a couple of links (in its links and bio). */
export async function updateProfile({
  db,
  actor,
  now,
  input,
  vocabulary,
}: {
  db: Db;
  actor: Actor;
  now: Date;
  input: ProfileInput;
  /** For the search index's labels; the hub's own lists when not given. */
  vocabulary?: Vocabulary;
}): Promise<ProfileResult> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.editProfile(actor));
  const createdAt = await repo.accountCreatedAt(db, actor.id);
  const links = input.links.length + (input.bio ? countLinks(input.bio) : 0);
  const problem = createdAt ? newProfileLinkProblem({ actor, createdAt, now, links }) : undefined;
  if (problem) return { ok: false, errors: { link1Url: problem } };
  const labels = vocabulary ?? (await vocabularyFor());
  await db.transaction(async (tx) => {
    const person = await repo.findPersonById(tx, actor.id);
    if (!person || person.deletedAt) throw peopleErrors.personNotFound();
    const renamed = person.displayName !== input.displayName;
    if (renamed) await repo.setDisplayName(tx, actor.id, input.displayName, now);
    const { email: showEmail, ...visibility } = input.visibility;
    await repo.saveProfile(
      tx,
      actor.id,
      {
        pronouns: input.pronouns,
        institution: input.institution,
        libraryType: input.libraryType,
        country: input.country,
        region: input.region,
        timeZone: input.timeZone,
        languages: input.languages,
        systems: input.systems,
        expertise: input.expertise,
        bio: input.bio,
        links: input.links,
        showEmail,
        visibility,
      },
      now,
    );
    await indexPerson(tx, actor.id, now, labels);
    // A new display name shows on articles and revisions that anonymous readers may have cached.
    await recordEvent(tx, {
      type: renamed ? 'profile.renamed' : 'profile.updated',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: actor.id,
      data: renamed ? { renamed: true } : {},
    });
  });
  return { ok: true };
}

export function photosDir(dataDir: string): string {
  return path.join(dataDir, PHOTO_DIR);
}

export function photoPath(dataDir: string, file: string): string {
  return path.join(photosDir(dataDir), path.basename(file));
}

/** Decided from the bytes, never the name: only raster images are accepted. */
export async function uploadPhoto({
  db,
  actor,
  now,
  dataDir,
  bytes,
}: {
  db: Db;
  actor: Actor;
  now: Date;
  dataDir: string;
  bytes: Uint8Array;
}): Promise<void> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.editProfile(actor));
  const type = detectFileType(bytes);
  if (!type?.contentType.startsWith('image/')) throw peopleErrors.unsupportedPhoto();
  // A photo's EXIF can carry where it was taken: only the stripped copy is written (034-uploads-stripped.md).
  const stripped = await stripMetadata(bytes, type.contentType);
  if (!stripped.ok) throw peopleErrors.unreadablePhoto(stripped.reason);
  const file = `${actor.id}-${randomUUID()}.${type.extension}`;
  const target = photoPath(dataDir, file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(`${target}.part`, stripped.bytes);
  await fs.rename(`${target}.part`, target);
  let previous: string | null = null;
  try {
    previous = await db.transaction(async (tx) => {
      const old = await repo.setPhoto(tx, actor.id, { file, type: type.contentType }, now);
      await recordEvent(tx, {
        type: 'profile.photo_changed',
        actorId: actor.id,
        subjectType: 'user',
        subjectId: actor.id,
      });
      return old;
    });
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
  if (previous) await fs.rm(photoPath(dataDir, previous), { force: true });
}

/** Allowed while suspended: it only takes the person's own photo away. */
export async function removePhoto({
  db,
  actor,
  now,
  dataDir,
}: {
  db: Db;
  actor: Actor;
  now: Date;
  dataDir: string;
}): Promise<void> {
  authorize(actor, peoplePolicies.editProfile(actor));
  const previous = await db.transaction(async (tx) => {
    const old = await repo.setPhoto(tx, actor.id, null, now);
    if (old)
      await recordEvent(tx, {
        type: 'profile.photo_removed',
        actorId: actor.id,
        subjectType: 'user',
        subjectId: actor.id,
      });
    return old;
  });
  if (previous) await fs.rm(photoPath(dataDir, previous), { force: true });
}

/** Every photo file of a person (after their account is erased). */
export async function removePhotoFiles(dataDir: string, userId: number): Promise<void> {
  const dir = photosDir(dataDir);
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    files.filter((f) => f.startsWith(`${userId}-`)).map((f) => fs.rm(path.join(dir, f), { force: true })),
  );
}

/** Every module's data about the person, plus the account itself. */
export async function exportAllData({
  db,
  actor,
  now,
  deps,
  modules,
}: UseCaseContext & { deps: Deps; modules: FeatureModule[] }): Promise<Record<string, unknown>> {
  authorize(actor, actor !== null && peoplePolicies.ownData(actor));
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, actor.id));
  const out: Record<string, unknown> = {};
  for (const m of modules) if (m.personalData) out[m.name] = await m.personalData.export(deps, actor.id);
  await recordEvent(db, { type: 'user.data_exported', actorId: actor.id, subjectType: 'user', subjectId: actor.id });
  return { exportedAt: now.toISOString(), account: rows[0] ?? null, ...out };
}

export type DeleteResult = { ok: true } | { ok: false; errors: FieldErrors };

/**
 * Delete an account: every module erases its private data and the users row
 * is anonymised in one transaction, so public posts and revisions stay,
 * attributed to "Former member", and every session ends.
 */
export async function deleteAccount({
  db,
  actor,
  now,
  password,
  modules,
  dataDir,
  ip,
}: UseCaseContext & {
  password: string;
  /** The client's address: the password check goes through the sign-in throttle. */
  ip: string;
  modules: FeatureModule[];
  dataDir: string;
}): Promise<DeleteResult> {
  authorize(actor, actor !== null && peoplePolicies.ownData(actor));
  const rows = await db
    .select({ passwordHash: users.passwordHash, email: users.email })
    .from(users)
    .where(eq(users.id, actor.id))
    .limit(1);
  const account = rows[0];
  if (
    !account ||
    !(await checkPassword(db, {
      attempt: { ip, account: account.email },
      storedHash: account.passwordHash,
      password,
      now,
    }))
  ) {
    return { ok: false, errors: { password: 'That is not your password.' } };
  }
  await db.transaction(async (tx) => {
    if (actor.role === 'admin') {
      const admins = rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from users where role = 'admin' and deleted_at is null and not is_system`,
        ),
      );
      if (Number(admins[0]?.n ?? 0) <= 1) throw peopleErrors.lastAdmin();
    }
    for (const m of modules) await m.personalData?.erase(tx, actor.id);
    await tx
      .update(users)
      .set({
        deletedAt: now,
        displayName: DELETED_DISPLAY_NAME,
        email: `deleted-${actor.id}@former-member.invalid`,
        username: `former-member-${actor.id}`,
        passwordHash: null,
        role: 'reader',
        updatedAt: now,
      })
      .where(eq(users.id, actor.id));
    await tx.delete(sessions).where(eq(sessions.userId, actor.id));
    await tx.delete(userTokens).where(eq(userTokens.userId, actor.id));
    // Articles and revisions anonymous readers may have cached now say "Former member".
    await recordEvent(tx, { type: 'user.deleted', actorId: actor.id, subjectType: 'user', subjectId: actor.id });
  });
  await removePhotoFiles(dataDir, actor.id);
  return { ok: true };
}
