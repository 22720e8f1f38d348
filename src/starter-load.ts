import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemUser } from './features/accounts';
import { loadStarterContent } from './features/library';
import { loadStarterWorkflows } from './features/workflows';
import type { Clock } from './platform/clock';
import type { Config } from './platform/config/config';
import type { Database } from './platform/db/database';
import type { Logger } from './platform/logger';

/** Load the starter content into `database` (idempotent: files already loaded, by fingerprint, are skipped). */
export async function loadStarter(database: Database, config: Config, clock: Clock, logger: Logger): Promise<void> {
  const systemUserId = await ensureSystemUser(database.db, clock.now());
  const report = await loadStarterContent({
    db: database.db,
    now: clock.now(),
    contentDir: config.contentDir,
    systemUserId,
    logger,
    checkpoint: () => database.checkpoint(),
  });
  const workflows = await loadStarterWorkflows({
    db: database.db,
    now: clock.now(),
    contentDir: config.contentDir,
    systemUserId,
  });
  if (workflows.added) logger.info('starter workflows loaded', { added: workflows.added });
  if (report.articlesAdded || report.topicsAdded) {
    logger.info('starter content loaded', { ...report });
    await database.analyze();
  }
}

/** True when the embedded database has not been created yet: the next start is a first start. */
export function isFirstEmbeddedStart(config: Config): boolean {
  if (config.databaseUrl) return false;
  const dir = path.join(config.dataDir, 'pgdata');
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

function childCommand(): string[] {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return ['--import', 'tsx', fileURLToPath(new URL('./starter-load-cli.ts', here))];
  return ['--max-semi-space-size=4', fileURLToPath(new URL('./starter-load-cli.js', here))];
}

/**
 * A first start creates the embedded database and loads the starter content in a short-lived child process:
 * the memory that loading needs (the database's own buffers, the parsed files, the renderer) goes back to the
 * system when the child exits, so the hub that then opens the database holds what a restarted one does
 * (issue 9: at most 300 MiB after load, however it started). The child logs its progress to our stderr.
 */
export async function loadStarterInChild(): Promise<void> {
  const child = spawn(process.execPath, childCommand(), { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`Loading the starter content failed (exit ${code}); see the messages above.`);
}
