import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/platform/db/database';
import { createTestDatabase, engine } from './db';
import { type HubProcess, spawnHub } from './process';

export interface TwoHubs {
  /** The fresh PostgreSQL database both processes use (a clone of the migrated template). */
  database: Database & { url?: string };
  a: HubProcess;
  b: HubProcess;
  /** Their shared DATA_DIR (mail written as .eml files lands in its mail/ folder). */
  dataDir: string;
}

/**
 * Two hub processes on one fresh PostgreSQL database, for this file: started together before its tests (migrations
 * and starter content must cope with a concurrent twin), stopped after them, each expected to shut down cleanly.
 * Read the fields in hooks and tests (they are set once both answer).
 */
export function useTwoHubs(name: string): TwoHubs {
  const hubs = {} as TwoHubs;
  beforeAll(async () => {
    if (engine !== 'postgres') throw new Error('This suite needs TEST_DATABASE_URL (run scripts/test-pg.sh).');
    hubs.database = await createTestDatabase();
    hubs.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ill-${name}-`));
    const env = { DATABASE_URL: hubs.database.url!, DATA_DIR: hubs.dataDir };
    [hubs.a, hubs.b] = await Promise.all([spawnHub(env), spawnHub(env)]);
  });
  afterAll(async () => {
    const codes = await Promise.all([hubs.a?.stop(), hubs.b?.stop()]);
    expect(codes).toEqual([0, 0]);
    await hubs.database?.close();
    if (hubs.dataDir) fs.rmSync(hubs.dataDir, { recursive: true, force: true });
  });
  return hubs;
}
