import { ConfigError, loadConfig } from './platform/config/config';
import { DataDirLockedError } from './platform/db/data-dir-lock';
import { createLogger } from './platform/logger';
import { StarterContentError } from './features/library';
import { startHub } from './hub';

const logger = createLogger((process.env.LOG_LEVEL as 'info') || 'info');

try {
  const config = loadConfig();
  const hub = await startHub(config, { logger });
  console.log(
    `ILL Commons is running at ${hub.url} (data: ${config.databaseUrl ? 'PostgreSQL server' : config.dataDir})`,
  );
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    hub.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof StarterContentError) {
    console.error(`ILL Commons could not start: ${error.message}`);
  } else {
    console.error('ILL Commons could not start:', error);
  }
  process.exit(1);
}
