/**
 * Query understanding, with no database: accent folding, tokens, websearch syntax, acronyms, filler words,
 * and the string measures "did you mean" ranks with. Stemming is Postgres's (see stems in search.ts).
 */

/** "Bibliothèque" → "Bibliotheque": documents and queries are folded alike, so accents never decide a match. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** An acronym as written: two to ten capitals or digits, at least two capitals ("RSI", "DDS", "ISO", "SHARES"). */
export function isAcronym(word: string): boolean {
  return /^[A-Z][A-Z0-9]{1,9}$/.test(word) && (word.match(/[A-Z]/g)?.length ?? 0) >= 2;
}

/** Distinct acronyms in a text (folded), for the unstemmed upper-case lexemes of the ranking vector. */
export function acronymsOf(text: string, limit = 200): string[] {
  const out = new Set<string>();
  for (const m of fold(text).matchAll(/\b[A-Z][A-Z0-9]{1,9}\b/g)) {
    if (isAcronym(m[0])) out.add(m[0]);
    if (out.size >= limit) break;
  }
  return [...out];
}

/**
 * Words that carry no meaning in a question ("how do I … for a patron?") beyond Postgres's English stop words.
 * Dropped from the all-words pass only; a query made of nothing else still searches them.
 */
export const FILLER_WORDS = new Set([
  'how',
  'what',
  'why',
  'when',
  'where',
  'who',
  'which',
  'can',
  'could',
  'should',
  'would',
  'does',
  'did',
  'do',
  'vs',
  'versus',
  'anyone',
  'someone',
  'anybody',
  'please',
  'help',
  'thanks',
  'need',
  'want',
  'get',
  'got',
  'know',
  'way',
  'ways',
  'best',
  'good',
  'tips',
  'advice',
  'question',
  'questions',
  'hi',
  'hello',
  'us',
  'we',
  'our',
  'my',
  'i',
  'me',
  'you',
  'your',
  'they',
  'their',
  'there',
  'is',
  'are',
  'it',
  'its',
  'a',
  'an',
  'the',
  'to',
  'of',
  'for',
  'in',
  'on',
  'with',
  'and',
  'or',
  'if',
  'any',
  'much',
  'many',
  'long',
  'use',
  'using',
  'work',
  'works',
  'handle',
  'deal',
  'else',
  'other',
  'others',
  'anything',
  'something',
  'etc',
  'e.g',
  'ie',
]);

/** One thing to look for: a word, or a phrase (consecutive words); acronyms are matched unstemmed. */
export interface Term {
  /** Folded words, as typed (case kept for acronyms). */
  words: string[];
  /** More than one word, or quoted: the words must be adjacent. */
  phrase: boolean;
}

/** A clause matches when any of its alternatives does (OR, synonyms). */
export interface Clause {
  alternatives: Term[];
  /** What the user typed for this clause (for highlighting and spelling). */
  text: string;
  /** Typed in quotes: taken as written (no synonyms). */
  quoted?: boolean;
}

export interface ParsedQuery {
  /** Every clause must match (all-words pass); the relaxed pass needs any. */
  clauses: Clause[];
  /** Terms a match must not contain ("-word"). */
  excluded: Term[];
  /** The user wrote quotes, OR or -word: no filler removal and no relaxed pass. */
  syntax: boolean;
  /** Clauses that were filler words only (kept so a query of nothing else still searches them). */
  fillers: Clause[];
}

const TOKEN = /"([^"]*)"?|(\S+)/g;

/** Words of a piece of text: letters and digits, inner apostrophes and hyphens split ("e-book" → "e", "book"). */
export function wordsIn(text: string): string[] {
  return [...fold(text).matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
}

export function hasSyntax(q: string): boolean {
  return /"/.test(q) || /(^|\s)-[\p{L}\p{N}"]/u.test(q) || /\sOR\s/.test(q);
}

/**
 * websearch-style syntax when used (quotes, OR, -word), else every word is a clause.
 * Punctuation and operators that do not parse become plain words: never a syntax error.
 */
export function parseQuery(raw: string): ParsedQuery {
  const q = fold(raw).slice(0, 400);
  const syntax = hasSyntax(q);
  const clauses: Clause[] = [];
  const excluded: Term[] = [];
  const fillers: Clause[] = [];
  let pendingOr = false;
  for (const m of q.matchAll(TOKEN)) {
    const quoted = m[1] !== undefined;
    let text = quoted ? (m[1] ?? '') : (m[2] ?? '');
    if (syntax && !quoted && text === 'OR') {
      pendingOr = clauses.length > 0;
      continue;
    }
    let negate = false;
    if (syntax && !quoted && text.startsWith('-') && text.length > 1) {
      negate = true;
      text = text.slice(1);
    }
    const words = wordsIn(text);
    if (words.length === 0) continue;
    if (negate) {
      excluded.push({ words, phrase: words.length > 1 });
      continue;
    }
    // A quoted phrase, or "e-book" / "ISO-18626": adjacent words, as Postgres reads a hyphenated word.
    const terms: Term[] = [{ words, phrase: words.length > 1 }];
    if (pendingOr) {
      clauses.at(-1)?.alternatives.push(...terms);
      const last = clauses.at(-1);
      if (last) last.text = `${last.text} OR ${text}`;
      pendingOr = false;
      continue;
    }
    const word = words[0] ?? '';
    const isFiller =
      !syntax && !quoted && words.length === 1 && !isAcronym(word) && FILLER_WORDS.has(word.toLowerCase());
    const clause: Clause = quoted ? { alternatives: terms, text, quoted } : { alternatives: terms, text };
    if (isFiller) fillers.push(clause);
    else clauses.push(clause);
  }
  if (clauses.length === 0 && fillers.length > 0) return { clauses: fillers, excluded, syntax, fillers: [] };
  return { clauses, excluded, syntax, fillers };
}

/** Normalised form for comparing titles, aliases and queries: folded, lower case, words joined by one space. */
export function normalizeKey(text: string): string {
  return wordsIn(text).join(' ').toLowerCase();
}

/**
 * Best-bet keys of a title: the whole title, the title without a parenthesis, and the parenthesis itself
 * ("DOI (Digital Object Identifier)" → "doi digital object identifier", "doi", "digital object identifier").
 */
export function titleKeys(title: string, aliases: string[] = []): string[] {
  const keys = new Set<string>();
  const add = (t: string) => {
    const k = normalizeKey(t);
    if (k) keys.add(k);
  };
  add(title);
  const paren = /^(.*?)\s*\(([^)]*)\)\s*(.*)$/.exec(title);
  if (paren) {
    add(`${paren[1] ?? ''} ${paren[3] ?? ''}`);
    add(paren[2] ?? '');
  }
  for (const a of aliases) add(a);
  return [...keys];
}

/** Damerau-Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 4): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * A rough English sound-alike key: the first letter, then consonants with common silent or equivalent spellings
 * merged ("copywrite" and "copyright" → "kprt", "lone" and "loan" → "ln"). Used to admit and prefer candidates.
 */
export function soundKey(word: string): string {
  let w = fold(word)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (!w) return '';
  w = w
    .replace(/ph/g, 'f')
    .replace(/wr/g, 'r')
    .replace(/gh/g, '')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/dg/g, 'j');
  const first = w[0] as string;
  const rest = w.slice(1).replace(/[aeiouyhw]/g, '');
  return (first + rest).replace(/(.)\1+/g, '$1');
}
