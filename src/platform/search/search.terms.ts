import { sql } from 'drizzle-orm';
import { textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { Lru } from './lru';

/**
 * Rarity of a query's words (docs/decisions/049). A search used to count, for every clause, the documents matching
 * it (up to 2,000 rows each): a third of the time of a plain-language question. Now the counts per lexeme are index
 * statistics in `search_terms`, rebuilt in the background after the index changes, and a clause's count is worked
 * out from its lexemes' counts. A lexeme missing from the table (rare, or newer than the last refresh) is counted at
 * query time, which is cheap for a rare word; counts are capped there.
 */

/** A clause as lexemes: any of its alternatives (terms), each every one of its words, each word any of its lexemes. */
export type ClauseLexemes = string[][][];

export const TERM_STATISTICS = {
  /** Lexemes in fewer documents than this are not stored: counting them at query time reads a handful of rows. */
  storedFrom: 5,
  /** Query-time counts stop here (as the old per-clause counts did). */
  countCap: 2000,
  /**
   * A clause that can match at most this many documents is counted exactly (cheap: few rows); a commoner one is
   * estimated from its lexemes, where an error weighs little (a common word's weight is small either way).
   */
  exactBelow: 300,
  /** Documents read per statement while refreshing: each statement stays short on the embedded database. */
  chunk: 500,
  /** Lexemes written per statement. */
  writeChunk: 5000,
} as const;

/** Query-time counts (of lexemes the table lacks, and of rare clauses): query work, forgotten with a query's answers. */
const liveCounts = new Lru<string, { n: number; at: number }>(20_000);
const clauseCounts = new Lru<string, { n: number; at: number }>(5_000);
const LIVE_TTL_MS = 5 * 60_000;

export function forgetLiveTermCounts(): void {
  liveCounts.clear();
  clauseCounts.clear();
}

/**
 * Documents matching each clause (tsquery text and lexemes), out of `total`: counted exactly when the clause is
 * rare enough (at most TERM_STATISTICS.exactBelow documents by its lexemes' counts), else estimated.
 */
export async function clauseFrequencies(
  db: DbOrTx,
  clauses: ReadonlyArray<{ query: string; lexemes: ClauseLexemes }>,
  total: number,
): Promise<number[]> {
  const counts = await lexemeFrequencies(
    db,
    clauses.flatMap((c) => c.lexemes.flat(2)),
  );
  const now = Date.now();
  const exact = new Map<string, number>();
  const toCount = new Set<string>();
  for (const c of clauses) {
    if (clauseUpperBound(c.lexemes, counts, total) > TERM_STATISTICS.exactBelow) continue;
    const cached = clauseCounts.get(c.query);
    if (cached && now - cached.at < LIVE_TTL_MS) exact.set(c.query, cached.n);
    else toCount.add(c.query);
  }
  if (toCount.size) {
    const rows = rowsOf<{ q: string; n: number }>(
      await db.execute(sql`
        select q, (select count(*) from (select 1 from search_documents d where d.fts @@ q::tsquery
          limit ${TERM_STATISTICS.exactBelow + 1}) x)::int as n
        from unnest(${textArray([...toCount])}) as q`),
    );
    for (const r of rows) {
      exact.set(r.q, Number(r.n));
      clauseCounts.set(r.q, { n: Number(r.n), at: now });
    }
  }
  return clauses.map((c) => exact.get(c.query) ?? clauseFrequency(c.lexemes, counts, total));
}

/** Documents holding each lexeme: from the statistics, else counted now (capped). */
export async function lexemeFrequencies(db: DbOrTx, lexemes: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(lexemes)];
  if (unique.length === 0) return out;
  const stored = rowsOf<{ lexeme: string; documents: number }>(
    await db.execute(sql`select lexeme, documents from search_terms where lexeme = any(${textArray(unique)})`),
  );
  for (const r of stored) out.set(r.lexeme, Number(r.documents));
  const now = Date.now();
  const missing = unique.filter((l) => {
    if (out.has(l)) return false;
    const cached = liveCounts.get(l);
    if (cached && now - cached.at < LIVE_TTL_MS) {
      out.set(l, cached.n);
      return false;
    }
    return true;
  });
  if (missing.length) {
    // One lexeme as a tsquery: quoted, so its text is never read as operators.
    const counted = rowsOf<{ l: string; n: number }>(
      await db.execute(sql`
        select l, (select count(*) from (select 1 from search_documents d
          where d.fts @@ (quote_literal(l))::tsquery limit ${TERM_STATISTICS.countCap}) x)::int as n
        from unnest(${textArray(missing)}) as l`),
    );
    for (const r of counted) {
      out.set(r.l, Number(r.n));
      liveCounts.set(r.l, { n: Number(r.n), at: now });
    }
  }
  return out;
}

/**
 * A clause's document count from its lexemes' counts, out of `total` documents: alternatives and a word's lexemes
 * as independent events (their union), a term's words by the rarest (every word must be there, so at most that many).
 */
export function clauseFrequency(clause: ClauseLexemes, counts: ReadonlyMap<string, number>, total: number): number {
  if (total <= 0) return 0;
  const anyOf = (fractions: number[]) => 1 - fractions.reduce((miss, p) => miss * (1 - Math.min(1, p)), 1);
  const term = (words: string[][]) =>
    Math.min(...words.map((lexemes) => anyOf(lexemes.map((l) => (counts.get(l) ?? 0) / total))));
  const fraction = anyOf(clause.filter((t) => t.length > 0).map(term));
  return Math.round(Math.min(1, Math.max(0, fraction)) * total);
}

/** At most how many documents a clause can match: a word's lexemes and a clause's alternatives added up. */
export function clauseUpperBound(clause: ClauseLexemes, counts: ReadonlyMap<string, number>, total: number): number {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const term = (words: string[][]) => Math.min(...words.map((lexemes) => sum(lexemes.map((l) => counts.get(l) ?? 0))));
  return Math.min(total, sum(clause.filter((t) => t.length > 0).map(term)));
}

// ---------------------------------------------------------------------------------------------------------------
// Refreshing the statistics

export interface TermRefreshResult {
  refreshed: boolean;
  documents: number;
  lexemes: number;
}

/** Which refresh is current and the index version it counted (none yet: refresh 0, version -1). */
async function lastRefresh(db: DbOrTx): Promise<{ refresh: number; indexVersion: number }> {
  const row = rowsOf<{ refresh: number; index_version: number | string }>(
    await db.execute(sql`select refresh, index_version from search_term_refreshes where id = 1`),
  )[0];
  return row
    ? { refresh: Number(row.refresh), indexVersion: Number(row.index_version) }
    : { refresh: 0, indexVersion: -1 };
}

async function indexVersion(db: DbOrTx): Promise<number> {
  const row = rowsOf<{ v: number | string | null }>(
    await db.execute(sql`select version as v from search_state where id = 1`),
  )[0];
  return Number(row?.v ?? 0);
}

/**
 * Count every lexeme of the index again, a chunk of documents per statement (with a pause between, so the embedded
 * database answers requests meanwhile), then write the counts in chunks and drop what the previous refresh wrote.
 * Does nothing when the index has not changed since the last refresh (unless `force`). Two processes on one server
 * may both count; the write takes an advisory lock, and the later finished refresh wins.
 */
export async function refreshTermStatistics(
  db: DbOrTx,
  options: { force?: boolean; stopped?: () => boolean; pauseMs?: number } = {},
): Promise<TermRefreshResult> {
  const version = await indexVersion(db);
  const last = await lastRefresh(db);
  if (!options.force && last.indexVersion === version) return { refreshed: false, documents: 0, lexemes: 0 };
  const pause = options.pauseMs ?? 10;
  const counts = new Map<string, number>();
  let documents = 0;
  let after = 0;
  for (;;) {
    if (options.stopped?.()) return { refreshed: false, documents: 0, lexemes: 0 };
    const range = rowsOf<{ upto: number | string | null; n: number }>(
      await db.execute(sql`
        select max(id) as upto, count(*)::int as n
        from (select id from search_documents where id > ${after} order by id limit ${TERM_STATISTICS.chunk}) c`),
    )[0];
    if (!range?.upto) break;
    const upto = Number(range.upto);
    // ts_stat reads a query text: the bounds are integers this function produced, never input.
    const inner = `select fts from search_documents where id > ${Math.trunc(after)} and id <= ${Math.trunc(upto)} and fts is not null`;
    const rows = rowsOf<{ word: string; ndoc: number }>(
      await db.execute(sql`select word, ndoc from ts_stat(${inner})`),
    );
    for (const r of rows) counts.set(r.word, (counts.get(r.word) ?? 0) + Number(r.ndoc));
    documents += Number(range.n);
    after = upto;
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  const kept = [...counts].filter(([, n]) => n >= TERM_STATISTICS.storedFrom);
  const refresh = last.refresh + 1;
  for (let i = 0; i < kept.length; i += TERM_STATISTICS.writeChunk) {
    if (options.stopped?.()) return { refreshed: false, documents: 0, lexemes: 0 };
    const part = kept.slice(i, i + TERM_STATISTICS.writeChunk);
    await db.execute(sql`
      insert into search_terms (lexeme, documents, refresh)
      select l, n, ${refresh} from unnest(${textArray(part.map(([l]) => l))}, ${textArray(part.map(([, n]) => String(n)))}::int[]) as t(l, n)
      on conflict (lexeme) do update set documents = excluded.documents, refresh = excluded.refresh`);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('search_term_refreshes'))`);
    // Another process finished a later refresh meanwhile: its counts stand.
    if ((await lastRefresh(tx)).refresh >= refresh) return;
    await tx.execute(sql`delete from search_terms where refresh <> ${refresh}`);
    await tx.execute(sql`
      insert into search_term_refreshes (id, refresh, index_version, documents, finished_at)
      values (1, ${refresh}, ${version}, ${documents}, now())
      on conflict (id) do update set refresh = excluded.refresh, index_version = excluded.index_version,
        documents = excluded.documents, finished_at = excluded.finished_at`);
  });
  return { refreshed: true, documents, lexemes: kept.length };
}
