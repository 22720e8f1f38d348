import { and, asc, count, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import { type UserTokenPurpose, userTokens, users } from '../../platform/auth/auth.table';
import type { Role } from '../../platform/authz/roles';
import { intArray } from '../../platform/db/arrays';
import type { DbOrTx } from '../../platform/db/database';
import type { UserSummary } from './accounts.models';

const summary = {
  id: users.id,
  email: users.email,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
};

export async function findUserByEmail(db: DbOrTx, email: string) {
  const rows = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return rows[0];
}

export async function findUserById(db: DbOrTx, id: number) {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export async function usernameTaken(db: DbOrTx, username: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return rows.length > 0;
}

export async function emailTaken(db: DbOrTx, email: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return rows.length > 0;
}

export async function insertUser(
  db: DbOrTx,
  values: {
    email: string;
    username: string;
    displayName: string;
    passwordHash: string | null;
    role: Role;
    isSystem?: boolean;
    /** Null: the address is not confirmed yet (self sign-up). Left out: confirmed now (the column's default). */
    emailVerifiedAt?: Date | null;
    createdAt: Date;
  },
) {
  const rows = await db
    .insert(users)
    .values({ ...values, updatedAt: values.createdAt })
    .returning(summary);
  return rows[0]!;
}

export async function updateUser(
  db: DbOrTx,
  id: number,
  values: Partial<{ email: string; passwordHash: string; role: Role; displayName: string; emailVerifiedAt: Date }>,
  now: Date,
) {
  await db
    .update(users)
    .set({ ...values, updatedAt: now })
    .where(eq(users.id, id));
}

export async function countAdmins(db: DbOrTx): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.isSystem, false)));
  return Number(rows[0]?.n ?? 0);
}

export async function listUsers(
  db: DbOrTx,
  options: { q?: string; role?: Role; limit: number; offset: number },
): Promise<{ users: UserSummary[]; total: number }> {
  const conditions = [eq(users.isSystem, false)];
  if (options.role) conditions.push(eq(users.role, options.role));
  if (options.q) {
    const like = `%${options.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conditions.push(or(ilike(users.email, like), ilike(users.username, like), ilike(users.displayName, like))!);
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select(summary)
      .from(users)
      .where(where)
      .orderBy(asc(users.displayName), asc(users.id))
      .limit(options.limit)
      .offset(options.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { users: rows, total: Number(totals[0]?.n ?? 0) };
}

export async function insertToken(
  db: DbOrTx,
  values: {
    tokenHash: string;
    userId: number;
    purpose: UserTokenPurpose;
    data?: Record<string, string>;
    createdAt: Date;
    expiresAt: Date;
  },
) {
  await db.insert(userTokens).values({ ...values, data: values.data ?? {} });
}

/** Mark a token used and return it, atomically: a link works once even if clicked twice at the same moment. */
export async function consumeToken(db: DbOrTx, tokenHash: string, purpose: UserTokenPurpose, now: Date) {
  const rows = await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokens.tokenHash, tokenHash),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    )
    .returning();
  return rows[0];
}

export async function findLiveToken(db: DbOrTx, tokenHash: string, purpose: UserTokenPurpose, now: Date) {
  const rows = await db
    .select()
    .from(userTokens)
    .where(
      and(
        eq(userTokens.tokenHash, tokenHash),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function expireTokens(db: DbOrTx, userId: number, purpose: UserTokenPurpose, now: Date) {
  await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
}

export async function ensureSystemUser(db: DbOrTx, now: Date): Promise<number> {
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, 'ill-commons-editors'))
    .limit(1);
  if (existing[0]) return existing[0].id;
  const rows = await db
    .insert(users)
    .values({
      email: 'editors@ill-commons.invalid',
      username: 'ill-commons-editors',
      displayName: 'ILL Commons editors',
      passwordHash: null,
      role: 'editor',
      isSystem: true,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (rows[0]) return rows[0].id;
  const again = await db.select({ id: users.id }).from(users).where(eq(users.username, 'ill-commons-editors')).limit(1);
  return again[0]!.id;
}

export async function displayNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(sql`${users.id} = any(${intArray(ids)})`);
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
