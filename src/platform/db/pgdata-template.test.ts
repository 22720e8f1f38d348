import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import { type Database, rowsOf } from './database';
import { migrateDatabase, openPglite } from './open';
import { extractTemplate, pgliteVersion, tarDirectory, templateFile, unpackTemplate } from './pgdata-template';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-pgdata-template-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What initdb chose that the hub's queries depend on: encoding, collation, text search, time zone. */
async function clusterSettings(database: Database) {
  const rows = rowsOf<{ name: string; setting: string }>(
    await database.db.execute(sql`select name, setting from pg_settings
      where name in ('server_encoding', 'lc_collate', 'lc_ctype', 'default_text_search_config', 'TimeZone', 'DateStyle', 'data_checksums')
      order by name`),
  );
  const sorted = rowsOf<{ w: string }>(
    await database.db.execute(
      sql`select string_agg(w, ' ' order by w) as w from unnest(array['b', 'B', 'a', 'é', 'Z']) as w`,
    ),
  );
  return { settings: rows, sorted: sorted[0]?.w };
}

describe('the shipped data-directory template', () => {
  it('exists for the installed PGlite (after an upgrade, run npx tsx scripts/pglite-template.ts)', () => {
    expect(fs.existsSync(templateFile()), `no ${path.basename(templateFile())} for PGlite ${pgliteVersion()}`).toBe(
      true,
    );
  });

  it('becomes a database that migrates and behaves as one PGlite initialised itself', async () => {
    const dataPath = path.join(work, 'fresh', 'pgdata');
    expect(await unpackTemplate(dataPath)).toBe(true);
    expect(fs.existsSync(path.join(dataPath, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(`${dataPath}.unpacking`)).toBe(false);
    const fromTemplate = await openPglite(dataPath);
    const fromInitdb = await createTestDatabase();
    try {
      await migrateDatabase(fromTemplate);
      const migrations = rowsOf<{ n: number }>(
        await fromTemplate.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      );
      expect(migrations[0]?.n).toBeGreaterThan(0);
      if (fromInitdb.kind === 'pglite')
        expect(await clusterSettings(fromTemplate)).toEqual(await clusterSettings(fromInitdb));
    } finally {
      await fromTemplate.close();
      await fromInitdb.close();
    }
  }, 60_000);

  it('never touches a data directory that already has files', async () => {
    const dataPath = path.join(work, 'existing', 'pgdata');
    fs.mkdirSync(dataPath, { recursive: true });
    fs.writeFileSync(path.join(dataPath, 'keep.txt'), 'mine');
    expect(await unpackTemplate(dataPath)).toBe(false);
    expect(fs.readdirSync(dataPath)).toEqual(['keep.txt']);
  });

  it('leaves the directory to PGlite when there is no template for this version', async () => {
    const dataPath = path.join(work, 'no-template', 'pgdata');
    expect(await unpackTemplate(dataPath, path.join(work, 'pglite-0.0.0.tar.br'))).toBe(false);
    expect(fs.existsSync(dataPath)).toBe(false);
  });

  it('unpacks exactly the files the script packed, nested directories included', async () => {
    const source = path.join(work, 'tree');
    fs.mkdirSync(path.join(source, 'base', '5'), { recursive: true });
    fs.writeFileSync(path.join(source, 'PG_VERSION'), '17\n');
    fs.writeFileSync(path.join(source, 'base', '5', 'big'), Buffer.alloc(3 * 1024 * 1024 + 7, 0x61));
    fs.writeFileSync(path.join(source, 'base', '5', 'empty'), '');
    fs.mkdirSync(path.join(source, 'pg_tblspc'));
    const file = path.join(work, 'tree.tar.br');
    fs.writeFileSync(file, zlib.brotliCompressSync(tarDirectory(source)));
    const target = path.join(work, 'tree-copy');
    await extractTemplate(file, target);
    expect(fs.readFileSync(path.join(target, 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(
      fs
        .readFileSync(path.join(target, 'base', '5', 'big'))
        .equals(fs.readFileSync(path.join(source, 'base', '5', 'big'))),
    ).toBe(true);
    expect(fs.statSync(path.join(target, 'base', '5', 'empty')).size).toBe(0);
    expect(fs.statSync(path.join(target, 'pg_tblspc')).isDirectory()).toBe(true);
  });
});
