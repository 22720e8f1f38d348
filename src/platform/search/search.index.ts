import { type SQL, sql } from 'drizzle-orm';
import { textArray } from '../db/arrays';
import type { Database, DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { acronymsOf, fold, soundKey, titleKeys } from './query';
import { WORD_FREQUENCY_CAP } from './search.spelling';

/**
 * The one index: documents written by every feature in its own transaction, the spelling vocabulary, and the index
 * version that cached answers must match.
 */

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

/** The index version and the dictionary revision: what a cached result page must match. */
export async function stampOf(db: DbOrTx): Promise<{ stamp: string; revisionId: number | null }> {
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
