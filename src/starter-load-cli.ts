// The child process of a first start (src/starter-load.ts): create the embedded database, load the starter
// content, close it and exit. Bundled to dist/starter-load-cli.js.
import { systemClock } from './platform/clock';
import { loadConfig } from './platform/config/config';
import { openDatabase } from './platform/db/open';
import { createLogger } from './platform/logger';
import { loadStarter } from './starter-load';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config);
try {
  await loadStarter(database, config, systemClock, logger);
  await database.checkpoint();
} finally {
  await database.close();
}
// Its peak memory, for the log (and the first-start bench's reader): the largest any process of the start reached.
const peak = /VmHWM:\s+(\d+) kB/.exec(
  await import('node:fs').then((fs) => fs.readFileSync('/proc/self/status', 'utf8').toString()).catch(() => ''),
);
if (peak) logger.info('starter content process done', { peakMiB: Math.round(Number(peak[1]) / 1024) });
