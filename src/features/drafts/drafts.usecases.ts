import { announcePersonalChange } from '../../platform/cache/personal';
import { assertMayAct } from '../../platform/auth/standing';
import type { DbOrTx } from '../../platform/db/database';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import { draftsErrors } from './drafts.errors';
import { keptFields } from './drafts.fields';
import { DRAFT_KINDS, DRAFT_LIMITS, type DraftKey, type DraftSummary } from './drafts.models';
import * as repo from './drafts.repository';
import type { UseCaseContext } from '../../platform/usecase';

const SAVE_RULE = { name: 'drafts:save', limit: DRAFT_LIMITS.savesPerMinute, windowSeconds: 60 };

/** The shared use-case context (platform/usecase.ts): the database, who acts (null: refused), the clock's time. */
type Base = UseCaseContext;

/**
 * Keep what a member has typed into a form as their private draft (one per form: saving again replaces it).
 * Bounded: a size limit per draft, a cap on drafts per member, a rate limit on saves.
 */
export async function saveDraft(
  input: Base & {
    key: DraftKey;
    title: string;
    href: string;
    values: Record<string, string | string[]>;
    /**
     * Clear the per-member cache of personal parts in every process even when the draft already existed: for the
     * deliberate "Save as draft". A new draft always clears it (pages offer it at once, the script's autosave
     * included); the script's later autosaves of the same draft (every few seconds per writer) leave the offer's
     * time to the cache's short lifetime or the next event.
     */
    announce?: boolean;
  },
): Promise<{ draft: DraftSummary }> {
  const { db, actor, now, key } = input;
  if (!actor) throw httpErrors.signInRequired();
  await assertMayAct(db, actor, now);
  if (!DRAFT_KINDS.includes(key.kind)) throw draftsErrors.notFound();
  // The address is made by the owning feature; anything but a path on this hub is a programming error.
  if (!input.href.startsWith('/') || input.href.startsWith('//'))
    throw new Error(`draft href must be a local path: ${input.href}`);
  const { fields, size } = keptFields(input.values);
  await enforce(db, now, [[SAVE_RULE, String(actor.id)]]);
  const existing = await repo.findDraftFor(db, actor.id, key);
  if (!existing && (await repo.countDrafts(db, actor.id)) >= DRAFT_LIMITS.perMember) throw draftsErrors.tooMany();
  const title = input.title.trim().slice(0, 200) || 'Untitled';
  const draft = await repo.upsertDraft(db, { userId: actor.id, key, title, href: input.href, fields, size, now });
  if (input.announce || !existing) await announcePersonalChange(db);
  return { draft };
}

/** The member throws their own draft away; anyone else's draft reads as not found. */
export async function discardDraft(input: Base & { id: number }): Promise<{ href: string }> {
  const { db, actor } = input;
  if (!actor) throw httpErrors.signInRequired();
  const draft = await repo.findOwnDraft(db, actor.id, input.id);
  if (!draft) throw draftsErrors.notFound();
  await repo.deleteOwnDraft(db, actor.id, draft.id);
  // Pages offer drafts from the per-member cache of personal parts: no longer.
  await announcePersonalChange(db);
  return { href: draft.href };
}

/** After the real submission succeeded: the form's draft has served its purpose. */
export async function draftSubmitted(input: { db: DbOrTx; userId: number; key: DraftKey }): Promise<void> {
  await repo.deleteDraftFor(input.db, input.userId, input.key);
}

/** The daily clean-up: drafts untouched for DRAFT_LIMITS.keepDays days. */
export async function pruneOldDrafts(input: { db: DbOrTx; now: Date }): Promise<number> {
  return repo.pruneDrafts(input.db, new Date(input.now.getTime() - DRAFT_LIMITS.keepDays * 86_400_000));
}
