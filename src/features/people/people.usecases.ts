import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct, newProfileLinkProblem } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { storedText } from '../../platform/content/stored-html';
import { countLinks } from '../../platform/content/links';
import type { Db, DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { FieldErrors } from '../../platform/http/forms';
import { indexDocument, removeDocument } from '../../platform/search/search';
import { detectFileType, listTopics } from '../library';
import { peopleErrors } from './people.errors';
import { EXTRA_EXPERTISE, ILL_SYSTEM_LABELS, LIBRARY_TYPE_LABELS, PHOTO_DIR } from './people.models';
import { peoplePolicies } from './people.policies';
import * as repo from './people.repository';
import type { ProfileInput } from './people.schemas';
import { type FullProfile, visibleProfile } from './people.visibility';

export const PERSON_KIND = 'person';

/** The shared list of areas of expertise: the library's topics, then a few more. */
export async function expertiseAreas(db: DbOrTx): Promise<Array<{ slug: string; name: string }>> {
  const topics = await listTopics(db);
  const seen = new Set(topics.map((t) => t.slug));
  return [...topics.map((t) => ({ slug: t.slug, name: t.name })), ...EXTRA_EXPERTISE.filter((e) => !seen.has(e.slug))];
}

export async function loadFullProfile(db: DbOrTx, userId: number): Promise<FullProfile | undefined> {
  return (await repo.loadFullProfiles(db, [userId])).get(userId);
}

/**
 * The search index is public, so a person's document holds only what the
 * public may see of them.
 */
export async function indexPerson(db: DbOrTx, userId: number, now: Date): Promise<void> {
  const full = await loadFullProfile(db, userId);
  if (!full) return removeDocument(db, PERSON_KIND, String(userId));
  const p = visibleProfile(full, 'public');
  const areas = new Map((await expertiseAreas(db)).map((a) => [a.slug, a.name]));
  const summary = [
    p.pronouns ? `(${p.pronouns})` : '',
    p.institution ?? '',
    p.libraryType ? `${LIBRARY_TYPE_LABELS[p.libraryType as keyof typeof LIBRARY_TYPE_LABELS] ?? p.libraryType} library` : '',
    [p.region, p.country].filter(Boolean).join(', '),
  ]
    .filter(Boolean)
    .join(' · ');
  await indexDocument(db, {
    kind: PERSON_KIND,
    refId: String(userId),
    url: `/people/${p.username}`,
    title: p.displayName,
    summary,
    body: p.bio ? storedText(p.bioHtml, p.bio) : '',
    topics: (p.expertise ?? []).filter((e) => areas.has(e)),
    docType: PERSON_KIND,
    audience: null,
    keywords: [
      ...(p.expertise ?? []).map((e) => areas.get(e) ?? e),
      ...(p.systems ?? []).map((s) => ILL_SYSTEM_LABELS[s as keyof typeof ILL_SYSTEM_LABELS] ?? s),
      ...(p.languages ?? []),
    ],
    updatedAt: now,
  });
}

export type ProfileResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Change one's own profile: not while suspended, and a new account lists only a couple of links (in its links and bio). */
export async function updateProfile({ db, actor, now, input }: { db: Db; actor: Actor; now: Date; input: ProfileInput }): Promise<ProfileResult> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.editProfile(actor));
  const createdAt = await repo.accountCreatedAt(db, actor.id);
  const links = input.links.length + (input.bio ? countLinks(input.bio) : 0);
  const problem = createdAt ? newProfileLinkProblem({ actor, createdAt, now, links }) : undefined;
  if (problem) return { ok: false, errors: { link1Url: problem } };
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
    await indexPerson(tx, actor.id, now);
    // A new display name shows on articles and revisions that anonymous readers may have cached.
    await recordEvent(tx, {
      type: 'profile.updated',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: actor.id,
      data: renamed ? { renamed: true } : {},
      changesPublicPages: renamed,
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
  const file = `${actor.id}-${randomUUID()}.${type.extension}`;
  const target = photoPath(dataDir, file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(`${target}.part`, bytes);
  await fs.rename(`${target}.part`, target);
  let previous: string | null = null;
  try {
    previous = await db.transaction(async (tx) => {
      const old = await repo.setPhoto(tx, actor.id, { file, type: type.contentType }, now);
      await recordEvent(tx, { type: 'profile.photo_changed', actorId: actor.id, subjectType: 'user', subjectId: actor.id });
      return old;
    });
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
  if (previous) await fs.rm(photoPath(dataDir, previous), { force: true });
}

/** Allowed while suspended: it only takes the person's own photo away. */
export async function removePhoto({ db, actor, now, dataDir }: { db: Db; actor: Actor; now: Date; dataDir: string }): Promise<void> {
  authorize(actor, peoplePolicies.editProfile(actor));
  const previous = await db.transaction(async (tx) => {
    const old = await repo.setPhoto(tx, actor.id, null, now);
    if (old) await recordEvent(tx, { type: 'profile.photo_removed', actorId: actor.id, subjectType: 'user', subjectId: actor.id });
    return old;
  });
  if (previous) await fs.rm(photoPath(dataDir, previous), { force: true });
}

/** Every photo file of a person (after their account is erased). */
export async function removePhotoFiles(dataDir: string, userId: number): Promise<void> {
  const dir = photosDir(dataDir);
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(files.filter((f) => f.startsWith(`${userId}-`)).map((f) => fs.rm(path.join(dir, f), { force: true })));
}
