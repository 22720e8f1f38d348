import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import type { Actor } from '../../platform/auth/actor';
import { insertSuspension } from '../../platform/auth/standing';
import { rowsOf } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { listDrafts } from '.';
import { DRAFT_LIMITS, type DraftKey } from './drafts.models';
import { draftsModule } from './drafts.module';
import { discardDraft, draftSubmitted, pruneOldDrafts, saveDraft } from './drafts.usecases';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type User = Awaited<ReturnType<typeof createUser>>;
const actorOf = (u: User): Actor => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  role: u.role,
});
const replyKey = (threadId: number): DraftKey => ({ kind: 'reply', target: String(threadId) });

function save(user: User, key: DraftKey, body: string, extra: Record<string, string | string[]> = {}) {
  return saveDraft({
    db: t.database.db,
    actor: actorOf(user),
    now: t.clock.now(),
    key,
    title: `Reply to thread ${key.target}`,
    href: `/forum/t/${key.target}/reply`,
    values: { _csrf: 'secret-token', intent: 'draft', body, ...extra },
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

async function rowCount(userId: number): Promise<number> {
  return Number(
    rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from drafts where user_id = ${userId}`),
    )[0]?.n,
  );
}

describe('saving drafts', () => {
  it('keeps one draft per form, replaced by each save, without the CSRF token or the button pressed', async () => {
    const writer = await createUser(t.database);
    const first = await save(writer, replyKey(7), 'We lend microfilm');
    t.clock.advance(60_000);
    const second = await save(writer, replyKey(7), 'We lend microfilm to libraries abroad');
    expect(second.draft.id).toBe(first.draft.id);
    await save(writer, replyKey(8), 'Another thread');
    const list = await listDrafts(t.database.db, writer.id, 10);
    expect(list.map((d) => d.href)).toEqual(['/forum/t/8/reply', '/forum/t/7/reply']);
    expect(list[1]).toMatchObject({ kind: 'reply', title: 'Reply to thread 7', updatedAt: expect.any(Date) });
    const stored = rowsOf<{ fields: Record<string, string> }>(
      await t.database.db.execute(sql`select fields from drafts where id = ${first.draft.id}`),
    )[0]!;
    expect(stored.fields).toEqual({ body: 'We lend microfilm to libraries abroad' });
    expect(await listDrafts(t.database.db, writer.id, 1)).toHaveLength(1);
  });

  it('refuses a draft over the size limit and keeps nothing of it', async () => {
    const writer = await createUser(t.database);
    expect(await codeOf(save(writer, replyKey(9), 'x'.repeat(DRAFT_LIMITS.chars + 1)))).toBe('drafts.too_large');
    expect(await rowCount(writer.id)).toBe(0);
  });

  it('caps the drafts one member keeps, while an existing draft can still be saved again', async () => {
    const writer = await createUser(t.database);
    const now = t.clock.now();
    for (let i = 0; i < DRAFT_LIMITS.perMember; i++) {
      await t.database.db.execute(
        sql`insert into drafts (user_id, kind, target, title, href, fields, size, created_at, updated_at)
            values (${writer.id}, 'reply', ${String(1000 + i)}, 'x', '/forum', '{}'::jsonb, 0,
                    ${now.toISOString()}, ${now.toISOString()})`,
      );
    }
    expect(await codeOf(save(writer, replyKey(5000), 'one too many'))).toBe('drafts.too_many');
    expect(await codeOf(save(writer, replyKey(1000), 'an existing draft, saved again'))).toBeUndefined();
    expect(await rowCount(writer.id)).toBe(DRAFT_LIMITS.perMember);
  });

  it('limits how often one member saves', async () => {
    const writer = await createUser(t.database);
    t.clock.advance(60_000);
    for (let i = 0; i < DRAFT_LIMITS.savesPerMinute; i++) await save(writer, replyKey(11), `version ${i}`);
    expect(await codeOf(save(writer, replyKey(11), 'one save too many'))).toBe('http.rate_limited');
  });

  it('refuses a suspended member and anyone signed out', async () => {
    const writer = await createUser(t.database);
    const moderator = await createUser(t.database, { role: 'moderator' });
    await insertSuspension(t.database.db, {
      userId: writer.id,
      until: new Date(t.clock.now().getTime() + 86_400_000),
      reason: 'Spam',
      createdBy: moderator.id,
      now: t.clock.now(),
    });
    expect(await codeOf(save(writer, replyKey(12), 'text'))).toBe('account.suspended');
    const anonymous = saveDraft({
      db: t.database.db,
      actor: null,
      now: t.clock.now(),
      key: replyKey(12),
      title: 'x',
      href: '/forum',
      values: { body: 'x' },
    });
    expect(await codeOf(anonymous)).toBe('auth.sign_in_required');
  });
});

describe('privacy and removal', () => {
  it('lets only the owner discard a draft; anyone else gets not found and the draft stays', async () => {
    const writer = await createUser(t.database);
    const other = await createUser(t.database);
    const { draft } = await save(writer, replyKey(21), 'Private words');
    expect(await listDrafts(t.database.db, other.id, 10)).toEqual([]);
    expect(
      await codeOf(discardDraft({ db: t.database.db, actor: actorOf(other), now: t.clock.now(), id: draft.id })),
    ).toBe('drafts.not_found');
    expect(await rowCount(writer.id)).toBe(1);
    expect(await discardDraft({ db: t.database.db, actor: actorOf(writer), now: t.clock.now(), id: draft.id })).toEqual(
      { href: '/forum/t/21/reply' },
    );
    expect(await rowCount(writer.id)).toBe(0);
  });

  it('removes the form’s draft when its submission succeeded, and no other', async () => {
    const writer = await createUser(t.database);
    await save(writer, replyKey(31), 'Posted soon');
    await save(writer, replyKey(32), 'Still being written');
    await draftSubmitted({ db: t.database.db, userId: writer.id, key: replyKey(31) });
    expect((await listDrafts(t.database.db, writer.id, 10)).map((d) => d.href)).toEqual(['/forum/t/32/reply']);
  });

  it('prunes drafts untouched for 90 days', async () => {
    const writer = await createUser(t.database);
    await save(writer, replyKey(41), 'Old words');
    t.clock.advance((DRAFT_LIMITS.keepDays - 1) * 86_400_000);
    await save(writer, replyKey(42), 'Recent words');
    t.clock.advance(2 * 86_400_000);
    await pruneOldDrafts({ db: t.database.db, now: t.clock.now() });
    expect((await listDrafts(t.database.db, writer.id, 10)).map((d) => d.href)).toEqual(['/forum/t/42/reply']);
  });

  it('is in the member’s data export and erased with the account, leaving others’ drafts alone', async () => {
    const writer = await createUser(t.database);
    const other = await createUser(t.database);
    await save(writer, replyKey(51), 'Mine to download');
    await save(other, replyKey(51), 'Someone else’s');
    const exported = await draftsModule.personalData!.export(t.deps, writer.id);
    expect(exported).toEqual({
      drafts: [
        expect.objectContaining({ kind: 'reply', form: '/forum/t/51/reply', fields: { body: 'Mine to download' } }),
      ],
    });
    expect(JSON.stringify(exported)).not.toContain('Someone else');
    await t.database.db.transaction((tx) => draftsModule.personalData!.erase(tx, writer.id));
    expect(await rowCount(writer.id)).toBe(0);
    expect(await rowCount(other.id)).toBe(1);
  });
});
