import { CsrfField, DateText } from '../../../platform/ui/components';
import type { DraftView } from '../drafts.http';

function restoreHref(href: string, id: number): string {
  return `${href}${href.includes('?') ? '&' : '?'}draft=${id}`;
}

function DiscardButton({ id, csrfToken }: { id: number; csrfToken: string }) {
  return (
    <form method="post" action={`/drafts/${id}/discard`} class="inline-form">
      <CsrfField token={csrfToken} />
      <button type="submit" class="secondary">
        Discard it
      </button>
    </form>
  );
}

/**
 * Above a writing form: the member's saved draft for it, offered ("Restore it / Discard it"), or a word that the
 * form shows that draft. Outside the form itself (forms cannot nest).
 */
export function DraftNotice({ draft, csrfToken }: { draft?: DraftView | undefined; csrfToken: string }) {
  if (!draft) return null;
  if (draft.restored) {
    return (
      <div class={`notice notice-${draft.restored.justSaved ? 'success' : 'info'} draft-notice`} role="status">
        <p>
          {draft.restored.justSaved ? 'Your draft is saved' : 'This is your draft'} (
          <DateText date={draft.restored.updatedAt} withTime />
          ). Only you can see it; it is offered again when you come back to this form.
        </p>
        <DiscardButton id={draft.restored.id} csrfToken={csrfToken} />
      </div>
    );
  }
  if (!draft.offer) return null;
  return (
    <section class="notice notice-info draft-notice draft-offer" aria-labelledby="draft-offer-title">
      <h2 id="draft-offer-title" class="notice-title">
        You have an unsaved draft from <DateText date={draft.offer.updatedAt} withTime />
      </h2>
      <p>Only you can see it.</p>
      <div class="form-actions">
        <a class="button" href={restoreHref(draft.offer.href, draft.offer.id)}>
          Restore it
        </a>
        <DiscardButton id={draft.offer.id} csrfToken={csrfToken} />
      </div>
    </section>
  );
}

/** The form's own data for the editor script's autosave and its copy in this browser. */
export function draftAttributes(draft?: DraftView): Record<string, string> {
  if (!draft) return {};
  const saved = draft.restored?.updatedAt ?? draft.offer?.updatedAt;
  return {
    'data-draft-kind': draft.key.kind,
    'data-draft-target': draft.key.target,
    'data-draft-owner': String(draft.ownerId),
    ...(saved ? { 'data-draft-saved': saved.toISOString() } : {}),
  };
}

/** "Save as draft": works without JavaScript (the form's own route keeps the text and shows the form again). */
export function SaveDraftButton({ draft }: { draft?: DraftView | undefined }) {
  if (!draft) return null;
  return (
    <button type="submit" name="intent" value="draft" class="secondary" formnovalidate>
      Save as draft
    </button>
  );
}
