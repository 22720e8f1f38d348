import { personal } from '../../platform/cache/personal';
import { actorOf, type AppContext } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import type { FormValues } from '../../platform/http/forms';
import { optionalId } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { draftsErrors } from './drafts.errors';
import type { Draft, DraftKey, DraftSummary } from './drafts.models';
import * as repo from './drafts.repository';
import { draftSubmitted, saveDraft } from './drafts.usecases';

/** What a writing form needs to know about its draft (views take this as a prop). */
export interface DraftView {
  key: DraftKey;
  /** The member's id; a hole's mark where a form is rendered once for every member (see renderWithHoles). */
  ownerId: number | string;
  /** A saved draft the form is not showing: "You have an unsaved draft from …: Restore it / Discard it". */
  offer?: DraftSummary | undefined;
  /** The form shows this saved draft's text (restored, or just saved with "Save as draft"). */
  restored?: { id: number; href: string; updatedAt: Date; justSaved: boolean } | undefined;
}

/** A form whose text can be kept: which one, its title in lists and the address where it is offered again. */
export interface DraftForm {
  key: DraftKey;
  title: string;
  href: string;
}

/**
 * Loads a form's draft for the signed-in member. With `?draft=<id>` (the "Restore it" link, or after
 * "Save as draft") the draft's fields come back to fill the form; anyone else's draft, or another form's,
 * is not found. Otherwise a saved draft is offered. Anonymous readers have none.
 */
export async function draftFor(c: AppContext, key: DraftKey): Promise<{ view?: DraftView; fields?: FormValues }> {
  const actor = actorOf(c);
  if (!actor) return {};
  const db = c.get('deps').database.db;
  const raw = c.req.query('draft');
  if (raw !== undefined) {
    const id = optionalId(raw);
    const draft = id ? await repo.findOwnDraft(db, actor.id, id) : undefined;
    if (!draft || draft.kind !== key.kind || draft.target !== key.target) throw draftsErrors.notFound();
    return {
      view: {
        key,
        ownerId: actor.id,
        restored: {
          id: draft.id,
          href: draft.href,
          updatedAt: draft.updatedAt,
          justSaved: c.req.query('saved') === '1',
        },
      },
      fields: draft.fields,
    };
  }
  const draft: Draft | undefined = await repo.findDraftFor(db, actor.id, key);
  return { view: { key, ownerId: actor.id, offer: draft } };
}

/**
 * Only the offer, for a form on a busy page (the reply form under a thread): from the per-member cache of
 * personal parts, so a page view costs no query while nothing changes. A discard clears that cache; a
 * submission records an event, which clears it too.
 */
export async function draftOffer(c: AppContext, key: DraftKey): Promise<DraftView | undefined> {
  const actor = actorOf(c);
  if (!actor) return undefined;
  const db = c.get('deps').database.db;
  const offer = await personal(c, `drafts:${key.kind}:${key.target}`, async () => {
    const draft = await repo.findDraftFor(db, actor.id, key);
    return draft
      ? { id: draft.id, kind: draft.kind, title: draft.title, href: draft.href, updatedAt: draft.updatedAt }
      : null;
  });
  return { key, ownerId: actor.id, offer: offer ?? undefined };
}

function wantsJson(c: AppContext): boolean {
  return (c.req.header('accept') ?? '').startsWith('application/json');
}

/**
 * The form's "Save as draft" button (and the editor script's autosave, which asks for JSON): keep the values,
 * then show the form again with them (303 to its address). A refusal (too long, too many drafts, too many
 * saves) comes back through `showAgain` with the message, so the text stays on screen; for JSON it is thrown.
 */
export async function saveDraftFromForm(
  c: AppContext,
  form: DraftForm,
  values: FormValues,
  showAgain: (message: string, status: 409 | 413 | 429) => Promise<Response>,
): Promise<Response> {
  const deps = c.get('deps');
  try {
    const { draft } = await saveDraft({
      db: deps.database.db,
      actor: actorOf(c),
      now: deps.clock.now(),
      key: form.key,
      title: form.title,
      href: form.href,
      values,
      announce: !wantsJson(c),
    });
    c.header('Cache-Control', 'no-store');
    if (wantsJson(c)) return c.json({ draft: { id: draft.id, updatedAt: draft.updatedAt.toISOString() } });
    return seeOther(c, `${draft.href}${draft.href.includes('?') ? '&' : '?'}draft=${draft.id}&saved=1`);
  } catch (error) {
    if (wantsJson(c) || !(error instanceof AppError) || ![409, 413, 429].includes(error.status)) throw error;
    if (error.details.retryAfterSeconds) c.header('Retry-After', String(error.details.retryAfterSeconds));
    return showAgain(error.message, error.status as 409 | 413 | 429);
  }
}

/** The real submission succeeded: the form's draft goes. */
export async function clearDraft(c: AppContext, key: DraftKey): Promise<void> {
  const actor = actorOf(c);
  if (actor) await draftSubmitted({ db: c.get('deps').database.db, userId: actor.id, key });
}
