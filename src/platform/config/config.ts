import path from 'node:path';

/** Every setting the hub reads, with its default. Documented in README.md. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Public origin used in emailed links and for the CSRF origin check behind a proxy. */
  baseUrl: string;
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
  smtp: SmtpConfig | undefined;
  mailFrom: string;
  /** Load starter content from content/ on start. */
  seedContent: boolean;
  contentDir: string;
  runWorkers: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  uploadMaxBytes: number;
  /** Domain of reply-by-email addresses (reply+TOKEN@domain); without it, emails carry no reply address. */
  inboundEmailDomain: string | undefined;
  /** Port of the inbound SMTP listener for replies by email, run by this process; off when unset. */
  inboundSmtpPort: number | undefined;
  /** Open connections this process accepts in all; more are closed at once (Node's server.maxConnections). */
  maxConnections: number;
  /** Open connections from one peer address; 0 = no cap (the default behind TRUST_PROXY, where the peer is the proxy). */
  maxConnectionsPerIp: number;
  /** Live-update streams from one client address (X-Forwarded-For behind TRUST_PROXY), per process. */
  liveStreamsPerIp: number;
  /** Live-update streams this process holds in all. */
  liveStreamsMax: number;
  /** The hourly link check of outside resources and article links (LINK_CHECKS; off by default under tests). */
  linkChecks: boolean;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  pass: string | undefined;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** BASE_URL when it is not set; a started hub uses the address it really listens on instead (see public-url.ts). */
export function defaultBaseUrl(port: number): string {
  return `http://localhost:${port}`;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = int(env, 'PORT', 3000);
  const host = env.HOST || '0.0.0.0';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const smtpHost = env.SMTP_HOST || undefined;
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL must be one of debug, info, warn, error, silent');
  }
  const inboundEmailDomain = env.INBOUND_EMAIL_DOMAIN?.trim().toLowerCase() || undefined;
  if (
    inboundEmailDomain &&
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(inboundEmailDomain)
  ) {
    throw new ConfigError(`INBOUND_EMAIL_DOMAIN must be a domain name, got "${env.INBOUND_EMAIL_DOMAIN}"`);
  }
  const inboundSmtpPort = env.INBOUND_SMTP_PORT ? int(env, 'INBOUND_SMTP_PORT', 0) : undefined;
  const trustProxy = bool(env, 'TRUST_PROXY', false);
  if (inboundSmtpPort !== undefined && !inboundEmailDomain) {
    throw new ConfigError('INBOUND_SMTP_PORT needs INBOUND_EMAIL_DOMAIN (the domain of the reply addresses)');
  }
  return {
    port,
    host,
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    databaseUrl,
    baseUrl: (env.BASE_URL || defaultBaseUrl(port)).replace(/\/$/, ''),
    trustProxy,
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: int(env, 'SMTP_PORT', 587),
          secure: bool(env, 'SMTP_SECURE', false),
          user: env.SMTP_USER || undefined,
          pass: env.SMTP_PASS || undefined,
        }
      : undefined,
    mailFrom: env.MAIL_FROM || 'ILL Commons <no-reply@ill-commons.localhost>',
    seedContent: bool(env, 'SEED_CONTENT', true),
    contentDir: path.resolve(cwd, env.CONTENT_DIR || './content'),
    runWorkers: bool(env, 'RUN_WORKERS', true),
    logLevel,
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
    inboundEmailDomain,
    inboundSmtpPort,
    maxConnections: int(env, 'MAX_CONNECTIONS', 4096),
    maxConnectionsPerIp: int(env, 'MAX_CONNECTIONS_PER_IP', trustProxy ? 0 : 64),
    liveStreamsPerIp: int(env, 'LIVE_STREAMS_PER_IP', 6),
    liveStreamsMax: int(env, 'LIVE_STREAMS_MAX', 1000),
    linkChecks: bool(env, 'LINK_CHECKS', env.NODE_ENV !== 'test' && env.VITEST === undefined),
  };
}
