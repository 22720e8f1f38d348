import { type SQL, sql } from 'drizzle-orm';
import { intArray, textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { isCuratedKind } from './kinds';
import { type Compiled, withoutPhrases } from './search.compile';
import { SEARCH_LIMITS, type SearchQuery } from './search.types';

/** Candidates for a query, drawn and scored in one statement, and their ranking (docs/decisions/040, 049). */

export function filters(query: SearchQuery, withKind = true): SQL {
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

export interface CandidateRow {
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
export async function candidates(
  db: DbOrTx,
  query: SearchQuery,
  compiled: Compiled,
  match: string,
  perClause: boolean,
  scored: readonly number[] = [],
  counted = true,
  /** For `perClause`: which clauses draw candidates (default all); every clause is scored either way. */
  drawing?: readonly boolean[],
): Promise<{ rows: CandidateRow[]; drawn: number; total: number; facets: Map<string, number> }> {
  const where = filters(query);
  const whereNoKind = filters(query, false);
  const clauseQueries = compiled.clauses.map((c) => c.query);
  // The match query is read through a CTE, so the planner cannot see how common its words are and always takes the
  // index (a scan stopping at the limit would take whichever rows it read first). The clause queries of the scoring
  // are constants of the statement: parsed once, not once per candidate row.
  const bodyDraws = clauseQueries.filter((_cq, i) => drawing?.[i] ?? true).length || 1;
  const draw = perClause
    ? sql.join(
        clauseQueries.flatMap((cq, i) => [
          headDraw(cq, cq + compiled.exclusion, where, 60),
          ...((drawing?.[i] ?? true)
            ? [
                sql`(select id from search_documents where fts @@ ${cq + compiled.exclusion}::tsquery ${where} limit ${Math.ceil(SEARCH_LIMITS.candidates / bodyDraws)})`,
              ]
            : []),
        ]),
        sql` union `,
      )
    : sql`${headDraw(match, match, where, SEARCH_LIMITS.candidates / 2)}
        union (select id from matches where kind_ok limit ${SEARCH_LIMITS.candidates})`;
  const done = scored.length ? sql`d.id = any(${intArray(scored, 'bigint')})` : sql`false`;
  const clauseList = (item: (cq: string) => SQL, separator: SQL) => sql.join(clauseQueries.map(item), separator);
  // One row comes back, the candidates as lines of text: hundreds of rows of arrays cost more to send and parse
  // than to score (docs/decisions/049).
  const rows = rowsOf<{
    lines: string | null;
    total: number;
    facet_kinds: string[] | null;
    facet_counts: number[] | null;
  }>(
    await db.execute(sql`
      with q as (select ${match}::tsquery as query),
      matches as materialized (
        select id, kind, coalesce(group_key, 'doc:' || id) as grp, ${query.kind ? sql`kind = ${query.kind}` : sql`true`} as kind_ok
        from search_documents, q where ${counted ? sql`true` : sql`false`} and fts @@ q.query ${whereNoKind}
        limit ${SEARCH_LIMITS.facetCap + 1}
      ),
      -- Counted as the list shows them: the posts of one thread (one group key) once.
      facets as (select array_agg(kind order by n desc) as kinds, array_agg(n order by n desc) as counts
        from (select kind, count(distinct grp)::int as n from matches group by kind) f),
      cand as (${draw}),
      scored as (
        select concat_ws(E'\t', d.id, d.kind, coalesce(d.group_key, ''), d.quality, d.best::int, d.done::int,
          case when d.done then '' else concat_ws(',', ${clauseList((cq) => sql`ts_rank(${RANK_WEIGHTS}::float4[], d.fts, ${cq}::tsquery, 0)`, sql`, `)}) end,
          case when d.done then '' else concat(${clauseList((cq) => sql`(d.head_tsv @@ ${cq}::tsquery)::int`, sql`, `)}) end,
          case when d.done then '' else concat(${clauseList((cq) => sql`(d.fts @@ ${cq}::tsquery)::int`, sql`, `)}) end) as line
        -- The ranking vector is read (and decompressed) once per candidate, not once per clause and use.
        from (select d.id, d.kind, d.group_key, d.quality, d.title_keys && ${textArray(compiled.bestBetKeys)} as best,
            ${done} as done, case when ${done} then null else d.head_tsv end as head_tsv,
            case when ${done} then null else d.fts || ''::tsvector end as fts
          from search_documents d join cand c on c.id = d.id offset 0) d
      )
      select (select string_agg(line, E'\n') from scored) as lines,
        (select count(distinct grp) from matches where kind_ok)::int as total,
        (select kinds from facets) as facet_kinds, (select counts from facets) as facet_counts`),
  );
  const first = rows[0];
  const facets = new Map<string, number>();
  for (const [i, k] of (first?.facet_kinds ?? []).entries()) facets.set(k, Number(first?.facet_counts?.[i] ?? 0));
  const drawn = first?.lines ? first.lines.split('\n').map(candidateLine) : [];
  return {
    rows: drawn.filter((r) => !r.done),
    drawn: drawn.length,
    total: Number(first?.total ?? 0),
    facets,
  };
}

/**
 * Candidates whose title or aliases hold the query. A phrase is checked in the title vector only after the index
 * found the rows holding all its words, and every such row's vector had to be fetched: hundreds of rows for a title
 * phrase of common words. So the index is asked for the words and the document for the whole query (its ranking
 * vector is in the row just read); scoring checks the phrase in the title.
 */
function headDraw(query: string, full: string, where: SQL, limit: number): SQL {
  const loose = withoutPhrases(query);
  if (loose === query)
    return sql`(select id from search_documents where head_tsv @@ ${query}::tsquery ${where} limit ${limit})`;
  return sql`(select id from search_documents where head_tsv @@ ${loose}::tsquery and fts @@ ${full}::tsquery ${where} limit ${limit})`;
}

/** One candidate as the statement above writes it: tab-separated fields, ranks comma-separated, flags as 0/1. */
function candidateLine(line: string): CandidateRow & { done: boolean } {
  const [id, kind, groupKey, quality, best, done, ranks, heads, hits] = line.split('\t');
  const flags = (text: string | undefined) => [...(text ?? '')].map((c) => c === '1');
  return {
    id: Number(id),
    kind: kind ?? '',
    group_key: groupKey ? groupKey : null,
    quality: Number(quality) || 0,
    best: best === '1',
    done: done === '1',
    ranks: ranks ? ranks.split(',').map(Number) : [],
    heads: flags(heads),
    hits: flags(hits),
  };
}

/**
 * In the any-words pass, a clause in more than about 30 % of documents (rarity weight under DRAW_MIN_IDF) draws
 * candidates by title only, unless it is the rarest: a page holding only common words of a question ("says",
 * "book") has too little of it to rank, so drawing such pages by their body was wasted work (docs/decisions/049).
 */
const DRAW_MIN_IDF = 1.2;

export function drawingClauses(idf: readonly number[]): boolean[] {
  const top = Math.max(...idf);
  return idf.map((w) => w >= DRAW_MIN_IDF || w === top);
}

export interface Ranked {
  id: number;
  kind: string;
  groupKey: string | null;
  score: number;
  best: boolean;
}

export function rank(rows: CandidateRow[], idf: number[], relaxed: boolean, operands: number[]): Ranked[] {
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
