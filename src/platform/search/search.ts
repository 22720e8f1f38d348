import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { intArray, textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { kindLabel } from './kinds';
import { Lru } from './lru';
import { normalizeKey, parseQuery } from './query';
import { type Compiled, type CompiledClause, compile, operandCount } from './search.compile';
import { stampOf } from './search.index';
import { SEARCH_LIMITS, type SearchFacet, type SearchHit, type SearchQuery, type SearchResult } from './search.types';
import { type CandidateRow, candidates, drawingClauses, filters, type Ranked, rank } from './search.rank';
import {
  parseSnippet,
  plainExcerpt,
  SNIPPET,
  type Snippet,
  START,
  STOP,
  snippetFinder,
  snippetPrefixes,
  snippetWindow,
} from './search.snippets';
import { suggest } from './search.spelling';
import { forgetTitleSuggestions } from './search.suggest';
import { clauseFrequencies, forgetLiveTermCounts } from './search.terms';
import { expandQuery, fileSynonyms, parseSynonyms, type SynonymDictionary } from './synonyms';

// The search's public face: what features and tests import.
export { withoutPhrases } from './search.compile';
export {
  indexDocument,
  indexDocuments,
  markSearchChanged,
  removeDocument,
  SEARCH_CHANNEL,
  type SearchDocumentInput,
  searchIndexStamp,
  watchSearchIndex,
  wordsOf,
} from './search.index';
export {
  SEARCH_LIMITS,
  type SearchFacet,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from './search.types';
export { parseSnippet, type Snippet, snippetWindow } from './search.snippets';
export { pickCorrection, suggest } from './search.spelling';
export { suggestTitles, type TitleSuggestion } from './search.suggest';

// ---------------------------------------------------------------------------------------------------------------
// Per-process caches. Stems never change; the corpus size drifts slowly (a short life is enough); result pages
// are valid for one index version (search_state, bumped in every indexing transaction) and dictionary revision.

const resultCache = new Lru<string, { stamp: string; result: SearchResult }>(500);
const CORPUS_SIZE_TTL_MS = 5 * 60_000;
let corpusSize: { n: number; at: number } | undefined;
let dbDictionary: { id: number; dictionary: SynonymDictionary } | undefined;

/**
 * Forget what depends on the query (result pages, suggestions, word frequencies), keeping what every query shares
 * (the dictionary, the corpus size): the bench's "a query never asked before".
 */
export function forgetSearchAnswers(): void {
  resultCache.clear();
  forgetTitleSuggestions();
  forgetLiveTermCounts();
}

/** Forget every cached result (tests that swap databases in one process). */
export function clearSearchCaches(): void {
  forgetSearchAnswers();
  corpusSize = undefined;
  dbDictionary = undefined;
}

async function dictionaryFor(db: DbOrTx, revisionId: number | null): Promise<SynonymDictionary> {
  if (revisionId === null) return fileSynonyms();
  if (dbDictionary?.id === revisionId) return dbDictionary.dictionary;
  const row = rowsOf<{ yaml: string }>(
    await db.execute(sql`select yaml from search_synonym_revisions where id = ${revisionId}`),
  )[0];
  let dictionary: SynonymDictionary;
  try {
    dictionary = row ? parseSynonyms(row.yaml) : fileSynonyms();
  } catch {
    // Saved revisions are checked before they are stored; a bad one never stops search.
    dictionary = fileSynonyms();
  }
  dbDictionary = { id: revisionId, dictionary };
  return dictionary;
}

/** Documents that match each clause, for rarity weights: from the index statistics (search.terms.ts). */
async function documentFrequencies(db: DbOrTx, clauses: readonly CompiledClause[]): Promise<number[]> {
  const now = Date.now();
  if (!corpusSize || now - corpusSize.at > CORPUS_SIZE_TTL_MS) {
    const n = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from search_documents`))[0];
    corpusSize = { n: Number(n?.n ?? 0), at: now };
  }
  return clauseFrequencies(db, clauses, corpusSize.n);
}

function idfOf(df: number, n: number): number {
  return Math.log(1 + (Math.max(n, df) - df + 0.5) / (df + 0.5));
}

function emptyResult(query: string, page: number): SearchResult {
  return {
    query,
    hits: [],
    total: 0,
    totalCapped: false,
    page,
    pageCount: 1,
    suggestion: undefined,
    correctedFrom: undefined,
    onlyStopWords: false,
    facets: [],
    bestBet: undefined,
    relaxed: false,
    mixed: false,
  };
}

export async function search(db: DbOrTx, query: SearchQuery): Promise<SearchResult> {
  const q = query.q.trim().slice(0, SEARCH_LIMITS.query);
  const pageSize = Math.min(Math.max(1, query.pageSize ?? SEARCH_LIMITS.pageSize), 100);
  const page = Math.min(Math.max(1, query.page ?? 1), SEARCH_LIMITS.maxPage);
  const { stamp, revisionId } = await stampOf(db);
  const key = JSON.stringify([
    q,
    query.topic ?? '',
    query.type ?? '',
    query.audience ?? '',
    query.kind ?? '',
    query.viewer === 'member' ? 'm' : 'a',
    query.exact ? 1 : 0,
    page,
    pageSize,
    // Hashed: a reader's list of left-out documents may be long.
    query.exclude?.length ? createHash('sha1').update(JSON.stringify(query.exclude)).digest('base64url') : null,
  ]);
  const cached = resultCache.get(key);
  if (cached && cached.stamp === stamp) return cached.result;
  const dictionary = await dictionaryFor(db, revisionId);
  const result = await searchUncached(db, { ...query, q }, page, pageSize, dictionary);
  resultCache.set(key, { stamp, result });
  return result;
}

async function searchUncached(
  db: DbOrTx,
  query: SearchQuery,
  page: number,
  pageSize: number,
  dictionary: SynonymDictionary,
): Promise<SearchResult> {
  const q = query.q;
  if (!q) return browse(db, query, page, pageSize);
  const first = await runQuery(db, query, page, pageSize, dictionary);
  if (first.onlyStopWords || query.exact) return first;
  if (first.total >= 3 && !first.relaxed) return first;
  const suggestion = await suggest(db, q, dictionary);
  if (!suggestion || normalizeKey(suggestion) === normalizeKey(q)) return first;
  if (first.total === 0 || first.relaxed) {
    const corrected = await runQuery(db, { ...query, q: suggestion }, page, pageSize, dictionary);
    if (corrected.total > 0 && (first.total === 0 || !corrected.relaxed)) {
      return { ...corrected, query: suggestion, correctedFrom: q, suggestion: undefined };
    }
  }
  return { ...first, suggestion };
}

async function browse(db: DbOrTx, query: SearchQuery, page: number, pageSize: number): Promise<SearchResult> {
  const where = filters(query);
  const counted = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from (select 1 from search_documents where true ${where} limit ${SEARCH_LIMITS.countCap + 1}) c`,
    ),
  );
  const n = Number(counted[0]?.n ?? 0);
  const rows = rowsOf<HitRow>(
    await db.execute(sql`
      select d.kind, d.ref_id, d.url, d.title, d.summary, '' as headline, left(d.body, 300) as excerpt, d.topics,
        d.doc_type, d.audience, d.updated_at, d.group_key
      -- The page's rows are chosen first: the excerpt is read for them only, not for every row sorted.
      from (select id, updated_at from search_documents where true ${where}
        order by updated_at desc, id desc limit ${pageSize} offset ${(page - 1) * pageSize}) p
      join search_documents d on d.id = p.id
      order by p.updated_at desc, p.id desc`),
  );
  return {
    ...emptyResult('', page),
    hits: rows.map(toHit),
    total: Math.min(n, SEARCH_LIMITS.countCap),
    totalCapped: n > SEARCH_LIMITS.countCap,
    pageCount: Math.max(1, Math.ceil(Math.min(n, SEARCH_LIMITS.countCap) / pageSize)),
  };
}

async function runQuery(
  db: DbOrTx,
  query: SearchQuery,
  page: number,
  pageSize: number,
  dictionary: SynonymDictionary,
): Promise<SearchResult> {
  const base = emptyResult(query.q, page);
  const parsed = expandQuery(parseQuery(query.q), dictionary);
  const compiled = await compile(db, parsed, query.q);
  if (compiled.clauses.length === 0) return { ...base, onlyStopWords: true };
  // Rarity only weighs clauses against each other: with one clause every weight divides out of the score, so the
  // document frequencies (the costliest count of a search) are not looked up.
  const idf =
    compiled.clauses.length === 1
      ? [1]
      : await documentFrequencies(db, compiled.clauses).then((dfs) => dfs.map((df) => idfOf(df, corpusSize?.n ?? 0)));
  const strictMatch = `(${compiled.clauses.map((c) => c.query).join(' & ')})${compiled.exclusion}`;
  const strict = await candidates(db, query, compiled, strictMatch, false);
  const operands = compiled.clauses.map((c) => operandCount(c.query));
  let ranked = rank(strict.rows, idf, false, operands);
  let total = strict.total;
  let facets = strict.facets;
  let relaxed = false;
  let mixed = false;
  // Plain questions of several words also draw candidates clause by clause: a page about the rarest words that
  // lacks a filler-like one ("next year") competes with pages that hold every word, weighted by coverage. The
  // result is "relaxed" (the page says so) when fewer than a handful hold every word. When every candidate slot
  // is already taken by pages holding every word, the pass is skipped.
  if (compiled.clauses.length > 1 && !compiled.syntax && strict.total < SEARCH_LIMITS.candidates) {
    const anyMatch = `(${compiled.clauses.map((c) => c.query).join(' | ')})${compiled.exclusion}`;
    // Its total and facets are shown only when the strict pass found fewer than a handful: not counted otherwise.
    const needCounts = strict.total < SEARCH_LIMITS.handful;
    const loose = await candidates(
      db,
      query,
      compiled,
      anyMatch,
      true,
      strict.rows.map((r) => Number(r.id)),
      needCounts,
      drawingClauses(idf),
    );
    if (loose.drawn > strict.rows.length) {
      // One ranking over both passes: pages with every word keep full coverage, the rest are weighted by the
      // rarity of the words they have (a page about the rare words outranks one that happens to hold them all).
      const byId = new Map<number, CandidateRow>();
      for (const r of [...strict.rows, ...loose.rows]) byId.set(Number(r.id), r);
      ranked = rank([...byId.values()], idf, true, operands);
      if (needCounts) {
        relaxed = true;
        total = Math.max(total, loose.total);
        facets = loose.facets;
      } else {
        mixed = true;
      }
    }
  }
  if (ranked.length === 0) return { ...base, total: 0, facets: facetList(facets) };
  const pageIds = ranked.slice((page - 1) * pageSize, page * pageSize);
  const hits = await loadHits(db, pageIds, compiled);
  const top = ranked[0];
  const bestBet = top?.best && page === 1 ? hits[0] : undefined;
  const counted = Math.min(total, SEARCH_LIMITS.countCap);
  return {
    ...base,
    hits,
    // The count agrees with the facets: pages with every word when others are only mixed in.
    total: mixed ? counted : Math.max(counted, Math.min(ranked.length, SEARCH_LIMITS.countCap)),
    totalCapped: total > SEARCH_LIMITS.countCap,
    pageCount: Math.max(1, Math.ceil(Math.min(ranked.length, SEARCH_LIMITS.maxPage * pageSize) / pageSize)),
    facets: facetList(facets),
    bestBet,
    relaxed,
    mixed,
  };
}

function facetList(facets: Map<string, number>): SearchFacet[] {
  return [...facets].map(([kind, count]) => ({ kind, label: kindLabel(kind), count }));
}

/**
 * Rows for the shown hits only. The snippet is highlighted in a short window of the body (SNIPPET.window
 * characters), starting a little before the first place a query word appears in its first SNIPPET.searched
 * characters: highlighting costs the same however long the document, and the passage is the one that matches.
 */
async function loadHits(db: DbOrTx, ranked: Ranked[], compiled: Compiled): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const ids = ranked.map((r) => r.id);
  const rows = rowsOf<Omit<HitRow, 'headline'> & { id: number; searched: string }>(
    await db.execute(sql`
      select d.id, d.kind, d.ref_id, d.url, d.title, d.summary, d.topics, d.doc_type, d.audience, d.updated_at, d.group_key,
        left(d.body, 300) as excerpt, left(d.body, ${SNIPPET.searched}) as searched
      from search_documents d where d.id = any(${intArray(ids, 'bigint')})`),
  );
  const found = snippetFinder(snippetPrefixes(compiled.clauses.flatMap((c) => c.lexemes.flat(2))));
  const windows = rows.map((r) => snippetWindow(r.searched, found));
  const highlight = compiled.clauses.map((c) => c.query).join(' | ');
  const headlines = rowsOf<{ headline: string }>(
    await db.execute(sql`
      select ts_headline('english', w, ${highlight}::tsquery,
          ${`StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
      from unnest(${textArray(windows)}) with ordinality as t(w, n) order by n`),
  );
  const byId = new Map(rows.map((r, i) => [Number(r.id), { ...r, headline: headlines[i]?.headline ?? '' }]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [toHit(row)];
  });
}

interface HitRow {
  kind: string;
  ref_id: string;
  url: string;
  title: string;
  summary: string;
  headline: string;
  excerpt: string;
  topics: string[];
  doc_type: string;
  audience: string | null;
  updated_at: string | Date;
  group_key?: string | null;
}

function toHit(row: HitRow): SearchHit {
  const parsed = parseSnippet(row.headline ?? '');
  const fallback = plainExcerpt(row.summary || row.excerpt || row.title);
  const snippet: Snippet = parsed.some((s) => s.hit) ? parsed : [{ text: fallback || row.title, hit: false }];
  return {
    kind: row.kind,
    refId: row.ref_id,
    url: row.url,
    title: row.title,
    summary: row.summary,
    snippet,
    topics: row.topics ?? [],
    docType: row.doc_type,
    audience: row.audience,
    updatedAt: new Date(row.updated_at),
    groupKey: row.group_key ?? null,
  };
}

/** Documents like a piece of text (a new thread's title): the any-words pass, rarest words weighted most. */
export async function similarDocuments(
  db: DbOrTx,
  text: string,
  options: { kinds?: string[]; limit?: number; viewer?: 'anonymous' | 'member' } = {},
): Promise<SearchHit[]> {
  const limit = Math.min(Math.max(1, options.limit ?? 5), 20);
  const q = text.trim().slice(0, SEARCH_LIMITS.query);
  if (!q) return [];
  const dictionary = await dictionaryFor(db, (await stampOf(db)).revisionId);
  const parsed = expandQuery(parseQuery(q.replace(/["-]/g, ' ')), dictionary);
  const compiled = await compile(db, parsed, q);
  if (compiled.clauses.length === 0) return [];
  const dfs = await documentFrequencies(db, compiled.clauses);
  const idf = dfs.map((df) => idfOf(df, corpusSize?.n ?? 0));
  const anyMatch = `(${compiled.clauses.map((c) => c.query).join(' | ')})`;
  const query: SearchQuery = { q, viewer: options.viewer ?? 'anonymous' };
  const found = await candidates(db, query, compiled, anyMatch, true, [], false);
  const kinds = options.kinds;
  const rows = kinds ? found.rows.filter((r) => kinds.includes(r.kind)) : found.rows;
  const operands = compiled.clauses.map((c) => operandCount(c.query));
  const ranked = rank(rows, idf, true, operands).filter((r) => r.score > 0.05);
  return loadHits(db, ranked.slice(0, limit), compiled);
}
