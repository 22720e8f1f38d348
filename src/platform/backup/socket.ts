// The running hub's backup endpoint: HTTP on a Unix socket in DATA_DIR/.backup
// (a folder only the hub's own user can enter), so whoever may read the data
// directory may take a backup, and nobody else, with no token to manage.
//
// The hub does the one thing only it can do: a consistent copy of the embedded
// database and the data files, taken with no query running (a pause of the
// copy's length). It answers with where the copy is; `npm run backup` writes
// the archive from it and removes it, so packing and compressing cost the hub
// nothing.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { type EmbeddedSnapshot, takeEmbeddedSnapshot } from './backup';
import { BACKUP_DIR, backupDir, removeStaleStaging, SOCKET_NAME, STALE_STAGING_MS } from './files';

/** Longest Unix socket path that works everywhere (sun_path is 104–108 bytes). */
const MAX_SOCKET_PATH = 100;

export function socketPath(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR, SOCKET_NAME);
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Serve `POST /snapshot` on DATA_DIR/.backup/hub.sock. Only for the embedded
 * database: on PostgreSQL the backup command needs no hub.
 */
export async function startBackupEndpoint({
  dataDir,
  database,
  logger,
}: {
  dataDir: string;
  database: Database;
  logger: Logger;
}): Promise<() => Promise<void>> {
  if (database.kind !== 'pglite' || !database.snapshot) return async () => {};
  const file = socketPath(dataDir);
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) {
    logger.warn('backups of the running hub are unavailable: DATA_DIR is too long a path for a socket', {
      socket: file,
    });
    return async () => {};
  }
  backupDir(dataDir);
  removeStaleStaging(dataDir);
  // This process holds the data directory's lock, so a socket file left here belongs to a dead process.
  fs.rmSync(file, { force: true });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/snapshot') return json(res, 404, { error: 'not found' });
    const started = performance.now();
    removeStaleStaging(dataDir, STALE_STAGING_MS);
    takeEmbeddedSnapshot(database, dataDir).then(
      (snapshot: EmbeddedSnapshot) => {
        logger.info('backup snapshot taken', { ms: Math.round(performance.now() - started), ...snapshot.timings });
        json(res, 200, snapshot);
      },
      (error) => {
        const message = error instanceof Error ? error.message : String(error);
        logger.error('backup snapshot failed', { error: message });
        json(res, 500, { error: message });
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => {
        server.off('error', reject);
        resolve();
      });
    });
    fs.chmodSync(file, 0o600);
  } catch (error) {
    // The hub runs without it; `npm run backup` then explains that it needs the hub stopped.
    logger.warn('backups of the running hub are unavailable', {
      socket: file,
      error: error instanceof Error ? error.message : String(error),
    });
    return async () => {};
  }
  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    fs.rmSync(file, { force: true });
  };
}

/**
 * Ask the hub running on this data directory for a snapshot. Undefined when no
 * hub answers on the socket (none running, or one that died).
 */
export function requestHubSnapshot(dataDir: string): Promise<EmbeddedSnapshot | undefined> {
  const file = socketPath(dataDir);
  if (!fs.existsSync(file)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: file, method: 'POST', path: '/snapshot' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        let parsed: { error?: string } & Partial<EmbeddedSnapshot>;
        try {
          parsed = JSON.parse(body);
        } catch {
          return reject(
            new Error(`The running hub answered the backup request with something unexpected (${res.statusCode}).`),
          );
        }
        if (res.statusCode !== 200)
          return reject(new Error(`The running hub could not take the snapshot: ${parsed.error ?? res.statusCode}`));
        // The copy must be where this command expects it, in DATA_DIR/.backup.
        const staging = path.resolve(String(parsed.staging));
        if (path.dirname(staging) !== path.resolve(dataDir, BACKUP_DIR) || !fs.existsSync(staging)) {
          return reject(new Error(`The running hub put its snapshot somewhere unexpected (${parsed.staging}).`));
        }
        resolve(parsed as EmbeddedSnapshot);
      });
    });
    req.once('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' || code === 'ENOENT') resolve(undefined);
      else if (code === 'EACCES')
        reject(new Error(`Permission denied on ${file}: run the backup as the user that runs the hub.`));
      else reject(error);
    });
    req.end();
  });
}
