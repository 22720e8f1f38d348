import path from 'node:path';
import { APP_ROOT } from '../app-root';
import { copyTreeInBackground, syncTreeSync } from '../backup/files';
import type { Config } from '../config/config';
import { acquireDataDirLock } from './data-dir-lock';
import { unpackTemplate } from './pgdata-template';
import type { Database, Db, NotificationHandler } from './database';

export const MIGRATIONS_DIR = path.join(APP_ROOT, 'migrations');
const MIGRATION_LOCK_KEY = 741_852_963;

export interface OpenOptions {
  /** In-memory PGlite loaded from a dump (tests). */
  loadDataDir?: Blob;
  migrate?: boolean;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions = {},
): Promise<Database> {
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl)
    : await openPglite(options.loadDataDir ? undefined : path.join(config.dataDir, 'pgdata'), options);
  if (options.migrate !== false) await migrateDatabase(database);
  return database;
}

export async function openPglite(dataPath: string | undefined, options: OpenOptions = {}): Promise<Database> {
  const [{ PGlite }, { pg_trgm }, { drizzle }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
  ]);
  const release = dataPath ? acquireDataDirLock(path.dirname(dataPath)) : () => {};
  try {
    // A new data directory starts from the shipped template, not PGlite's initdb (~780 MiB at its peak).
    if (dataPath && !options.loadDataDir) await unpackTemplate(dataPath);
    const client = await PGlite.create({
      ...(dataPath ? { dataDir: dataPath } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
      // PGlite's default (128 MB) costs ~0.8 s of start-up and ~100 MiB of memory for little
      // gain: the operating system caches the data files anyway (docs/decisions/008).
      postgresqlconf: [`shared_buffers = ${process.env.PGLITE_SHARED_BUFFERS || '32MB'}`],
    });
    // PGlite runs no autovacuum, so each GIN index (full-text, trigram, topics)
    // would keep up to 4 MB of unmerged entries that every search must scan:
    // with a small limit, writes merge them as they go.
    await client.exec("SET gin_pending_list_limit = '64kB'");
    const db = drizzle(client) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      async listen(channel: string, handler: NotificationHandler) {
        const unsubscribe = await client.listen(channel, handler);
        return async () => {
          await unsubscribe();
        };
      },
      async checkpoint() {
        if (dataPath) await client.exec('CHECKPOINT');
      },
      async analyze() {
        await client.exec('ANALYZE');
      },
      ...(dataPath
        ? {
            // A crash-consistent copy of the data directory, for backups (docs/decisions/015): first
            // copied in a worker thread, then, holding PGlite's query lock as its own dumpDataDir()
            // does, every file changed since copied again. Committed work is in the WAL, which
            // PostgreSQL replays when the copy is opened. postmaster.pid belongs to this process.
            async snapshot<T>(target: string, during: () => T): Promise<T> {
              const skip = new Set(['postmaster.pid']);
              const started = Date.now();
              await copyTreeInBackground(dataPath, target, skip);
              return client.runExclusive(async () => {
                if (client.closed) throw new Error('The database is closed');
                const result = during();
                syncTreeSync(dataPath, target, skip, started - 2000);
                return result;
              });
            },
          }
        : {}),
      async close() {
        try {
          if (!client.closed) {
            if (dataPath) await client.exec('CHECKPOINT');
            await client.close();
          }
        } finally {
          release();
        }
      },
      pglite: client,
    } as Database & { pglite: typeof client };
  } catch (error) {
    release();
    throw error;
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const [{ default: pg }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
  pool.on('error', (error) => {
    console.error(JSON.stringify({ level: 'error', msg: 'idle database client failed', error: error.message }));
  });
  // Fail fast with a clear message when the server is unreachable.
  await pool.query('select 1');
  const db = drizzle(pool) as unknown as Db;
  let listener: InstanceType<typeof pg.Client> | undefined;
  const handlers = new Map<string, Set<NotificationHandler>>();
  let closing = false;

  async function connectListener(): Promise<InstanceType<typeof pg.Client>> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    client.on('notification', (msg) => {
      for (const handler of handlers.get(msg.channel) ?? []) handler(msg.payload ?? '');
    });
    client.on('error', () => {
      // Reconnect and re-subscribe; notifications sent meanwhile are lost, so
      // subscribers are told with an empty payload to resynchronise.
      listener = undefined;
      if (closing) return;
      setTimeout(() => {
        void ensureListener()
          .then(async (c) => {
            for (const channel of handlers.keys()) await c.query(`LISTEN ${quoteIdent(channel)}`);
            for (const set of handlers.values()) for (const h of set) h('');
          })
          .catch(() => {});
      }, 500);
    });
    return client;
  }

  async function ensureListener() {
    if (!listener) listener = await connectListener();
    return listener;
  }

  return {
    db,
    kind: 'postgres',
    async listen(channel, handler) {
      const client = await ensureListener();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      }
      set.add(handler);
      return async () => {
        set.delete(handler);
      };
    },
    async checkpoint() {},
    async analyze() {},
    async close() {
      closing = true;
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid channel name: ${name}`);
  return `"${name}"`;
}

/** Apply committed migrations. On a server, an advisory lock lets several processes start at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver's own type
    await migrate(database.db as any, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // The session lock must outlive the migrator's own transaction, so take it on one pooled client.
  // biome-ignore lint/suspicious/noExplicitAny: reach the pool behind the drizzle instance
  const pool = (database.db as any).$client as import('pg').Pool;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}
