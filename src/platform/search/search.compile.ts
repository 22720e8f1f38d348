import { sql } from 'drizzle-orm';
import { textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { Lru } from './lru';
import { type Clause, isAcronym, normalizeKey, type ParsedQuery, type Term } from './query';
import type { ClauseLexemes } from './search.terms';

/** A parsed query as tsquery text: stems from Postgres's own stemmer, acronyms unstemmed, phrases with their gaps. */

const stemCache = new Lru<string, string | null>(20_000);

/** English stems of words (null: a stop word), through Postgres's own stemmer, cached. */
export async function stems(db: DbOrTx, words: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const missing: string[] = [];
  for (const w of new Set(words.map((x) => x.toLowerCase()))) {
    const s = stemCache.get(w);
    if (s === undefined) missing.push(w);
    else out.set(w, s);
  }
  if (missing.length) {
    const rows = rowsOf<{ w: string; s: string | null }>(
      await db.execute(
        sql`select w, (select lexeme from unnest(to_tsvector('english', w)) limit 1) as s from unnest(${textArray(missing)}) as w`,
      ),
    );
    for (const r of rows) {
      stemCache.set(r.w, r.s);
      out.set(r.w, r.s);
    }
  }
  return out;
}

export function lexeme(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The lexemes one word matches (none: a stop word), as `wordQuery` writes them. */
function wordLexemes(word: string, stemmed: Map<string, string | null>): string[] {
  const lower = word.toLowerCase();
  const stem = stemmed.get(lower) ?? null;
  if (isAcronym(word)) return stem === lower ? [word, stem] : [word];
  return stem === null ? [] : [stem];
}

/** One word as tsquery text: acronyms match their unstemmed upper-case lexeme (and the stem only when unchanged). */
export function wordQuery(word: string, stemmed: Map<string, string | null>): string | null {
  const lower = word.toLowerCase();
  const stem = stemmed.get(lower) ?? null;
  if (isAcronym(word)) {
    return stem === lower ? `(${lexeme(word)} | ${lexeme(stem)})` : lexeme(word);
  }
  return stem === null ? null : lexeme(stem);
}

function termQuery(term: Term, stemmed: Map<string, string | null>): string | null {
  if (!term.phrase) {
    const parts = term.words.map((w) => wordQuery(w, stemmed)).filter((p): p is string => p !== null);
    return parts.length === 0 ? null : parts.length === 1 ? (parts[0] as string) : `(${parts.join(' & ')})`;
  }
  // Adjacent words; a stop word inside a phrase keeps its place ("rule of five" → rule <2> five).
  let out = '';
  let gap = 0;
  for (const w of term.words) {
    const q = wordQuery(w, stemmed);
    if (q === null) {
      if (out) gap++;
      continue;
    }
    out = out ? `${out} <${gap + 1}> ${q}` : q;
    gap = 0;
  }
  return out ? `(${out})` : null;
}

export interface CompiledClause {
  text: string;
  query: string;
  /** Typed words, for spelling. */
  words: string[];
  /** The lexemes of the query, for its rarity. */
  lexemes: ClauseLexemes;
}

function compileClause(clause: Clause, stemmed: Map<string, string | null>): CompiledClause | null {
  const parts = [...new Set(clause.alternatives.map((t) => termQuery(t, stemmed)).filter((p) => p !== null))];
  if (parts.length === 0) return null;
  return {
    text: clause.text,
    query: parts.length === 1 ? (parts[0] as string) : `(${parts.join(' | ')})`,
    words: clause.alternatives[0]?.words ?? [],
    lexemes: clause.alternatives.map((t) =>
      t.words.map((w) => wordLexemes(w, stemmed)).filter((lexemes) => lexemes.length > 0),
    ),
  };
}

export interface Compiled {
  clauses: CompiledClause[];
  /** `& !(…)` for excluded terms, or ''. */
  exclusion: string;
  syntax: boolean;
  /** Normalised keys that make a best bet: the query, and each synonym when the query is one dictionary term. */
  bestBetKeys: string[];
}

export async function compile(db: DbOrTx, parsed: ParsedQuery, q: string): Promise<Compiled> {
  const allWords = [
    ...parsed.clauses.flatMap((c) => c.alternatives.flatMap((t) => t.words)),
    ...parsed.excluded.flatMap((t) => t.words),
  ];
  const stemmed = await stems(db, allWords);
  const clauses = parsed.clauses.map((c) => compileClause(c, stemmed)).filter((c): c is CompiledClause => c !== null);
  const excluded = parsed.excluded.map((t) => termQuery(t, stemmed)).filter((p): p is string => p !== null);
  const bestBetKeys = new Set<string>([normalizeKey(q)]);
  if (parsed.clauses.length === 1) {
    for (const t of parsed.clauses[0]?.alternatives ?? []) bestBetKeys.add(normalizeKey(t.words.join(' ')));
  }
  bestBetKeys.delete('');
  return {
    clauses,
    exclusion: excluded.length ? ` & !(${excluded.join(' | ')})` : '',
    syntax: parsed.syntax,
    bestBetKeys: [...bestBetKeys],
  };
}

/** A tsquery's phrases as plain conjunctions ('a' <-> 'b' → 'a' & 'b'); quoted lexemes are left as they are. */
export function withoutPhrases(query: string): string {
  return query.replace(/'(?:[^']|'')*'|<(?:\d+|-)>/g, (m) => (m.startsWith("'") ? m : '&'));
}

/** Distinct lexemes in a clause's tsquery text. */
export function operandCount(query: string): number {
  return new Set(query.match(/'(?:[^']|'')*'/g) ?? []).size || 1;
}
