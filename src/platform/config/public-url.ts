import { getAppState, setAppState } from '../db/app-state';
import type { DbOrTx } from '../db/database';
import { type Config, defaultBaseUrl } from './config';

/**
 * The hub's public address for links that leave it (emails, the admin CLI's
 * set-password link). BASE_URL when it is set; otherwise the address the hub
 * really answers on, which differs from the default `http://localhost:$PORT`
 * when PORT=0 picks a free port. A running hub records the address it uses, so
 * a command run beside it (e.g. `npm run admin:create`, without the hub's
 * environment) prints links that work.
 */

const PUBLIC_URL_KEY = 'hub.public_url';

/** Whether the configured base URL is the default one (BASE_URL not set). */
export function baseUrlIsDefault(config: Pick<Config, 'baseUrl' | 'port'>): boolean {
  return config.baseUrl === defaultBaseUrl(config.port);
}

/** The base URL a hub listening at `listeningUrl` uses: BASE_URL if set, else where it listens. */
export function servedBaseUrl(config: Pick<Config, 'baseUrl' | 'port'>, listeningUrl: string): string {
  return baseUrlIsDefault(config) ? listeningUrl.replace(/\/$/, '') : config.baseUrl;
}

/** Remember the address a starting hub uses (one small write, only when it changed). */
export async function recordPublicUrl(db: DbOrTx, url: string, now: Date): Promise<void> {
  if ((await getAppState(db, PUBLIC_URL_KEY)) !== url) await setAppState(db, PUBLIC_URL_KEY, url, now);
}

export interface PublicUrl {
  url: string;
  /** Where it came from, for the command's output. */
  source: 'BASE_URL' | 'hub' | 'default';
}

/** The address for links printed by a command: BASE_URL, else the one the hub last used, else the default. */
export async function publicUrlForCommand(db: DbOrTx, config: Pick<Config, 'baseUrl' | 'port'>): Promise<PublicUrl> {
  if (!baseUrlIsDefault(config)) return { url: config.baseUrl, source: 'BASE_URL' };
  const recorded = await getAppState(db, PUBLIC_URL_KEY);
  return recorded ? { url: recorded, source: 'hub' } : { url: config.baseUrl, source: 'default' };
}
