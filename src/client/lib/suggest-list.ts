// Pure parts of the as-you-type suggestions (tested without a browser).

export interface Suggestion {
  title: string;
  url: string;
  label: string;
}

/** The option after a move with the arrow keys: wraps around; -1 means "back in the box, none chosen". */
export function moveActive(current: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current === -1) return delta === 1 ? 0 : count - 1;
  const next = current + delta;
  return next < 0 || next >= count ? -1 : next;
}

/** Only well-formed suggestions pointing inside the hub (a relative path) are shown. */
export function readSuggestions(body: unknown, key: 'suggestions' | 'similar'): Suggestion[] {
  const list = (body as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (s): s is { title: string; url: string; label?: unknown } =>
        typeof s?.title === 'string' && typeof s?.url === 'string' && /^\/(?!\/)/.test(s.url),
    )
    .map((s) => ({ title: s.title, url: s.url, label: typeof s.label === 'string' ? s.label : '' }));
}
