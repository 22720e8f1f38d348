// What the editor's live preview says when the hub does not answer with a preview.
// Pure, so it can be unit tested; src/client/editor.ts shows it in the preview area.
import { formatCount } from '../../platform/ui/char-limit';

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); undefined if absent or unreadable. */
export function retryAfterSeconds(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

export function previewFailureMessage(
  failure: { status: number; retryAfter?: number | undefined; maxLength?: number | undefined } | 'network',
): string {
  if (failure === 'network') return 'Could not reach the hub; your text is safe in the form.';
  const { status, retryAfter, maxLength } = failure;
  if (status === 429) {
    const wait = Math.max(1, retryAfter ?? 60);
    return `Too many previews; try again in ${formatCount(wait)} ${wait === 1 ? 'second' : 'seconds'}. Your text is safe in the form.`;
  }
  if (status === 503) return 'The hub is busy; try again in a moment. Your text is safe in the form.';
  if (status === 413) {
    const limit = maxLength ? ` Shorten it to ${formatCount(maxLength)} characters or fewer.` : '';
    return `The text is too long to preview.${limit} Your text is safe in the form.`;
  }
  if (status === 401 || status === 403) {
    return 'The preview was refused: you may have been signed out. Your text is safe in the form; sign in again in another tab, then save.';
  }
  return `The preview could not be shown (error ${status}). Your text is safe in the form.`;
}
