// Wording for a field's character limit, shared by the server-rendered hint
// ("Up to 100,000 characters.") and the live counter the editor script adds.
// Pure: no DOM, no server imports, so src/client/ can bundle it.

/** Counts are written the same way on every page, e.g. "100,000". */
export function formatCount(n: number): string {
  return Math.max(0, Math.trunc(n)).toLocaleString('en-US');
}

/** The limit as the hint states it before any script runs. */
export function limitHint(max: number): string {
  return `Up to ${formatCount(max)} characters.`;
}

/** From this share of the limit on, the counter is announced to screen readers. */
export const NEAR_LIMIT = 0.9;

export interface CounterState {
  text: string;
  /** At or above NEAR_LIMIT of the limit: worth announcing. */
  near: boolean;
  /** Longer than the limit (e.g. text pasted by a script or kept from a refused submission). */
  over: boolean;
}

export function counterState(length: number, max: number): CounterState {
  const over = length > max;
  const base = `${formatCount(length)} of ${formatCount(max)} characters`;
  return {
    text: over ? `${base}: ${formatCount(length - max)} over the limit` : base,
    near: length >= max * NEAR_LIMIT,
    over,
  };
}
