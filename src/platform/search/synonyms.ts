import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { type DbOrTx, rowsOf } from '../db/database';
import { APP_ROOT } from '../app-root';
import { type Clause, isAcronym, normalizeKey, type ParsedQuery, type Term, wordsIn } from './query';

/**
 * The synonym and acronym dictionary: content (`content/search/synonyms.yaml`), editable in the hub (each save a
 * revision in search_synonym_revisions). Each entry is a set of terms that mean the same thing to a searcher,
 * applied at query time in both directions.
 */
export interface SynonymEntry {
  terms: string[];
  /** Where the equivalence comes from, or why it is here. */
  source: string;
  /** The glossary term these are "also known as" names of (its slug). */
  glossary?: string;
}

export interface SynonymDictionary {
  entries: SynonymEntry[];
  /** Normalised term → the entries it belongs to. */
  byKey: Map<string, number[]>;
  /** Longest term in words (bounds the phrase lookup). */
  maxWords: number;
}

export const DEFAULT_SYNONYMS_FILE = path.join(APP_ROOT, 'content', 'search', 'synonyms.yaml');

export const SYNONYM_LIMITS = { entries: 2000, termsPerEntry: 12, termLength: 80, yamlBytes: 200_000 } as const;

export class SynonymError extends Error {
  constructor(readonly problems: string[]) {
    super(`synonyms: ${problems.join('; ')}`);
  }
}

/** Parse and check the YAML (a list under `synonyms:`); throws SynonymError listing every problem. */
export function parseSynonyms(yaml: string): SynonymDictionary {
  if (yaml.length > SYNONYM_LIMITS.yamlBytes) throw new SynonymError(['the dictionary is too long']);
  let raw: unknown;
  try {
    raw = parse(yaml);
  } catch (error) {
    throw new SynonymError([`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const list = (raw as { synonyms?: unknown } | null)?.synonyms;
  if (!Array.isArray(list)) throw new SynonymError(['expected a list under "synonyms:"']);
  const problems: string[] = [];
  const entries: SynonymEntry[] = [];
  list.slice(0, SYNONYM_LIMITS.entries).forEach((item, i) => {
    const e = item as { terms?: unknown; source?: unknown; reason?: unknown; glossary?: unknown };
    const terms = Array.isArray(e?.terms) ? e.terms.filter((t): t is string => typeof t === 'string') : [];
    const source = typeof e?.source === 'string' ? e.source : typeof e?.reason === 'string' ? e.reason : '';
    if (terms.length < 2) problems.push(`entry ${i + 1}: needs at least two terms`);
    else if (terms.length > SYNONYM_LIMITS.termsPerEntry) problems.push(`entry ${i + 1}: too many terms`);
    else if (terms.some((t) => !normalizeKey(t) || t.length > SYNONYM_LIMITS.termLength))
      problems.push(`entry ${i + 1}: a term is empty or too long`);
    else if (!source.trim()) problems.push(`entry ${i + 1} (${terms[0]}): give a source or a reason`);
    else entries.push({ terms, source, ...(typeof e.glossary === 'string' ? { glossary: e.glossary } : {}) });
  });
  if (list.length > SYNONYM_LIMITS.entries) problems.push(`at most ${SYNONYM_LIMITS.entries} entries`);
  if (problems.length) throw new SynonymError(problems);
  return buildDictionary(entries);
}

export function buildDictionary(entries: SynonymEntry[]): SynonymDictionary {
  const byKey = new Map<string, number[]>();
  let maxWords = 1;
  entries.forEach((entry, i) => {
    for (const term of entry.terms) {
      const key = normalizeKey(term);
      const list = byKey.get(key) ?? [];
      if (!list.includes(i)) list.push(i);
      byKey.set(key, list);
      maxWords = Math.max(maxWords, key.split(' ').length);
    }
  });
  return { entries, byKey, maxWords: Math.min(maxWords, 6) };
}

let fileDictionary: { file: string; dictionary: SynonymDictionary } | undefined;

/** The dictionary shipped as content, read once per process. */
export function fileSynonyms(file = DEFAULT_SYNONYMS_FILE): SynonymDictionary {
  if (fileDictionary?.file === file) return fileDictionary.dictionary;
  const dictionary = fs.existsSync(file) ? parseSynonyms(fs.readFileSync(file, 'utf8')) : buildDictionary([]);
  fileDictionary = { file, dictionary };
  return dictionary;
}

/** "Also known as" names of a glossary term (by its slug), from the dictionary shipped as content. */
export function glossaryAliases(slug: string, dictionary = fileSynonyms()): string[] {
  return dictionary.entries.filter((e) => e.glossary === slug).flatMap((e) => e.terms);
}

/** A dictionary term as a search term: acronyms keep their case (matched unstemmed), phrases stay adjacent. */
function termOf(text: string): Term {
  const words = wordsIn(text).map((w) => (isAcronym(w) ? w : w.toLowerCase()));
  return { words, phrase: words.length > 1 };
}

function sameTerm(a: Term, b: Term): boolean {
  return a.words.join(' ').toLowerCase() === b.words.join(' ').toLowerCase();
}

/** The terms equivalent to a normalised key (itself excluded), or undefined when the dictionary has none. */
export function synonymsOf(dictionary: SynonymDictionary, key: string): Term[] | undefined {
  const ids = dictionary.byKey.get(key);
  if (!ids) return undefined;
  const out: Term[] = [];
  for (const id of ids) {
    for (const t of dictionary.entries[id]?.terms ?? []) {
      const term = termOf(t);
      if (term.words.length && !out.some((o) => sameTerm(o, term))) out.push(term);
    }
  }
  return out;
}

/**
 * Apply the dictionary to a parsed query: the longest run of consecutive plain clauses that is a dictionary term
 * becomes one clause whose alternatives are every equivalent term (and the typed words, in any order).
 * Quoted phrases are left as typed.
 */
export function expandQuery(parsed: ParsedQuery, dictionary: SynonymDictionary): ParsedQuery {
  if (dictionary.entries.length === 0) return parsed;
  const out: Clause[] = [];
  const clauses = parsed.clauses;
  const plain = (c: Clause | undefined) => c !== undefined && c.alternatives.length === 1 && !c.quoted;
  let i = 0;
  while (i < clauses.length) {
    let matched = false;
    for (let n = Math.min(dictionary.maxWords, clauses.length - i); n >= 1; n--) {
      const run = clauses.slice(i, i + n);
      if (!run.every(plain)) continue;
      const words = run.flatMap((c) => c.alternatives[0]?.words ?? []);
      const key = words.join(' ').toLowerCase();
      const synonyms = synonymsOf(dictionary, key);
      if (!synonyms) continue;
      const typed: Term = { words, phrase: false };
      const alternatives = [typed, ...synonyms.filter((s) => !sameTerm(s, typed))];
      out.push({ alternatives, text: run.map((c) => c.text).join(' ') });
      i += n;
      matched = true;
      break;
    }
    if (!matched) {
      out.push(clauses[i] as Clause);
      i++;
    }
  }
  return { ...parsed, clauses: out };
}

export interface SynonymRevision {
  id: number;
  yaml: string;
  note: string;
  authorId: number | null;
  createdAt: Date;
}

interface RevisionRow {
  id: number | string;
  yaml: string;
  note: string;
  author_id: number | string | null;
  created_at: string | Date;
}

const toRevision = (r: RevisionRow): SynonymRevision => ({
  id: Number(r.id),
  yaml: r.yaml,
  note: r.note,
  authorId: r.author_id === null ? null : Number(r.author_id),
  createdAt: new Date(r.created_at),
});

/** The dictionary's text as it applies now: the newest saved revision, else the shipped file. */
export async function currentSynonymsYaml(db: DbOrTx, file = DEFAULT_SYNONYMS_FILE): Promise<string> {
  const row = rowsOf<{ yaml: string }>(
    await db.execute(sql`select yaml from search_synonym_revisions order by id desc limit 1`),
  )[0];
  return row?.yaml ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : 'synonyms: []\n');
}

/** The newest revisions, newest first (text included only for the one asked for by id). */
export async function listSynonymRevisions(db: DbOrTx, limit = 50): Promise<Omit<SynonymRevision, 'yaml'>[]> {
  return rowsOf<RevisionRow>(
    await db.execute(
      sql`select id, '' as yaml, note, author_id, created_at from search_synonym_revisions order by id desc limit ${limit}`,
    ),
  ).map(toRevision);
}

export async function findSynonymRevision(db: DbOrTx, id: number): Promise<SynonymRevision | undefined> {
  const row = rowsOf<RevisionRow>(
    await db.execute(sql`select id, yaml, note, author_id, created_at from search_synonym_revisions where id = ${id}`),
  )[0];
  return row ? toRevision(row) : undefined;
}

/** Store a checked dictionary as the newest revision, in the caller's transaction (search applies it on commit). */
export async function insertSynonymRevision(
  db: DbOrTx,
  input: { yaml: string; note: string; authorId: number | null; now: Date },
): Promise<number> {
  parseSynonyms(input.yaml);
  const row = rowsOf<{ id: number | string }>(
    await db.execute(sql`
      insert into search_synonym_revisions (yaml, note, author_id, created_at)
      values (${input.yaml}, ${input.note}, ${input.authorId}, ${input.now.toISOString()}) returning id`),
  )[0];
  return Number(row?.id);
}
