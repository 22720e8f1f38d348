import { and, count, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { Draft, DraftKey, DraftSummary } from './drafts.models';
import { drafts } from './drafts.table';

const summary = {
  id: drafts.id,
  kind: drafts.kind,
  title: drafts.title,
  href: drafts.href,
  updatedAt: drafts.updatedAt,
};
const full = { ...summary, userId: drafts.userId, target: drafts.target, fields: drafts.fields };

/** A member's drafts, the most recently saved first. */
export async function listDrafts(db: DbOrTx, userId: number, limit: number): Promise<DraftSummary[]> {
  return db
    .select(summary)
    .from(drafts)
    .where(eq(drafts.userId, userId))
    .orderBy(desc(drafts.updatedAt), desc(drafts.id))
    .limit(limit);
}

/** The member's draft for one form, if any. */
export async function findDraftFor(db: DbOrTx, userId: number, key: DraftKey): Promise<Draft | undefined> {
  const rows = await db
    .select(full)
    .from(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.kind, key.kind), eq(drafts.target, key.target)))
    .limit(1);
  return rows[0];
}

/** A draft by id, only if it is the member's own (anyone else's reads as missing). */
export async function findOwnDraft(db: DbOrTx, userId: number, id: number): Promise<Draft | undefined> {
  const rows = await db
    .select(full)
    .from(drafts)
    .where(and(eq(drafts.id, id), eq(drafts.userId, userId)))
    .limit(1);
  return rows[0];
}

export async function countDrafts(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(drafts).where(eq(drafts.userId, userId));
  return Number(rows[0]?.n ?? 0);
}

export async function upsertDraft(
  db: DbOrTx,
  values: {
    userId: number;
    key: DraftKey;
    title: string;
    href: string;
    fields: Record<string, string | string[]>;
    size: number;
    now: Date;
  },
): Promise<DraftSummary> {
  const rows = await db
    .insert(drafts)
    .values({
      userId: values.userId,
      kind: values.key.kind,
      target: values.key.target,
      title: values.title,
      href: values.href,
      fields: values.fields,
      size: values.size,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoUpdate({
      target: [drafts.userId, drafts.kind, drafts.target],
      set: { title: values.title, href: values.href, fields: values.fields, size: values.size, updatedAt: values.now },
    })
    .returning(summary);
  return rows[0]!;
}

export async function deleteOwnDraft(db: DbOrTx, userId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(drafts)
    .where(and(eq(drafts.id, id), eq(drafts.userId, userId)))
    .returning({ id: drafts.id });
  return rows.length > 0;
}

export async function deleteDraftFor(db: DbOrTx, userId: number, key: DraftKey): Promise<void> {
  await db
    .delete(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.kind, key.kind), eq(drafts.target, key.target)));
}

export async function deleteAllDrafts(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(drafts).where(eq(drafts.userId, userId));
}

export async function allDrafts(db: DbOrTx, userId: number): Promise<Draft[]> {
  return db.select(full).from(drafts).where(eq(drafts.userId, userId)).orderBy(desc(drafts.updatedAt));
}

/** Drafts nobody touched since `before`; returns how many went. */
export async function pruneDrafts(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db.delete(drafts).where(lt(drafts.updatedAt, before)).returning({ id: drafts.id });
  return rows.length;
}
