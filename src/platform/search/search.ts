import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { intArray, textArray } from '../db/arrays';
import type { Database, DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { isCuratedKind, kindLabel } from './kinds';
import {
  acronymsOf,
  type Clause,
  editDistance,
  FILLER_WORDS,
  fold,
  isAcronym,
  normalizeKey,
  type ParsedQuery,
  parseQuery,
  soundKey,
  type Term,
  titleKeys,
} from './query';
import { expandQuery, fileSynonyms, parseSynonyms, type SynonymDictionary } from './synonyms';

export interface SearchDocumentInput {
  kind: string;
  refId: string;
  url: string;
  title: string;
  summary: string;
  /** Plain text (not Markdown or HTML). */
  body: string;
  topics: string[];
  docType: string;
  audience: string | null;
  keywords: string[];
  updatedAt: Date;
  /** 'members': returned only when the viewer is a signed-in member (default 'public'). */
  visibility?: 'public' | 'members';
  /** Hits sharing a group key collapse to the best one (e.g. `thread:<id>` for every post of a thread). */
  groupKey?: string | null;
  /** "Also known as": an exact alias match counts like an exact title match. */
  aliases?: string[];
  /** Section headings, weighted above body text. */
  headings?: string[];
  /** 0..1: an answered (0.5) or accepted (1) thread ranks above an unanswered one at equal relevance. */
  quality?: number;
}

const WORD_SOURCE_CHARS = 4000;
/** Words stop counting towards spelling frequency here: frequent words are then left alone on re-index. */
const WORD_FREQUENCY_CAP = 1000;

export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/\p{L}[\p{L}'’-]{2,29}/gu)) {
    const word = match[0].replace(/['’-]+$/, '');
    if (word.length >= 3) words.add(word);
  }
  return [...words];
}

/** A tsvector literal of unstemmed upper-case acronym lexemes, weighted where they appear. */
function acronymVector(parts: Array<[string, 'A' | 'B' | 'C']>): string {
  const seen = new Map<string, string>();
  for (const [text, weight] of parts) for (const a of acronymsOf(text)) if (!seen.has(a)) seen.set(a, weight);
  return [...seen].map(([a, w]) => `'${a}':1${w}`).join(' ');
}

/** Add or replace one document, in the caller's transaction. */
export async function indexDocument(db: DbOrTx, doc: SearchDocumentInput): Promise<void> {
  await indexDocuments(db, [doc]);
}

/** Documents per statement when indexing in batch (about 20 bound values each). */
const INDEX_BATCH = 200;

/** The VALUES row of one document (search_documents' columns, in the order the insert names them). */
function documentRow(doc: SearchDocumentInput): { row: SQL; words: string[] } {
  const aliases = (doc.aliases ?? []).filter((a) => a.trim()).slice(0, 20);
  const headings = (doc.headings ?? []).join(' \n ').slice(0, 4000);
  const head = fold(`${doc.title} \n ${aliases.join(' \n ')}`);
  const middle = fold(`${headings} \n ${doc.summary} \n ${doc.keywords.join(' ')}`);
  const body = fold(doc.body);
  const headAcronyms = acronymVector([[head, 'A']]);
  const allAcronyms = acronymVector([
    [head, 'A'],
    [middle, 'B'],
    [body, 'C'],
  ]);
  const row = sql`(${doc.kind}, ${doc.refId}, ${doc.url}, ${doc.title}, ${doc.summary}, ${doc.body},
      ${textArray(doc.topics)}, ${doc.docType}, ${doc.audience}, ${doc.keywords.join(' ')}, ${doc.updatedAt.toISOString()}::timestamptz,
      ${textArray(aliases)}, ${headings}, ${doc.visibility ?? 'public'}, ${doc.groupKey ?? null}, ${doc.quality ?? 0}::real,
      ${textArray(titleKeys(doc.title, aliases))},
      setweight(to_tsvector('english', ${head}), 'A') || setweight(to_tsvector('english', ${middle}), 'B')
        || setweight(to_tsvector('english', ${body}), 'C') || ${allAcronyms}::tsvector,
      to_tsvector('english', ${head}) || ${headAcronyms}::tsvector)`;
  const words = wordsOf(
    fold(
      `${doc.title} ${aliases.join(' ')} ${doc.summary} ${doc.keywords.join(' ')} ${doc.body.slice(0, WORD_SOURCE_CHARS)}`,
    ),
  );
  return { row, words };
}

/**
 * Add or replace many documents, in the caller's transaction (an import of hundreds of entries): the same
 * documents and spelling words as `indexDocument` for each, in a few statements and one version bump. When a batch
 * names one document twice, the later copy is kept (as indexing them one by one would).
 */
export async function indexDocuments(db: DbOrTx, docs: readonly SearchDocumentInput[]): Promise<void> {
  if (docs.length === 0) return;
  const latest = new Map<string, SearchDocumentInput>();
  for (const doc of docs) {
    const key = `${doc.kind}\u0000${doc.refId}`;
    latest.delete(key);
    latest.set(key, doc);
  }
  const unique = [...latest.values()];
  // A word counts once per document that holds it (as one call per document would count it).
  const wordCounts = new Map<string, number>();
  for (let i = 0; i < unique.length; i += INDEX_BATCH) {
    const rows = unique.slice(i, i + INDEX_BATCH).map(documentRow);
    for (const r of rows) for (const w of r.words) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    await db.execute(sql`
    insert into search_documents (kind, ref_id, url, title, summary, body, topics, doc_type, audience, keywords, updated_at,
      aliases, headings, visibility, group_key, quality, title_keys, fts, head_tsv)
    values ${sql.join(
      rows.map((r) => r.row),
      sql`, `,
    )}
    on conflict (kind, ref_id) do update set
      url = excluded.url, title = excluded.title, summary = excluded.summary, body = excluded.body,
      topics = excluded.topics, doc_type = excluded.doc_type, audience = excluded.audience,
      keywords = excluded.keywords, updated_at = excluded.updated_at, aliases = excluded.aliases,
      headings = excluded.headings, visibility = excluded.visibility, group_key = excluded.group_key,
      quality = excluded.quality, title_keys = excluded.title_keys, fts = excluded.fts, head_tsv = excluded.head_tsv`);
  }
  if (wordCounts.size > 0) {
    const words = [...wordCounts.keys()];
    // A new word starts at its count; a known one gains it, stopping at the cap (one call per document would
    // add one at a time and stop there too).
    await db.execute(sql`
      insert into search_words (word, sound, frequency)
      select w, s, least(n, ${WORD_FREQUENCY_CAP}) from unnest(${textArray(words)}, ${textArray(words.map(soundKey))},
        ${textArray(words.map((w) => String(wordCounts.get(w) ?? 1)))}::int[]) as t(w, s, n)
      on conflict (word) do update set
        frequency = least(search_words.frequency + excluded.frequency, ${WORD_FREQUENCY_CAP}), sound = excluded.sound
      where search_words.frequency < ${WORD_FREQUENCY_CAP}`);
  }
  await bumpVersion(db);
}

export async function removeDocument(db: DbOrTx, kind: string, refId: string): Promise<void> {
  await db.execute(sql`delete from search_documents where kind = ${kind} and ref_id = ${refId}`);
  await bumpVersion(db);
}

export const SEARCH_CHANNEL = 'search_index';

/**
 * In the caller's transaction: the version row (read by processes that do not listen) and a NOTIFY, delivered on
 * commit to every process sharing the database. This process forgets its cached pages at once as well; a search
 * that runs before the commit may cache old results again, but the notice on commit drops them.
 */
async function bumpVersion(db: DbOrTx): Promise<void> {
  generation++;
  await db.execute(sql`
    with bumped as (
      insert into search_state (id, version) values (1, 1) on conflict (id) do update set version = search_state.version + 1
      returning 1
    )
    select pg_notify(${SEARCH_CHANNEL}, ''), (select count(*) from bumped)`);
}

/** Tell every process the index or the dictionary changed (in the caller's transaction). */
export async function markSearchChanged(db: DbOrTx): Promise<void> {
  await bumpVersion(db);
}

/** Cache generation: bumped by every change this process makes and every notice of a change anywhere. */
let generation = 0;
let watching = 0;
let revisionAt: { generation: number; revisionId: number | null } | undefined;

/**
 * Listen for index changes (the hub does, at start): cached result pages then cost no query at all. Without it,
 * each search reads the index version first (one small query).
 */
export async function watchSearchIndex(database: Database): Promise<() => Promise<void>> {
  const unlisten = await database.listen(SEARCH_CHANNEL, () => {
    generation++;
  });
  watching++;
  generation++;
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    watching--;
    generation++;
    await unlisten();
  };
}

export const SEARCH_LIMITS = {
  query: 200,
  pageSize: 20,
  maxPage: 50,
  candidates: 400,
  countCap: 1000,
  /** Fewer strict matches than this and the any-words pass runs too. */
  handful: 5,
  /** Facet counts stop here. */
  facetCap: 1000,
} as const;

export interface SearchQuery {
  q: string;
  topic?: string | undefined;
  type?: string | undefined;
  audience?: string | undefined;
  kind?: string | undefined;
  page?: number;
  pageSize?: number;
  /** Who asks: 'members' documents are returned only to members (default 'anonymous'). */
  viewer?: 'anonymous' | 'member';
  /** "Search for … anyway": no spelling correction. */
  exact?: boolean;
  /** Documents left out (e.g. articles written for other libraries, "Show what applies to me"). */
  exclude?: Array<{ kinds: string[]; refIds: string[] }> | undefined;
}

/** A snippet as plain segments: views wrap the hits in <mark>, so no HTML crosses this boundary. */
export type Snippet = Array<{ text: string; hit: boolean }>;

export interface SearchHit {
  kind: string;
  refId: string;
  url: string;
  title: string;
  summary: string;
  /** Never empty: the matching passage, else the summary or the start of the body. */
  snippet: Snippet;
  topics: string[];
  docType: string;
  audience: string | null;
  updatedAt: Date;
  groupKey?: string | null;
}

export interface SearchFacet {
  kind: string;
  label: string;
  count: number;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  total: number;
  /** More matches exist than were counted. */
  totalCapped: boolean;
  page: number;
  pageCount: number;
  /** A corrected query offered as "Did you mean …?". */
  suggestion: string | undefined;
  /** When the original query found nothing and the suggestion was searched instead. */
  correctedFrom: string | undefined;
  /** The query held only words too common to search on ("the", "and"). */
  onlyStopWords: boolean;
  /** Counts per kind for the same query without the kind filter (capped). */
  facets: SearchFacet[];
  /** An exact title, alias or acronym match, shown as a card above the list (it is also the first hit). */
  bestBet: SearchHit | undefined;
  /** The any-words pass was used (the all-words pass found fewer than a handful). */
  relaxed: boolean;
}

const START = '\u0001';
const STOP = '\u0002';

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

function filters(query: SearchQuery, withKind = true): SQL {
  const parts: SQL[] = [];
  if (query.viewer !== 'member') parts.push(sql`visibility = 'public'`);
  if (query.topic) parts.push(sql`topics @> array[${query.topic}]::text[]`);
  if (query.type) parts.push(sql`doc_type = ${query.type}`);
  if (query.audience) parts.push(sql`audience = ${query.audience}`);
  if (withKind && query.kind) parts.push(sql`kind = ${query.kind}`);
  for (const ex of query.exclude ?? []) {
    if (ex.refIds.length === 0 || ex.kinds.length === 0) continue;
    parts.push(sql`not (kind = any(${textArray(ex.kinds)}) and ref_id = any(${textArray(ex.refIds)}))`);
  }
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-process caches. Stems never change; document frequencies drift slowly (a short life is enough); result pages
// are valid for one index version (search_state, bumped in every indexing transaction) and dictionary revision.

class Lru<K, V> {
  private map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
  clear(): void {
    this.map.clear();
  }
}

const stemCache = new Lru<string, string | null>(20_000);
const dfCache = new Lru<string, { df: number; at: number }>(5_000);
const resultCache = new Lru<string, { stamp: string; result: SearchResult }>(500);
const DF_TTL_MS = 5 * 60_000;
let corpusSize: { n: number; at: number } | undefined;
let dbDictionary: { id: number; dictionary: SynonymDictionary } | undefined;

/**
 * Forget what depends on the query (result pages, suggestions, word frequencies), keeping what every query shares
 * (the dictionary, the corpus size): the bench's "a query never asked before".
 */
export function forgetSearchAnswers(): void {
  resultCache.clear();
  suggestCache.clear();
  dfCache.clear();
}

/** Forget every cached result (tests that swap databases in one process). */
export function clearSearchCaches(): void {
  forgetSearchAnswers();
  corpusSize = undefined;
  dbDictionary = undefined;
}

/** English stems of words (null: a stop word), through Postgres's own stemmer, cached. */
async function stems(db: DbOrTx, words: string[]): Promise<Map<string, string | null>> {
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

function lexeme(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** One word as tsquery text: acronyms match their unstemmed upper-case lexeme (and the stem only when unchanged). */
function wordQuery(word: string, stemmed: Map<string, string | null>): string | null {
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

interface CompiledClause {
  text: string;
  query: string;
  /** Typed words, for spelling. */
  words: string[];
}

function compileClause(clause: Clause, stemmed: Map<string, string | null>): CompiledClause | null {
  const parts = [...new Set(clause.alternatives.map((t) => termQuery(t, stemmed)).filter((p) => p !== null))];
  if (parts.length === 0) return null;
  return {
    text: clause.text,
    query: parts.length === 1 ? (parts[0] as string) : `(${parts.join(' | ')})`,
    words: clause.alternatives[0]?.words ?? [],
  };
}

interface Compiled {
  clauses: CompiledClause[];
  /** `& !(…)` for excluded terms, or ''. */
  exclusion: string;
  syntax: boolean;
  /** Normalised keys that make a best bet: the query, and each synonym when the query is one dictionary term. */
  bestBetKeys: string[];
}

async function compile(db: DbOrTx, parsed: ParsedQuery, q: string): Promise<Compiled> {
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

/** The index version and the dictionary revision: what a cached result page must match. */
async function stampOf(db: DbOrTx): Promise<{ stamp: string; revisionId: number | null }> {
  if (watching > 0) {
    const current = generation;
    if (revisionAt?.generation !== current) {
      const r = rowsOf<{ r: number | string | null }>(
        await db.execute(sql`select max(id) as r from search_synonym_revisions`),
      )[0];
      revisionAt = { generation: current, revisionId: r?.r == null ? null : Number(r.r) };
    }
    return { stamp: `g${current}:${revisionAt.revisionId ?? 'file'}`, revisionId: revisionAt.revisionId };
  }
  const row = rowsOf<{ v: number | string | null; r: number | string | null }>(
    await db.execute(
      sql`select (select version from search_state where id = 1) as v, (select max(id) from search_synonym_revisions) as r`,
    ),
  )[0];
  const revisionId = row?.r == null ? null : Number(row.r);
  return { stamp: `${row?.v ?? 0}:${revisionId ?? 'file'}`, revisionId };
}

/**
 * What every cached search answer must match: the index version and the dictionary revision (changes with every
 * document indexed or removed, and every dictionary edit). One small query, none when the process listens.
 */
export async function searchIndexStamp(db: DbOrTx): Promise<string> {
  return (await stampOf(db)).stamp;
}

/** Documents that match each clause (capped), for rarity weights. */
async function documentFrequencies(db: DbOrTx, queries: string[]): Promise<number[]> {
  const now = Date.now();
  const missing = queries.filter((q) => {
    const c = dfCache.get(q);
    return !c || now - c.at > DF_TTL_MS;
  });
  if (missing.length) {
    const rows = rowsOf<{ q: string; n: number }>(
      await db.execute(sql`
        select q, (select count(*) from (select 1 from search_documents d where d.fts @@ q::tsquery limit 2000) x)::int as n
        from unnest(${textArray(missing)}) as q`),
    );
    for (const r of rows) dfCache.set(r.q, { df: Number(r.n), at: now });
  }
  if (!corpusSize || now - corpusSize.at > DF_TTL_MS) {
    const n = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from search_documents`))[0];
    corpusSize = { n: Number(n?.n ?? 0), at: now };
  }
  return queries.map((q) => dfCache.get(q)?.df ?? 0);
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
      select kind, ref_id, url, title, summary, '' as headline, left(body, 300) as excerpt, topics, doc_type, audience,
        updated_at, group_key
      from search_documents where true ${where}
      order by updated_at desc, id desc limit ${pageSize} offset ${(page - 1) * pageSize}`),
  );
  return {
    ...emptyResult('', page),
    hits: rows.map(toHit),
    total: Math.min(n, SEARCH_LIMITS.countCap),
    totalCapped: n > SEARCH_LIMITS.countCap,
    pageCount: Math.max(1, Math.ceil(Math.min(n, SEARCH_LIMITS.countCap) / pageSize)),
  };
}

interface CandidateRow {
  id: number;
  kind: string;
  group_key: string | null;
  quality: number;
  best: boolean;
  ranks: number[];
  heads: boolean[];
  hits: boolean[];
}

/** Weights of ts_rank, in its order {D, C, B, A}: body C, headings/summary B, title and aliases A. */
const RANK_WEIGHTS = '{0.05, 0.2, 0.45, 1.0}';

/**
 * Score and collect candidates for one boolean query; `perClause` draws candidates clause by clause (relaxed).
 * Documents in `scored` (another pass's rows: a document scores the same in every pass) are drawn and counted in
 * `drawn` but not scored again (their vector is not even read). The statement keeps its shape either way: which rows
 * each limited draw takes depends on the plan.
 */
async function candidates(
  db: DbOrTx,
  query: SearchQuery,
  compiled: Compiled,
  match: string,
  perClause: boolean,
  scored: readonly number[] = [],
): Promise<{ rows: CandidateRow[]; drawn: number; total: number; facets: Map<string, number> }> {
  const where = filters(query);
  const whereNoKind = filters(query, false);
  const clauseQueries = compiled.clauses.map((c) => c.query);
  // The match query is read through a CTE, so the planner cannot see how common its words are and always takes the
  // index (a scan stopping at the limit would take whichever rows it read first). The clause queries of the scoring
  // are constants of the statement: parsed once, not once per candidate row.
  const draw = perClause
    ? sql.join(
        clauseQueries.map(
          (cq) =>
            sql`(select id from search_documents where head_tsv @@ ${cq}::tsquery ${where} limit 60) union (select id from search_documents where fts @@ ${cq + compiled.exclusion}::tsquery ${where} limit ${Math.ceil(SEARCH_LIMITS.candidates / clauseQueries.length)})`,
        ),
        sql` union `,
      )
    : sql`(select id from search_documents, q where head_tsv @@ q.query ${where} limit ${SEARCH_LIMITS.candidates / 2})
        union (select id from matches where kind_ok limit ${SEARCH_LIMITS.candidates})`;
  const done = scored.length ? sql`d.id = any(${intArray(scored, 'bigint')})` : sql`false`;
  const perClauseArray = (item: (cq: string) => SQL) => sql`array[${sql.join(clauseQueries.map(item), sql`, `)}]`;
  const rows = rowsOf<
    CandidateRow & { done: boolean; total: number; facet_kinds: string[] | null; facet_counts: number[] | null }
  >(
    await db.execute(sql`
      with q as (select ${match}::tsquery as query),
      matches as materialized (
        select id, kind, coalesce(group_key, 'doc:' || id) as grp, ${query.kind ? sql`kind = ${query.kind}` : sql`true`} as kind_ok
        from search_documents, q where fts @@ q.query ${whereNoKind} limit ${SEARCH_LIMITS.facetCap + 1}
      ),
      -- Counted as the list shows them: the posts of one thread (one group key) once.
      facets as (select array_agg(kind order by n desc) as kinds, array_agg(n order by n desc) as counts
        from (select kind, count(distinct grp)::int as n from matches group by kind) f),
      cand as (${draw}),
      scored as (
        select d.id, d.kind, d.group_key, d.quality, d.best, d.done,
          ${perClauseArray((cq) => sql`ts_rank(${RANK_WEIGHTS}::float4[], d.fts, ${cq}::tsquery, 0)`)} as ranks,
          ${perClauseArray((cq) => sql`d.head_tsv @@ ${cq}::tsquery`)} as heads,
          ${perClauseArray((cq) => sql`d.fts @@ ${cq}::tsquery`)} as hits
        -- The ranking vector is read (and decompressed) once per candidate, not once per clause and use.
        from (select d.id, d.kind, d.group_key, d.quality, d.title_keys && ${textArray(compiled.bestBetKeys)} as best,
            ${done} as done, case when ${done} then null else d.head_tsv end as head_tsv,
            case when ${done} then null else d.fts || ''::tsvector end as fts
          from search_documents d join cand c on c.id = d.id offset 0) d
      )
      select s.*, (select count(distinct grp) from matches where kind_ok)::int as total,
        (select kinds from facets) as facet_kinds, (select counts from facets) as facet_counts
      from (select 1) one left join scored s on true`),
  );
  const first = rows[0];
  const facets = new Map<string, number>();
  for (const [i, k] of (first?.facet_kinds ?? []).entries()) facets.set(k, Number(first?.facet_counts?.[i] ?? 0));
  const drawn = rows.filter((r) => r.id !== null);
  return {
    rows: drawn.filter((r) => !r.done),
    drawn: drawn.length,
    total: Number(first?.total ?? 0),
    facets,
  };
}

/** Distinct lexemes in a clause's tsquery text. */
function operandCount(query: string): number {
  return new Set(query.match(/'(?:[^']|'')*'/g) ?? []).size || 1;
}

interface Ranked {
  id: number;
  kind: string;
  groupKey: string | null;
  score: number;
  best: boolean;
}

function rank(rows: CandidateRow[], idf: number[], relaxed: boolean, operands: number[]): Ranked[] {
  const idfSum = idf.reduce((a, b) => a + b, 0) || 1;
  const ranked = rows.map((r) => {
    let text = 0;
    let title = 0;
    let covered = 0;
    idf.forEach((w, i) => {
      // ts_rank divides an OR of alternatives by their number: undo it, so synonyms do not dilute a clause.
      text += w * Math.min(1, Number(r.ranks[i] ?? 0) * (operands[i] ?? 1));
      if (r.heads[i]) title += w;
      if (r.hits[i]) covered += w;
    });
    const coverage = relaxed ? covered / idfSum : 1;
    // Text relevance saturates (ts_rank); title coverage and best bets lift pages about the query;
    // the kind and quality factors only separate near-equals.
    let score = (text / idfSum) * coverage * coverage + 0.5 * (title / idfSum) * coverage + (r.best ? 3 : 0);
    score *= 1 + (isCuratedKind(r.kind) ? 0.15 : 0) + 0.1 * Math.min(1, Math.max(0, Number(r.quality) || 0));
    return { id: Number(r.id), kind: r.kind, groupKey: r.group_key, score, best: r.best };
  });
  ranked.sort((a, b) => b.score - a.score || a.id - b.id);
  const seen = new Set<string>();
  return ranked.filter((r) => {
    if (!r.groupKey) return true;
    if (seen.has(r.groupKey)) return false;
    seen.add(r.groupKey);
    return true;
  });
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
      : await documentFrequencies(
          db,
          compiled.clauses.map((c) => c.query),
        ).then((dfs) => dfs.map((df) => idfOf(df, corpusSize?.n ?? 0)));
  const strictMatch = `(${compiled.clauses.map((c) => c.query).join(' & ')})${compiled.exclusion}`;
  const strict = await candidates(db, query, compiled, strictMatch, false);
  const operands = compiled.clauses.map((c) => operandCount(c.query));
  let ranked = rank(strict.rows, idf, false, operands);
  let total = strict.total;
  let facets = strict.facets;
  let relaxed = false;
  // Plain questions of several words also draw candidates clause by clause: a page about the rarest words that
  // lacks a filler-like one ("next year") competes with pages that hold every word, weighted by coverage. The
  // result is "relaxed" (the page says so) when fewer than a handful hold every word.
  if (compiled.clauses.length > 1 && !compiled.syntax) {
    const anyMatch = `(${compiled.clauses.map((c) => c.query).join(' | ')})${compiled.exclusion}`;
    const loose = await candidates(
      db,
      query,
      compiled,
      anyMatch,
      true,
      strict.rows.map((r) => Number(r.id)),
    );
    if (loose.drawn > strict.rows.length) {
      // One ranking over both passes: pages with every word keep full coverage, the rest are weighted by the
      // rarity of the words they have (a page about the rare words outranks one that happens to hold them all).
      const byId = new Map<number, CandidateRow>();
      for (const r of [...strict.rows, ...loose.rows]) byId.set(Number(r.id), r);
      ranked = rank([...byId.values()], idf, true, operands);
      if (strict.total < SEARCH_LIMITS.handful) {
        relaxed = true;
        total = Math.max(total, loose.total);
        facets = loose.facets;
      }
    }
  }
  if (ranked.length === 0) return { ...base, total: 0, facets: facetList(facets) };
  const pageIds = ranked.slice((page - 1) * pageSize, page * pageSize);
  const highlight = compiled.clauses.map((c) => c.query).join(' | ');
  const hits = await loadHits(db, pageIds, highlight);
  const top = ranked[0];
  const bestBet = top?.best && page === 1 ? hits[0] : undefined;
  const counted = Math.min(total, SEARCH_LIMITS.countCap);
  return {
    ...base,
    hits,
    total: Math.max(counted, Math.min(ranked.length, SEARCH_LIMITS.countCap)),
    totalCapped: total > SEARCH_LIMITS.countCap,
    pageCount: Math.max(1, Math.ceil(Math.min(ranked.length, SEARCH_LIMITS.maxPage * pageSize) / pageSize)),
    facets: facetList(facets),
    bestBet,
    relaxed,
  };
}

function facetList(facets: Map<string, number>): SearchFacet[] {
  return [...facets].map(([kind, count]) => ({ kind, label: kindLabel(kind), count }));
}

/** Rows for the shown hits only, with a snippet from a bounded excerpt (never the whole of a long document). */
async function loadHits(db: DbOrTx, ranked: Ranked[], highlight: string): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const ids = ranked.map((r) => r.id);
  const rows = rowsOf<HitRow & { id: number }>(
    await db.execute(sql`
      select d.id, d.kind, d.ref_id, d.url, d.title, d.summary, d.topics, d.doc_type, d.audience, d.updated_at, d.group_key,
        left(d.body, 300) as excerpt,
        ts_headline('english', left(d.body, ${SNIPPET_SOURCE_CHARS}), ${highlight}::tsquery,
          ${`StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
      from search_documents d where d.id = any(${intArray(ids, 'bigint')})`),
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [toHit(row)];
  });
}

/** The snippet is read from the start of the body only: highlighting stays cheap however long the document. */
const SNIPPET_SOURCE_CHARS = 3000;

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

function plainExcerpt(text: string, max = 240): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))} …`;
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

// ---------------------------------------------------------------------------------------------------------------
// Spelling

interface WordRow {
  word: string;
  frequency: number;
}

/** Candidates by trigram similarity and by sound, from the index's own vocabulary. */
async function spellingCandidates(db: DbOrTx, word: string): Promise<WordRow[]> {
  // pg_trgm's % looks cheap to the planner, so on a small vocabulary it reads every word rather than use the
  // trigram index: rule the sequential scan out here.
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local pg_trgm.similarity_threshold = 0.25`);
    return rowsOf<WordRow>(
      await tx.execute(sql`
        (select word, frequency from search_words where word % ${word} order by similarity(word, ${word}) desc limit 30)
        union
        (select word, frequency from search_words where sound = ${soundKey(word)} limit 30)`),
    );
  });
}

const KNOWN_WORD_RATIO = 50;

/** Prefer close and frequent words; a shared sound counts as most of an edit ("lone" → "loan", not "long"). */
export function pickCorrection(word: string, candidates: WordRow[], ownFrequency: number | undefined): string {
  const sound = soundKey(word);
  const score = (c: WordRow, d: number, sameSound: boolean) =>
    Math.log(1 + Number(c.frequency)) - 3 * Math.max(0, d - (sameSound ? 1.5 : 0));
  let best = word;
  let bestScore = ownFrequency === undefined ? Number.NEGATIVE_INFINITY : Math.log(1 + ownFrequency) + 2;
  for (const c of candidates) {
    if (c.word === word || FILLER_WORDS.has(c.word)) continue;
    // A word the index knows stays unless the neighbour is far more common ("lone" → "loan", not "firm" → "form").
    if (ownFrequency !== undefined && Number(c.frequency) < KNOWN_WORD_RATIO * ownFrequency) continue;
    const sameSound = soundKey(c.word) === sound;
    const d = editDistance(word, c.word, 4);
    if (!(d <= 2 || (sameSound && d <= 4))) continue;
    const s = score(c, d, sameSound);
    if (s > bestScore || (s === bestScore && c.word < best)) {
      best = c.word;
      bestScore = s;
    }
  }
  return best;
}

/**
 * "Did you mean": replace each word by the best candidate of the index's vocabulary (Damerau-Levenshtein ≤ 2, or
 * the same sound, re-ranked by distance and frequency). A known word is replaced only by a much more frequent
 * neighbour. Returns undefined when nothing changes.
 */
export async function suggest(
  db: DbOrTx,
  q: string,
  dictionary: SynonymDictionary = fileSynonyms(),
): Promise<string | undefined> {
  const tokens = fold(q).split(/(\s+)/);
  // Acronyms as typed ("TAT") and words the dictionary knows ("stats") are never "corrected".
  const words = [
    ...new Set(
      tokens
        .filter((t) => !isAcronym(t.replace(/[^\p{L}\p{N}]/gu, '')))
        .map((t) => t.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
        .filter((t) => /^\p{L}{3,30}$/u.test(t) && !FILLER_WORDS.has(t) && !dictionary.byKey.has(t)),
    ),
  ];
  if (words.length === 0) return undefined;
  const known = new Map(
    rowsOf<WordRow>(
      await db.execute(sql`select word, frequency from search_words where word = any(${textArray(words)})`),
    ).map((r) => [r.word, Number(r.frequency)]),
  );
  const replacements = new Map<string, string>();
  for (const word of words.slice(0, 8)) {
    const own = known.get(word);
    const candidates = await spellingCandidates(db, word);
    const best = pickCorrection(word, candidates, own);
    if (best !== word) replacements.set(word, best);
  }
  if (replacements.size === 0) return undefined;
  return tokens
    .map((t) => {
      const core = t.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      const r = replacements.get(core);
      return r ? t.toLowerCase().replace(core, r) : t;
    })
    .join('')
    .trim();
}

// ---------------------------------------------------------------------------------------------------------------
// As you type, and "similar threads and articles"

export interface TitleSuggestion {
  title: string;
  url: string;
  kind: string;
}

const suggestCache = new Lru<string, { stamp: string; list: TitleSuggestion[] }>(2000);

/** Title suggestions for as-you-type: titles starting with the typed text, then titles containing every word. */
export async function suggestTitles(
  db: DbOrTx,
  q: string,
  options: { limit?: number; viewer?: 'anonymous' | 'member' } = {},
): Promise<TitleSuggestion[]> {
  const typed = normalizeKey(q.slice(0, SEARCH_LIMITS.query));
  if (typed.length < 2) return [];
  const limit = Math.min(Math.max(1, options.limit ?? 8), 20);
  const { stamp } = await stampOf(db);
  const key = `${typed}|${limit}|${options.viewer ?? 'anonymous'}`;
  const cached = suggestCache.get(key);
  if (cached && cached.stamp === stamp) return cached.list;
  const visible = options.viewer === 'member' ? sql`true` : sql`visibility = 'public'`;
  const words = typed.split(' ');
  const last = words.at(-1) ?? '';
  const stemmed = await stems(db, words);
  // Every word but the last complete (stemmed), the last a prefix.
  const parts = words.slice(0, -1).map((w) => wordQuery(w, stemmed));
  const lastPrefix = `${lexeme(last.toLowerCase())}:*`;
  const tsq = [...parts.filter((p): p is string => p !== null), lastPrefix].join(' & ');
  const rows = rowsOf<TitleSuggestion & { starts: boolean }>(
    await db.execute(sql`
      select title, url, kind, starts from (
        select title, url, kind, id, lower(title) like ${`${typed.replace(/[\\%_]/g, '\\$&')}%`} as starts,
          -- One suggestion per group (a thread): its shortest title, the opening post's.
          row_number() over (partition by coalesce(group_key, 'doc:' || id) order by length(title), id) as nth
        from search_documents
        where head_tsv @@ ${tsq}::tsquery and ${visible}
        limit 200
      ) s where nth = 1
      order by starts desc, length(title), id
      limit ${limit}`),
  );
  const list = rows.map(({ title, url, kind }) => ({ title, url, kind }));
  suggestCache.set(key, { stamp, list });
  return list;
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
  const dfs = await documentFrequencies(
    db,
    compiled.clauses.map((c) => c.query),
  );
  const idf = dfs.map((df) => idfOf(df, corpusSize?.n ?? 0));
  const anyMatch = `(${compiled.clauses.map((c) => c.query).join(' | ')})`;
  const query: SearchQuery = { q, viewer: options.viewer ?? 'anonymous' };
  const found = await candidates(db, query, compiled, anyMatch, true);
  const kinds = options.kinds;
  const rows = kinds ? found.rows.filter((r) => kinds.includes(r.kind)) : found.rows;
  const operands = compiled.clauses.map((c) => operandCount(c.query));
  const ranked = rank(rows, idf, true, operands).filter((r) => r.score > 0.05);
  return loadHits(db, ranked.slice(0, limit), compiled.clauses.map((c) => c.query).join(' | '));
}
