import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { Lru } from './lru';
import { normalizeKey } from './query';
import { lexeme, stems, wordQuery } from './search.compile';
import { stampOf } from './search.index';
import { SEARCH_LIMITS } from './search.types';

/** As you type: title suggestions. */

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
  const startsWith = `${typed.replace(/[\\%_]/g, '\\$&')}%`;
  // Two bounded draws of three times the limit (a common prefix is in thousands of titles, and each row read is a
  // page): titles starting with the typed text, through the prefix index, and titles holding every word; then one
  // per group (a thread), its shortest title (the opening post's), those starting with the text first.
  const rows = rowsOf<TitleSuggestion>(
    await db.execute(sql`
      with drawn as (
        (select id from search_documents where lower(title) like ${startsWith} and ${visible} limit ${limit * 3})
        union
        (select id from search_documents where head_tsv @@ ${tsq}::tsquery and ${visible} limit ${limit * 3})
      )
      select title, url, kind from (
        select d.title, d.url, d.kind, d.id, lower(d.title) like ${startsWith} as starts,
          row_number() over (partition by coalesce(d.group_key, 'doc:' || d.id) order by length(d.title), d.id) as nth
        from search_documents d join drawn on drawn.id = d.id
      ) s where nth = 1
      order by starts desc, length(title), id
      limit ${limit}`),
  );
  const list = rows.map(({ title, url, kind }) => ({ title, url, kind }));
  suggestCache.set(key, { stamp, list });
  return list;
}

export function forgetTitleSuggestions(): void {
  suggestCache.clear();
}
