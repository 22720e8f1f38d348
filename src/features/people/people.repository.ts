import { and, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.table';
import { RENDER_VERSION, renderMarkdown, type SafeHtml } from '../../platform/content/markdown';
import { type StoredHtmlKind, storedHtmlColumns } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import { phoneAFriend, profiles, type Visibility } from './people.table';
import type { FullProfile, ProfileField } from './people.visibility';

export interface PersonRow {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: (typeof users.$inferSelect)['role'];
  isSystem: boolean;
  deletedAt: Date | null;
}

const personColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  isSystem: users.isSystem,
  deletedAt: users.deletedAt,
};

/** A live account by username: deleted and system accounts have no profile. */
export async function findPersonByUsername(db: DbOrTx, username: string): Promise<PersonRow | undefined> {
  const rows = await db
    .select(personColumns)
    .from(users)
    .where(and(eq(users.username, username), isNull(users.deletedAt), eq(users.isSystem, false)))
    .limit(1);
  return rows[0];
}

export async function findPeopleByUsernames(db: DbOrTx, usernames: string[]): Promise<PersonRow[]> {
  if (usernames.length === 0) return [];
  return db
    .select(personColumns)
    .from(users)
    .where(and(inArray(users.username, usernames), isNull(users.deletedAt), eq(users.isSystem, false)));
}

export async function findPersonById(db: DbOrTx, id: number): Promise<PersonRow | undefined> {
  const rows = await db.select(personColumns).from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export function photoUrl(username: string, photo: string | null): string | null {
  if (!photo) return null;
  return `/people/${encodeURIComponent(username)}/photo?v=${encodeURIComponent(photo.split('-')[1]?.slice(0, 8) ?? 'x')}`;
}

type ProfileRow = typeof profiles.$inferSelect;

export function toFullProfile(
  person: Pick<PersonRow, 'id' | 'username' | 'displayName' | 'email'>,
  row: ProfileRow | null | undefined,
): FullProfile {
  return {
    userId: person.id,
    username: person.username,
    displayName: person.displayName,
    email: person.email,
    pronouns: row?.pronouns ?? '',
    photoUrl: photoUrl(person.username, row?.photo ?? null),
    institution: row?.institution ?? '',
    libraryType: row?.libraryType ?? '',
    country: row?.country ?? '',
    region: row?.region ?? '',
    timeZone: row?.timeZone ?? '',
    languages: row?.languages ?? [],
    systems: row?.systems ?? [],
    expertise: row?.expertise ?? [],
    bio: row?.bio ?? '',
    bioHtml: row?.bioHtml ?? null,
    links: row?.links ?? [],
    visibility: { ...(row?.visibility ?? {}), email: row?.showEmail ?? 'hidden' } as Partial<
      Record<ProfileField, Visibility>
    >,
  };
}

export async function findProfileRow(db: DbOrTx, userId: number): Promise<ProfileRow | undefined> {
  const rows = await db.select().from(profiles).where(eq(profiles.userId, userId)).limit(1);
  return rows[0];
}

/** Full profiles (everything, for the visibility rule to cut down) of live accounts, by id. */
export async function loadFullProfiles(db: DbOrTx, userIds: number[]): Promise<Map<number, FullProfile>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ person: personColumns, profile: profiles })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(and(inArray(users.id, ids), isNull(users.deletedAt)));
  return new Map(rows.map((r) => [r.person.id, toFullProfile(r.person, r.profile)]));
}

export type ProfileValues = Omit<
  ProfileRow,
  'userId' | 'updatedAt' | 'photo' | 'photoType' | 'bioHtml' | 'renderVersion'
>;

/** The bio rendered once, as it is saved: pages show the stored HTML and never render. */
function storedBio(bio: string): { bioHtml: SafeHtml; renderVersion: number } {
  return { bioHtml: renderMarkdown(bio), renderVersion: RENDER_VERSION };
}

export async function saveProfile(db: DbOrTx, userId: number, values: ProfileValues, now: Date): Promise<void> {
  const row = { ...values, ...storedBio(values.bio) };
  await db
    .insert(profiles)
    .values({ userId, ...row, updatedAt: now })
    .onConflictDoUpdate({ target: profiles.userId, set: { ...row, updatedAt: now } });
}

/** Profiles whose stored bio HTML is missing or from an older renderer: the hub renders them again at start. */
export const storedBioHtml: StoredHtmlKind<{ id: number; body: string }> = storedHtmlColumns({
  name: 'profile bios',
  table: profiles,
  id: profiles.userId,
  source: profiles.bio,
  renderVersion: profiles.renderVersion,
  render: (_db, bio) => storedBio(bio),
});

export async function setDisplayName(db: DbOrTx, userId: number, displayName: string, now: Date): Promise<void> {
  await db.update(users).set({ displayName, updatedAt: now }).where(eq(users.id, userId));
}

/** Set (or clear) the photo; returns the file it replaces. */
export async function setPhoto(
  db: DbOrTx,
  userId: number,
  photo: { file: string; type: string } | null,
  now: Date,
): Promise<string | null> {
  const before = await db
    .select({ photo: profiles.photo })
    .from(profiles)
    .where(eq(profiles.userId, userId))
    .for('update');
  await db
    .insert(profiles)
    .values({ userId, photo: photo?.file ?? null, photoType: photo?.type ?? null, updatedAt: now })
    .onConflictDoUpdate({
      target: profiles.userId,
      set: { photo: photo?.file ?? null, photoType: photo?.type ?? null, updatedAt: now },
    });
  return before[0]?.photo ?? null;
}

// Phone a Friend

export type OptInRow = typeof phoneAFriend.$inferSelect;

export async function findOptIn(db: DbOrTx, userId: number): Promise<OptInRow | undefined> {
  const rows = await db.select().from(phoneAFriend).where(eq(phoneAFriend.userId, userId)).limit(1);
  return rows[0];
}

export async function saveOptIn(
  db: DbOrTx,
  userId: number,
  values: { howICanHelp: string; preferredContact: string },
  now: Date,
  lapsesAt: Date,
): Promise<void> {
  await db
    .insert(phoneAFriend)
    .values({ userId, ...values, optedInAt: now, confirmedAt: now, lapsesAt })
    .onConflictDoUpdate({ target: phoneAFriend.userId, set: { ...values, confirmedAt: now, lapsesAt } });
}

export async function deleteOptIn(db: DbOrTx, userId: number): Promise<boolean> {
  const rows = await db
    .delete(phoneAFriend)
    .where(eq(phoneAFriend.userId, userId))
    .returning({ userId: phoneAFriend.userId });
  return rows.length > 0;
}

/** Live opt-ins lapsing within the window whose lapse date has had no reminder yet. */
export async function optInsNeedingReminder(db: DbOrTx, now: Date, until: Date) {
  return db
    .select({
      userId: phoneAFriend.userId,
      lapsesAt: phoneAFriend.lapsesAt,
      email: users.email,
      displayName: users.displayName,
    })
    .from(phoneAFriend)
    .innerJoin(users, eq(users.id, phoneAFriend.userId))
    .where(
      and(
        gt(phoneAFriend.lapsesAt, now),
        lte(phoneAFriend.lapsesAt, until),
        isNull(users.deletedAt),
        // No reminder mail to an address its owner has not confirmed.
        isNotNull(users.emailVerifiedAt),
        or(isNull(phoneAFriend.remindedFor), sql`${phoneAFriend.remindedFor} <> ${phoneAFriend.lapsesAt}`),
      ),
    )
    .limit(500);
}

/** Claim the reminder for this lapse date; false when another worker (or an earlier run) already did. */
export async function claimReminder(db: DbOrTx, userId: number, lapsesAt: Date): Promise<boolean> {
  const rows = await db
    .update(phoneAFriend)
    .set({ remindedFor: lapsesAt })
    .where(
      and(
        eq(phoneAFriend.userId, userId),
        eq(phoneAFriend.lapsesAt, lapsesAt),
        or(isNull(phoneAFriend.remindedFor), sql`${phoneAFriend.remindedFor} <> ${phoneAFriend.lapsesAt}`),
      ),
    )
    .returning({ userId: phoneAFriend.userId });
  return rows.length > 0;
}

/** When the account was made: a new account's profile links are limited (platform/auth/standing.ts). */
export async function accountCreatedAt(db: DbOrTx, id: number): Promise<Date | undefined> {
  const rows = await db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, id)).limit(1);
  return rows[0]?.createdAt;
}

/** The ids of live accounts that have a profile (for indexing them all once). */
export async function profileUserIds(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .select({ id: profiles.userId })
    .from(profiles)
    .innerJoin(users, eq(users.id, profiles.userId))
    .where(isNull(users.deletedAt));
  return rows.map((r) => r.id);
}
