/**
 * The US Public Libraries Survey's interlibrary loan figures as a public reference dataset (docs/decisions/045):
 * read from content/reports/reference/pls-ill.csv once per database at seed (a version key in app_state), only the
 * columns the reference page uses, bounded in bytes and rows. A hub may replace the file with a full PLS year.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import { runOnce } from '../../platform/db/app-state';
import type { Db } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { insertReferenceRows, type ReferenceRow } from './reports.peers.repository';

/** Raise the version when a release ships a new reference file. */
export const REFERENCE_SEED_KEY = 'reports.reference.pls.v1';
export const REFERENCE_LIMITS = { maxBytes: 32 * 1024 * 1024, maxRows: 20_000 } as const;

const COLUMNS = {
  year: ['fiscal_year', 'year', 'plsyear'],
  state: ['state', 'stabr'],
  fscsKey: ['fscskey', 'fscs_id'],
  name: ['libname', 'library_name'],
  population: ['popu_lsa', 'service_area_population', 'popu'],
  loansTo: ['loanto', 'loans_to'],
  loansFrom: ['loanfm', 'loans_from'],
} as const;

const count = (v: string | undefined) => {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  // PLS marks missing values with negative codes (-1, -3, -9).
  return Number.isInteger(n) && n >= 0 ? n : null;
};

/** The file's rows, only the columns used; a row without year, state or key is skipped. */
export async function readReferenceFile(file: string): Promise<ReferenceRow[]> {
  const stat = await fs.stat(file);
  if (stat.size > REFERENCE_LIMITS.maxBytes)
    throw new Error(`${file} is larger than ${REFERENCE_LIMITS.maxBytes} bytes`);
  const rows: ReferenceRow[] = [];
  let index: Partial<Record<keyof typeof COLUMNS, number>> | undefined;
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!index) {
      const headers = record.map((h) => h.trim().toLowerCase());
      index = {};
      for (const [field, names] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, readonly string[]]>) {
        const i = headers.findIndex((h) => names.includes(h));
        if (i >= 0) index[field] = i;
      }
      continue;
    }
    const at = (f: keyof typeof COLUMNS) => (index![f] === undefined ? undefined : record[index![f]!]);
    const year = Number(at('year'));
    const state = at('state')?.trim().toUpperCase();
    const fscsKey = at('fscsKey')?.trim();
    if (!Number.isInteger(year) || !state || !fscsKey) continue;
    rows.push({
      year,
      state: state.slice(0, 4),
      fscsKey: fscsKey.slice(0, 20),
      name: (at('name') ?? '').trim().slice(0, 200),
      population: count(at('population')),
      loansTo: count(at('loansTo')),
      loansFrom: count(at('loansFrom')),
    });
    if (rows.length >= REFERENCE_LIMITS.maxRows) {
      parser.destroy();
      break;
    }
  }
  return rows;
}

export const referenceFile = (contentDir: string) => path.join(contentDir, 'reports', 'reference', 'pls-ill.csv');

/** Once per database: the reference file into its table. Returns the rows loaded, or null when it had run. */
export async function seedReference(db: Db, contentDir: string, now: Date): Promise<number | null> {
  const file = referenceFile(contentDir);
  const rows = await fs
    .access(file)
    .then(() => readReferenceFile(file))
    .catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
  let loaded: number | null = null;
  await runOnce(db, REFERENCE_SEED_KEY, now, async (tx) => {
    await insertReferenceRows(tx, rows);
    loaded = rows.length;
  });
  return loaded;
}

export async function seedReports(deps: Deps): Promise<void> {
  const loaded = await seedReference(deps.database.db, deps.config.contentDir, deps.clock.now());
  if (loaded !== null) deps.logger.info(`PLS reference data loaded (${loaded} libraries and years)`);
}
