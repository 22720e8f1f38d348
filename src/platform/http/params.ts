import { type AppError, httpErrors } from './errors';

/**
 * Whole numbers from a path, a query or a form, read one way everywhere.
 * Only plain digits count (no sign, exponent, fraction, hex or spaces), and
 * nothing above MAX_ID reaches a query: Postgres `integer` columns stop there,
 * and a bigger number would be a database error (a 500) instead of an answer.
 */
export const MAX_ID = 2_147_483_647;

const DIGITS = /^\d{1,10}$/;

/** The number, when `raw` is plain digits between `min` and `max`; otherwise undefined. */
export function wholeNumber(
  raw: string | undefined,
  { min = 0, max = MAX_ID }: { min?: number; max?: number } = {},
): number | undefined {
  if (raw === undefined || !DIGITS.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/** A record id or number from the path (1 up to MAX_ID); anything else is that record's "not found". */
export function idParam(raw: string | undefined, notFound: () => AppError = () => httpErrors.notFound()): number {
  const n = wholeNumber(raw, { min: 1 });
  if (n === undefined) throw notFound();
  return n;
}

/** An optional id in a query or form (a cursor, a quoted post): undefined when absent or not a possible id. */
export function optionalId(raw: string | undefined): number | undefined {
  return wholeNumber(raw, { min: 1 });
}

/**
 * A page number, clamped to 1…max: a number past the end shows the last page
 * the list allows, anything unreadable shows the first.
 */
export function pageParam(raw: string | undefined, max = 1000): number {
  if (raw === undefined) return 1;
  const digits = raw.trim();
  if (!/^\d+$/.test(digits)) return 1;
  // Beyond ten digits the number is past any list's end whatever it is.
  const n = digits.length > 10 ? Number.POSITIVE_INFINITY : Number(digits);
  return Math.min(max, Math.max(1, n));
}
