import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { pruneSessions, SessionCache } from './platform/auth/sessions';
import { startBackupEndpoint } from './platform/backup/socket';
import { PageCache } from './platform/cache/page-cache';
import { watchSearchIndex } from './platform/search/search';
import { moveRankingVectorsInline } from './platform/search/search.storage';
import { refreshTermStatistics } from './platform/search/search.terms';
import { warmUpMarkdown } from './platform/content/markdown';
import { rerenderStoredHtml } from './platform/content/stored-html';
import { serveCachedPage } from './platform/cache/public-page';
import { type Clock, systemClock } from './platform/clock';
import type { Config } from './platform/config/config';
import { recordPublicUrl, servedBaseUrl } from './platform/config/public-url';
import type { Database } from './platform/db/database';
import { openDatabase } from './platform/db/open';
import { limitConnections, SERVER_OPTIONS } from './platform/http/connection-limits';
import type { Deps } from './platform/http/context';
import { pruneRateLimits } from './platform/http/rate-limit';
import { createWorker, pruneJobs, type Worker } from './platform/jobs/queue';
import { createLogger, type Logger } from './platform/logger';
import { startScheduler } from './platform/jobs/scheduler';
import { createMailer, type Mailer } from './platform/mail/mailer';
import { stopSharedPool } from './platform/workers/shared';
import { vocabularyFor } from './platform/vocabulary/vocabulary';
import { type FeatureModule, featureModules, jobHandlers, schedules, storedHtmlKinds } from './modules';
import { createServer } from './server';
import { isFirstEmbeddedStart, loadStarter, loadStarterInChild } from './starter-load';

export interface Hub {
  deps: Deps;
  worker: Worker;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  mailer?: Mailer;
  database?: Database;
}

/** How long after the hub starts answering its job workers and scheduler start. */
export const BACKGROUND_START_DELAY_MS = 1000;

/** Everything `npm start` does, callable from tests and the benchmark. */
export async function startHub(config: Config, options: StartOptions = {}): Promise<Hub> {
  const started = performance.now();
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  // A first start on the embedded database loads the starter content in a child process that exits afterwards,
  // handing back the memory loading needed (src/starter-load.ts); this process then opens the loaded database.
  if (!options.database && config.seedContent && isFirstEmbeddedStart(config)) {
    logger.info('first start: creating the database and loading the starter content');
    await loadStarterInChild();
  }
  const database = options.database ?? (await openDatabase(config));
  logger.info('database ready', { kind: database.kind, ms: Math.round(performance.now() - started) });
  try {
    // The vocabulary (content/vocabulary) is read and checked once, before anything serves: a mistake stops the start.
    await vocabularyFor(config.contentDir);
    if (config.seedContent) await loadStarter(database, config, clock, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  const mailer =
    options.mailer ??
    createMailer({ from: config.mailFrom, smtp: config.smtp, outboxDir: path.join(config.dataDir, 'mail') });
  const pageCache = new PageCache();
  const disconnectCache = await pageCache.connect(database);
  const sessionCache = new SessionCache();
  const disconnectSessions = await sessionCache.connect(database);
  // Cached search result pages are dropped when any process commits a change to the index.
  const unwatchSearch = await watchSearchIndex(database);
  const deps: Deps = { config, database, clock, logger, mailer, pageCache, sessionCache };
  const modules = featureModules();
  if (config.seedContent) for (const m of modules) await m.seed?.(deps);
  const handlers = jobHandlers(deps, modules);
  const worker = createWorker({ database, clock, logger, handlers });
  let stopScheduler = () => {};

  const app = createServer(deps, modules);
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: config.host,
    serverOptions: SERVER_OPTIONS,
    // Cached anonymous pages are answered before Hono is involved (see serveCachedPage).
    createServer: ((options: ServerOptions, listener: RequestListener) =>
      createHttpServer(options, (req, res) => {
        if (!serveCachedPage(req, res, deps)) listener(req, res);
      })) as typeof createHttpServer,
  });
  limitConnections(server as Server, config, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  // Links that leave the hub (emails) use BASE_URL, or else the address this process really answers on
  // (PORT=0 picks a free port); it is recorded for commands run beside the hub, e.g. `npm run admin:create`.
  const listeningPort = (server.address() as AddressInfo).port;
  deps.config = {
    ...config,
    baseUrl: servedBaseUrl(config, `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${listeningPort}`),
  };
  await recordPublicUrl(database.db, deps.config.baseUrl, clock.now()).catch((error) =>
    logger.warn('could not record the public address', {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  // Background work (and loading the Markdown renderer) waits a moment after the hub
  // answers: on the embedded database every query runs on this thread, so jobs that
  // piled up while the hub was down must not hold up the first requests after a restart.
  let background: Promise<void> | undefined;
  let rendering: Promise<void> | undefined;
  let inlining: Promise<void> | undefined;
  let termRefresh: Promise<void> | undefined;
  let renderingStopped = false;
  // Search's word statistics (docs/decisions/049): counted again after the index changed, one refresh at a time.
  const refreshTerms = () => {
    if (termRefresh || renderingStopped || !config.runWorkers) return;
    const began = performance.now();
    termRefresh = refreshTermStatistics(database.db, { stopped: () => renderingStopped })
      .then((r) => {
        if (r.refreshed) {
          logger.info('search word statistics refreshed', {
            documents: r.documents,
            lexemes: r.lexemes,
            ms: Math.round(performance.now() - began),
          });
        }
      })
      .catch((error) =>
        logger.warn('refreshing search word statistics failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        termRefresh = undefined;
      });
  };
  const backgroundTimer = setTimeout(() => {
    warmUpMarkdown();
    if (!config.runWorkers) return;
    rendering = renderStaleHtml({ database, logger, modules, stopped: () => renderingStopped });
    // Search rows indexed before migration 0034 move their ranking vector into the row (docs/decisions/040).
    inlining = moveRankingVectorsInline(database.db, { stopped: () => renderingStopped })
      .then((moved) => {
        if (moved) logger.info('search vectors moved into their rows', { moved });
      })
      .catch((error) =>
        logger.warn('moving search vectors failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .then(refreshTerms);
    background = worker.start().then(() => {
      stopScheduler = startScheduler({ database, clock, logger, schedules: schedules(modules) });
    });
    background.catch((error) =>
      logger.error('background work did not start', { error: error instanceof Error ? error.message : String(error) }),
    );
  }, BACKGROUND_START_DELAY_MS);
  const stopServices: Array<() => Promise<void>> = [];
  for (const m of modules) if (m.start) stopServices.push(await m.start(deps, { modules }));
  // `npm run backup` asks this process for a consistent copy of the embedded database it holds (docs/decisions/015).
  if (!options.database) stopServices.push(await startBackupEndpoint({ dataDir: config.dataDir, database, logger }));
  const address = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`;

  // Every 10 minutes: expired sessions and rate-limit windows, finished jobs (kept 7 days) and pending jobs no handler
  // serves (a day overdue), the PGlite WAL, search word statistics when the index changed; every hour, planner
  // statistics.
  let maintenanceTicks = 0;
  const maintenance = setInterval(
    () => {
      const now = clock.now();
      const hourly = ++maintenanceTicks % 6 === 0;
      void Promise.all([
        pruneSessions(database.db, now),
        pruneRateLimits(database.db, now),
        pruneJobs(database.db, now, { servedQueues: Object.keys(handlers) }),
        database.checkpoint(),
      ])
        .then(() => (hourly ? database.analyze() : undefined))
        .then(refreshTerms)
        .catch((error) =>
          logger.warn('maintenance failed', { error: error instanceof Error ? error.message : String(error) }),
        );
    },
    10 * 60 * 1000,
  );
  maintenance.unref();
  logger.info('hub listening', { url, startupMs: Math.round(performance.now() - started) });

  let stopping: Promise<void> | undefined;
  return {
    deps,
    worker,
    url,
    stop() {
      stopping ??= (async () => {
        clearInterval(maintenance);
        clearTimeout(backgroundTimer);
        renderingStopped = true;
        await rendering;
        await inlining;
        await termRefresh;
        await background?.catch(() => {});
        stopScheduler();
        // Stop accepting, let in-flight requests finish, then close idle keep-alive sockets.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
        const force = setTimeout(() => {
          if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
        }, 10_000);
        // Services first: they end long-lived responses (live-update streams) so the server can close.
        for (const stopService of stopServices) await stopService();
        await closed;
        clearTimeout(force);
        await worker.stop();
        await stopSharedPool();
        await disconnectCache();
        await disconnectSessions();
        await unwatchSearch();
        await database.close();
        logger.info('hub stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Render stored Markdown whose HTML is missing or from an older RENDER_VERSION
 * (after an upgrade), in the background once the hub answers; each batch drops
 * every process's cached pages.
 */
async function renderStaleHtml(options: {
  database: Database;
  logger: Logger;
  modules: FeatureModule[];
  stopped: () => boolean;
}): Promise<void> {
  try {
    await rerenderStoredHtml({
      db: options.database.db,
      logger: options.logger,
      kinds: storedHtmlKinds(options.modules),
      stopped: options.stopped,
    });
  } catch (error) {
    options.logger.error('rendering stored HTML failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
