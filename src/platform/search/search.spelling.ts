import { sql } from 'drizzle-orm';
import { textArray } from '../db/arrays';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { editDistance, FILLER_WORDS, fold, isAcronym, soundKey } from './query';
import { fileSynonyms, type SynonymDictionary } from './synonyms';

/** "Did you mean": corrections from the index's own vocabulary (search_words). */

/** Words stop counting towards spelling frequency here: frequent words are then left alone on re-index. */
export const WORD_FREQUENCY_CAP = 1000;

interface WordRow {
  word: string;
  frequency: number;
}

/** Candidates per word by trigram similarity and by sound, from the index's own vocabulary: one statement for all. */
async function spellingCandidates(db: DbOrTx, words: readonly string[]): Promise<Map<string, WordRow[]>> {
  // pg_trgm's % looks cheap to the planner, so on a small vocabulary it reads every word rather than use the
  // trigram index: rule the sequential scan out here.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local pg_trgm.similarity_threshold = 0.25`);
    // A statement per word: each then uses the trigram index for its own word (one statement over all of them
    // planned worse and took twice as long).
    const found: Array<WordRow & { typed: string }> = [];
    for (const typed of words) {
      const candidates = rowsOf<WordRow>(
        await tx.execute(sql`
          (select word, frequency from search_words where word % ${typed} order by similarity(word, ${typed}) desc limit 30)
          union
          (select word, frequency from search_words where sound = ${soundKey(typed)} limit 30)`),
      );
      for (const c of candidates) found.push({ ...c, typed });
    }
    return found;
  });
  const out = new Map<string, WordRow[]>(words.map((w) => [w, []]));
  for (const r of rows) out.get(r.typed)?.push({ word: r.word, frequency: Number(r.frequency) });
  return out;
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
  // A known word is replaced only by a neighbour KNOWN_WORD_RATIO times as frequent: a word already that common
  // (frequencies stop at WORD_FREQUENCY_CAP) can have none, so its neighbours are not looked up.
  const checked = words.filter((w) => (known.get(w) ?? 0) * KNOWN_WORD_RATIO <= WORD_FREQUENCY_CAP).slice(0, 8);
  if (checked.length === 0) return undefined;
  const candidates = await spellingCandidates(db, checked);
  for (const word of checked) {
    const best = pickCorrection(word, candidates.get(word) ?? [], known.get(word));
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
