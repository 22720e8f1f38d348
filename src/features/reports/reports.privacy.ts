/**
 * The patron-column detector. Columns that identify patrons are dropped before anything else reads the file:
 * they are never shown in the preview, never offered for mapping and never stored. Two tests: the header (names,
 * emails, user ids, barcodes, addresses, phone numbers, notes) and the content (any cell that is an email address).
 */
import type { DroppedColumn } from './reports.models';

/** Headers naming a library, a partner or a publication are not a person's name. */
const NOT_A_PERSON =
  /partner|library|lender|borrower(?!.*(name|id))|supplier|institution|vendor|symbol|title|journal|author|publisher|series|file|sheet|system|location|site/;

const HEADER_RULES: Array<[RegExp, string]> = [
  [/e-?mail/, 'an email address identifies a patron'],
  [
    /(^|\s)user(\s|$)|patron|customer|requester ?(name|id|email)|^requester$|student|username|userid|user ?(id|name|number)|^user$|borrowername|borrowerid/,
    'patron identity (name or user id)',
  ],
  [/barcode/, 'a barcode identifies a patron or their item'],
  [/address|street|city|zip|postal|postcode/, 'a postal address identifies a patron'],
  [/phone|mobile|fax/, 'a phone number identifies a patron'],
  [/note|comment|specins|special ?instructions|message/, 'free-text notes can name people'],
];
const NAME_RULE = /(first|last|given|family|sur|full|display|^)\s*name$/;

/** Why a header is a patron column, or undefined. */
export function patronHeaderReason(header: string): string | undefined {
  const h = header
    .trim()
    .toLowerCase()
    .replace(/[_\-.]+/g, ' ');
  const squashed = h.replace(/\s+/g, '');
  for (const [rule, reason] of HEADER_RULES) if (rule.test(h) || rule.test(squashed)) return reason;
  if (NAME_RULE.test(h) && !NOT_A_PERSON.test(h)) return 'a personal name identifies a patron';
  return undefined;
}

const EMAIL = /[^\s@<>"',;]+@[^\s@<>"',;]+\.[a-z]{2,}/i;

/** Whether a cell holds an email address (content test). */
export function looksLikeEmail(cell: string): boolean {
  return cell.includes('@') && EMAIL.test(cell);
}

export const EMAIL_CONTENT_REASON = 'its cells contain email addresses';

/** The header test over a whole header row: index → dropped column. */
export function patronColumnsByHeader(headers: readonly string[]): Map<number, DroppedColumn> {
  const dropped = new Map<number, DroppedColumn>();
  headers.forEach((header, i) => {
    const reason = patronHeaderReason(header);
    if (reason) dropped.set(i, { header, reason });
  });
  return dropped;
}
