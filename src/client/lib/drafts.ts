// Drafts in the browser: what a member types into a writing form is copied to localStorage as they type and
// saved to the hub as their private draft every little while (the form's own route, intent=draft); a
// submission the hub would refuse for size is stopped with a message next to the field. Without this script
// the form's "Save as draft" button does the server part. The pure helpers are unit tested.
import { formatCount } from '../../platform/ui/char-limit';

export type Fields = Record<string, string | string[]>;

export interface LocalDraft {
  fields: Fields;
  /** ISO time of the last keystroke copied. */
  savedAt: string;
  /** Set when the form was submitted with this text: if the hub took it, the copy is stale. */
  submitted?: boolean;
}

/** The form body limit of the hub (FORM_BODY_LIMIT in src/server.ts). */
export const FORM_BODY_LIMIT = 2 * 1024 * 1024;
/** Quiet time after the last keystroke before saving to the hub, and the least time between two saves. */
export const AUTOSAVE_IDLE_MS = 3_000;
export const AUTOSAVE_MIN_INTERVAL_MS = 15_000;

/** Never kept, and never restored over the form's own: the security token, the button, the one-time key. */
const SKIPPED = new Set(['_csrf', 'intent', 'idempotencyKey']);

export function storageKey(owner: string, kind: string, target: string): string {
  return `ill-draft:${owner}:${kind}:${target}`;
}

export function fieldsFrom(entries: Iterable<[string, string]>): Fields {
  const fields: Fields = {};
  for (const [name, value] of entries) {
    if (SKIPPED.has(name)) continue;
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The same text in every field (order of repeated values ignored; empty equals missing). */
export function sameFields(a: Fields, b: Fields): boolean {
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = asList(a[name]).filter(Boolean).sort();
    const y = asList(b[name]).filter(Boolean).sort();
    if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

/** Anything typed at all in the text fields (a form of defaults only is not worth a draft). */
export function hasText(fields: Fields, textNames: string[]): boolean {
  return textNames.some((n) => asList(fields[n]).some((v) => v.trim() !== ''));
}

export function parseLocalDraft(raw: string | null): LocalDraft | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as LocalDraft;
    if (!value || typeof value !== 'object' || typeof value.savedAt !== 'string' || typeof value.fields !== 'object')
      return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/**
 * Whether to offer the copy kept in this browser when the form loads. A copy that was submitted is offered
 * only when the submission evidently did not land: the member came back with the Back button, or the hub
 * still holds a draft for the form (it deletes it when a submission succeeds).
 */
export function shouldOffer(
  local: LocalDraft,
  form: { current: Fields; serverSavedAt?: string | undefined; backForward: boolean },
): boolean {
  if (sameFields(local.fields, form.current)) return false;
  if (local.submitted && !form.backForward && !form.serverSavedAt) return false;
  // The hub's copy is offered above the form already; this one only when it is newer.
  if (form.serverSavedAt && Date.parse(form.serverSavedAt) >= Date.parse(local.savedAt)) return false;
  return true;
}

/** Bytes the browser will send for these fields, url-encoded (as the form posts them). */
export function encodedSize(fields: Fields): number {
  let n = 0;
  for (const [name, value] of Object.entries(fields)) {
    for (const v of asList(value)) n += encodeURIComponent(name).length + encodeURIComponent(v).length + 2;
  }
  return n;
}

export function overLimitMessage(length: number, max: number): string {
  return (
    `This is ${formatCount(length)} characters; the limit is ${formatCount(max)}. ` +
    `Shorten it by ${formatCount(length - max)} characters before sending. Your text is kept in this browser.`
  );
}

export function tooLargeFormMessage(bytes: number): string {
  return (
    `This form holds ${formatCount(Math.ceil(bytes / 1024))} KB, more than the hub accepts ` +
    `(${formatCount(FORM_BODY_LIMIT / 1024)} KB). Shorten the text before sending. Your text is kept in this browser.`
  );
}

export function savedMessage(at: Date): string {
  return `Draft saved at ${at.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}. Only you can see it.`;
}
