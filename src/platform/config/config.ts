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
  return {
    port,
    host,
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    databaseUrl,
    baseUrl: (env.BASE_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    trustProxy: bool(env, 'TRUST_PROXY', false),
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
  };
}
