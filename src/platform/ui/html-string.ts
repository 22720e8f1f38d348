import { CSRF_FIELD } from '../http/security';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/**
 * Text or an attribute value escaped exactly as our JSX views escape it, for the few hot parts of signed-in pages
 * built as strings (one per post and reader): every value placed in such a string goes through this.
 */
export function escapeHtml(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ENTITIES[ch]!) : value;
}

/** The same markup as `<CsrfField token={token} />`. */
export function csrfFieldHtml(token: string): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}"/>`;
}
