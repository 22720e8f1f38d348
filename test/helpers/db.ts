import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import type { Database } from '../../src/platform/db/database';
import { openPglite, openPostgres } from '../../src/platform/db/open';

/** Which engine the suite runs on: the same tests run on both. */
export const engine: 'pglite' | 'postgres' = inject('postgresTemplateUrl') ? 'postgres' : 'pglite';

/**
 * A fresh, migrated, empty database: PGlite loaded from the template dump, or
 * a new database on the PostgreSQL server copied from the template.
 */
export async function createTestDatabase(): Promise<Database> {
  const templateUrl = inject('postgresTemplateUrl');
  if (templateUrl) {
    const url = new URL(templateUrl);
    const template = url.pathname.slice(1);
    const name = `ill_test_${randomBytes(6).toString('hex')}`;
    const adminUrl = new URL(templateUrl);
    adminUrl.pathname = '/postgres';
    const admin = await openPostgres(adminUrl.toString());
    const pool = (admin.db as unknown as { $client: import('pg').Pool }).$client;
    await pool.query(`create database ${name} template ${template}`);
    await admin.close();
    url.pathname = `/${name}`;
    const database = await openPostgres(url.toString());
    const close = database.close.bind(database);
    database.close = async () => {
      await close();
      const again = await openPostgres(adminUrl.toString());
      const p = (again.db as unknown as { $client: import('pg').Pool }).$client;
      await p.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await again.close();
    };
    (database as Database & { url?: string }).url = url.toString();
    return database;
  }
  const file = inject('pgliteTemplate');
  const blob = new Blob([fs.readFileSync(file)]);
  return openPglite(undefined, { loadDataDir: blob });
}
