/** Snippets: where in a document to highlight, and the highlighted text as plain segments. */

/** A snippet as plain segments: views wrap the hits in <mark>, so no HTML crosses this boundary. */
export type Snippet = Array<{ text: string; hit: boolean }>;

export const START = '\u0001';
export const STOP = '\u0002';

export function parseSnippet(text: string): Snippet {
  const segments: Snippet = [];
  let rest = text;
  while (rest.length > 0) {
    const s = rest.indexOf(START);
    if (s === -1) {
      segments.push({ text: rest, hit: false });
      break;
    }
    if (s > 0) segments.push({ text: rest.slice(0, s), hit: false });
    const e = rest.indexOf(STOP, s + 1);
    const end = e === -1 ? rest.length : e;
    segments.push({ text: rest.slice(s + 1, end), hit: true });
    rest = e === -1 ? '' : rest.slice(e + 1);
  }
  return segments.filter((seg) => seg.text.length > 0);
}

/**
 * Where a snippet may start: each lexeme's beginning as plain lower-case text ("librari" finds "library" and
 * "libraries"). Only the window is chosen with them; the highlighting itself is Postgres's.
 */
export function snippetPrefixes(lexemes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const l of lexemes) {
    const p = l.toLowerCase().replace(/i$/, '');
    if (p.length >= 3) out.add(p);
  }
  return [...out].slice(0, 24);
}

/** A pattern finding the first word that starts like a query word (null: nothing to look for). */
export function snippetFinder(prefixes: readonly string[]): RegExp | null {
  if (prefixes.length === 0) return null;
  const escaped = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'iu');
}

/** The part of a body to highlight: from a little before the first query word, whole words only. */
export function snippetWindow(text: string, finder: RegExp | null): string {
  const at = finder ? text.search(finder) : -1;
  if (at <= SNIPPET.before) return text.slice(0, SNIPPET.window);
  const space = text.indexOf(' ', at - SNIPPET.before);
  const start = space === -1 || space >= at ? at : space + 1;
  return text.slice(start, start + SNIPPET.window);
}

/** The snippet window: how far into the body a query word is looked for, how much is highlighted, and the lead-in. */
export const SNIPPET = { searched: 20_000, window: 900, before: 200 } as const;

export function plainExcerpt(text: string, max = 240): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))} …`;
}
