/**
 * Drafts: what a member is writing (a new article, an article edit, a new thread, a reply), kept privately
 * on the server until it is submitted or discarded, and offered again when they come back to the form.
 * Imports no other feature; library and community use it through this file.
 *
 * Public API:
 * - `listDrafts(db, userId, limit)`: the member's drafts, newest first, as `DraftSummary` (href = the form).
 * - `draftFor(c, key)`: in a form's GET handler: the `DraftView` for the view, and the draft's fields when
 *   the member chose "Restore it" (`?draft=<id>`; anyone else's draft is a 404).
 * - `draftOffer(c, key)`: the offer only, from the per-member cache (for the reply form under a thread).
 * - `saveDraftFromForm(c, form, values, showAgain)`: the form's POST with `intent=draft` (button or autosave).
 * - `clearDraft(c, key)`: after the real submission succeeded.
 * - Views: `DraftNotice` (above the form), `SaveDraftButton` (in its actions), `draftAttributes` (on the form).
 */
import type { DbOrTx } from '../../platform/db/database';
import type { DraftSummary } from './drafts.models';
import * as repo from './drafts.repository';

/** The member's drafts, the most recently saved first (for the personal home page). */
export function listDrafts(db: DbOrTx, userId: number, limit: number): Promise<DraftSummary[]> {
  return repo.listDrafts(db, userId, limit);
}

export type { DraftSummary, DraftKey, DraftKind } from './drafts.models';
export { DRAFT_KIND_LABELS, DRAFT_LIMITS } from './drafts.models';
export { clearDraft, type DraftForm, type DraftView, draftFor, draftOffer, saveDraftFromForm } from './drafts.http';
export { DraftNotice, SaveDraftButton, draftAttributes } from './views/draft-notice';
export { draftsModule } from './drafts.module';
