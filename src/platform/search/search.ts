import { type SQL, sql } from 'drizzle-orm';
import { textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';

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
}

const WORD_SOURCE_CHARS = 4000;

export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/\p{L}[\p{L}'’-]{2,29}/gu)) {
    const word = match[0].replace(/['’-]+$/, '');
    if (word.length >= 3) words.add(word);
  }
  return [...words];
}

/** Add or replace one document, in the caller's transaction. */
export async function indexDocument(db: DbOrTx, doc: SearchDocumentInput): Promise<void> {
  await db.execute(sql`
    insert into search_documents (kind, ref_id, url, title, summary, body, topics, doc_type, audience, keywords, updated_at)
    values (${doc.kind}, ${doc.refId}, ${doc.url}, ${doc.title}, ${doc.summary}, ${doc.body},
      ${textArray(doc.topics)}, ${doc.docType}, ${doc.audience}, ${doc.keywords.join(' ')}, ${doc.updatedAt.toISOString()})
    on conflict (kind, ref_id) do update set
      url = excluded.url, title = excluded.title, summary = excluded.summary, body = excluded.body,
      topics = excluded.topics, doc_type = excluded.doc_type, audience = excluded.audience,
      keywords = excluded.keywords, updated_at = excluded.updated_at`);
  const words = wordsOf(
    `${doc.title} ${doc.summary} ${doc.keywords.join(' ')} ${doc.body.slice(0, WORD_SOURCE_CHARS)}`,
  );
  if (words.length > 0) {
    await db.execute(sql`insert into search_words (word) select unnest(${textArray(words)}) on conflict do nothing`);
  }
}

export async function removeDocument(db: DbOrTx, kind: string, refId: string): Promise<void> {
  await db.execute(sql`delete from search_documents where kind = ${kind} and ref_id = ${refId}`);
}

export const SEARCH_LIMITS = { query: 200, pageSize: 20, maxPage: 50, candidates: 400, countCap: 1000 } as const;

export interface SearchQuery {
  q: string;
  topic?: string | undefined;
  type?: string | undefined;
  audience?: string | undefined;
  kind?: string | undefined;
  page?: number;
  pageSize?: number;
}

/** A snippet as plain segments: views wrap the hits in <mark>, so no HTML crosses this boundary. */
export type Snippet = Array<{ text: string; hit: boolean }>;

export interface SearchHit {
  kind: string;
  refId: string;
  url: string;
  title: string;
  summary: string;
  snippet: Snippet;
  topics: string[];
  docType: string;
  audience: string | null;
  updatedAt: Date;
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

function filters(query: SearchQuery): SQL {
  const parts: SQL[] = [];
  if (query.topic) parts.push(sql`topics @> array[${query.topic}]::text[]`);
  if (query.type) parts.push(sql`doc_type = ${query.type}`);
  if (query.audience) parts.push(sql`audience = ${query.audience}`);
  if (query.kind) parts.push(sql`kind = ${query.kind}`);
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

export async function search(db: DbOrTx, query: SearchQuery): Promise<SearchResult> {
  const q = query.q.trim().slice(0, SEARCH_LIMITS.query);
  const pageSize = query.pageSize ?? SEARCH_LIMITS.pageSize;
  const page = Math.min(Math.max(1, query.page ?? 1), SEARCH_LIMITS.maxPage);
  const result = await runSearch(db, { ...query, q }, page, pageSize);
  if (!q || result.onlyStopWords) return result;
  if (result.total > 2) return result;
  const suggestion = await suggest(db, q);
  if (!suggestion) return result;
  if (result.total === 0) {
    const corrected = await runSearch(db, { ...query, q: suggestion }, page, pageSize);
    if (corrected.total > 0) return { ...corrected, query: suggestion, correctedFrom: q, suggestion: undefined };
    return result;
  }
  return { ...result, suggestion };
}

async function runSearch(db: DbOrTx, query: SearchQuery, page: number, pageSize: number): Promise<SearchResult> {
  const base = {
    query: query.q,
    page,
    suggestion: undefined,
    correctedFrom: undefined,
    onlyStopWords: false,
  };
  const where = filters(query);
  if (!query.q) {
    // No words: browse by the filters, newest first.
    const counted = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from (select 1 from search_documents where true ${where} limit ${SEARCH_LIMITS.countCap + 1}) c`,
      ),
    );
    const n = Number(counted[0]?.n ?? 0);
    const rows = rowsOf<HitRow>(
      await db.execute(sql`
        select kind, ref_id, url, title, summary, '' as headline, topics, doc_type, audience, updated_at
        from search_documents where true ${where}
        order by updated_at desc, id desc limit ${pageSize} offset ${(page - 1) * pageSize}`),
    );
    return {
      ...base,
      hits: rows.map(toHit),
      total: Math.min(n, SEARCH_LIMITS.countCap),
      totalCapped: n > SEARCH_LIMITS.countCap,
      pageCount: Math.max(1, Math.ceil(Math.min(n, SEARCH_LIMITS.countCap) / pageSize)),
    };
  }
  const tsq = sql`websearch_to_tsquery('english', ${query.q})`;
  const nodes = rowsOf<{ n: number }>(await db.execute(sql`select numnode(${tsq})::int as n`));
  if (Number(nodes[0]?.n ?? 0) === 0) {
    return { ...base, hits: [], total: 0, totalCapped: false, pageCount: 1, onlyStopWords: true };
  }
  // One statement counts the matches (up to the cap) and ranks the page:
  // the full-text index is read once for both. Ranking scores every
  // candidate, so a word found in every document would rank the whole corpus;
  // the candidates are capped (each costs about 10 µs to rank on PGlite),
  // taking title matches first so a very common word still brings up the
  // documents that are about it.
  const rows = rowsOf<HitRow & { total: number }>(
    await db.execute(sql`
      with q as (select ${tsq} as query),
      matches as materialized (
        select id from search_documents, q where tsv @@ q.query ${where} limit ${SEARCH_LIMITS.countCap + 1}
      ),
      candidates as (
        (select id from search_documents, q where title_tsv @@ q.query ${where} limit ${SEARCH_LIMITS.candidates / 2})
        union
        (select id from matches limit ${SEARCH_LIMITS.candidates})
      ),
      ranked as (
        select d.id, ts_rank(d.tsv, q.query, 1) + case when d.title_tsv @@ q.query then 1 else 0 end as rank
        from search_documents d join candidates c on c.id = d.id, q
        order by rank desc, d.updated_at desc, d.id
        limit ${pageSize} offset ${(page - 1) * pageSize}
      )
      select t.total, h.* from (select count(*)::int as total from matches) t
      left join lateral (
        select d.kind, d.ref_id, d.url, d.title, d.summary, d.topics, d.doc_type, d.audience, d.updated_at, r.rank, d.id,
          ts_headline('english', left(d.body, 6000), q.query,
            ${`StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
        from ranked r join search_documents d on d.id = r.id, q
      ) h on true
      order by h.rank desc, h.updated_at desc, h.id`),
  );
  const n = Number(rows[0]?.total ?? 0);
  if (n === 0) return { ...base, hits: [], total: 0, totalCapped: false, pageCount: 1 };
  return {
    ...base,
    hits: rows.filter((r) => r.ref_id !== null).map(toHit),
    total: Math.min(n, SEARCH_LIMITS.countCap),
    totalCapped: n > SEARCH_LIMITS.countCap,
    pageCount: Math.max(1, Math.ceil(Math.min(n, SEARCH_LIMITS.countCap) / pageSize)),
  };
}

interface HitRow {
  kind: string;
  ref_id: string;
  url: string;
  title: string;
  summary: string;
  headline: string;
  topics: string[];
  doc_type: string;
  audience: string | null;
  updated_at: string | Date;
}

function toHit(row: HitRow): SearchHit {
  const snippet = parseSnippet(row.headline ?? '');
  return {
    kind: row.kind,
    refId: row.ref_id,
    url: row.url,
    title: row.title,
    summary: row.summary,
    snippet: snippet.some((s) => s.hit) ? snippet : [],
    topics: row.topics ?? [],
    docType: row.doc_type,
    audience: row.audience,
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * "Did you mean": replace each word we have never indexed with the most
 * similar indexed word (pg_trgm). Returns undefined when nothing changes.
 */
export async function suggest(db: DbOrTx, q: string): Promise<string | undefined> {
  const tokens = q.split(/(\s+)/);
  const words = [...new Set(tokens.map((t) => t.toLowerCase()).filter((t) => /^\p{L}{3,30}$/u.test(t)))];
  if (words.length === 0) return undefined;
  const known = new Set(
    rowsOf<{ word: string }>(
      await db.execute(sql`select word from search_words where word = any(${textArray(words)})`),
    ).map((r) => r.word),
  );
  const unknown = words.filter((w) => !known.has(w));
  if (unknown.length === 0) return undefined;
  const replacements = new Map<string, string>();
  // pg_trgm's % looks cheap to the planner, so on a small vocabulary it reads
  // every word (50-200 ms on PGlite, growing with the vocabulary) rather than
  // use the trigram index (about 1 ms): rule the sequential scan out here.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    for (const word of unknown) {
      const best = rowsOf<{ word: string }>(
        await tx.execute(sql`
          select word from search_words where word % ${word}
          order by similarity(word, ${word}) desc, abs(length(word) - ${word.length}), word limit 1`),
      )[0];
      if (best) replacements.set(word, best.word);
    }
  });
  if (replacements.size === 0) return undefined;
  return tokens.map((t) => replacements.get(t.toLowerCase()) ?? t).join('');
}
