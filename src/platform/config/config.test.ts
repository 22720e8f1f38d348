import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to port 3000, ./data and the embedded database', () => {
    const config = loadConfig({}, '/srv/hub');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('/srv/hub/data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtp).toBeUndefined();
    expect(config.inboundEmailDomain).toBeUndefined();
    expect(config.inboundSmtpPort).toBeUndefined();
    expect(config.baseUrl).toBe('http://localhost:3000');
  });

  it('reads every documented setting', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATA_DIR: '/var/lib/ill',
        DATABASE_URL: 'postgres://u@db/ill',
        BASE_URL: 'https://ill.example.org/',
        TRUST_PROXY: 'true',
        SMTP_HOST: 'smtp.example.org',
        SMTP_PORT: '465',
        SMTP_SECURE: 'yes',
        SMTP_USER: 'hub',
        SMTP_PASS: 'secret',
        MAIL_FROM: 'Hub <hub@example.org>',
        SEED_CONTENT: 'false',
        RUN_WORKERS: '0',
        UPLOAD_MAX_BYTES: '1048576',
        INBOUND_EMAIL_DOMAIN: 'Reply.Example.org',
        INBOUND_SMTP_PORT: '2525',
        MAX_CONNECTIONS: '2000',
        MAX_CONNECTIONS_PER_IP: '32',
        LIVE_STREAMS_PER_IP: '4',
        LIVE_STREAMS_MAX: '500',
      },
      '/',
    );
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/ill',
      databaseUrl: 'postgres://u@db/ill',
      baseUrl: 'https://ill.example.org',
      trustProxy: true,
      smtp: { host: 'smtp.example.org', port: 465, secure: true, user: 'hub', pass: 'secret' },
      mailFrom: 'Hub <hub@example.org>',
      seedContent: false,
      runWorkers: false,
      uploadMaxBytes: 1048576,
      inboundEmailDomain: 'reply.example.org',
      inboundSmtpPort: 2525,
      maxConnections: 2000,
      maxConnectionsPerIp: 32,
      liveStreamsPerIp: 4,
      liveStreamsMax: 500,
    });
  });

  it('caps connections per address only when the hub sees clients directly', () => {
    expect(loadConfig({})).toMatchObject({
      maxConnections: 4096,
      maxConnectionsPerIp: 64,
      liveStreamsPerIp: 6,
      liveStreamsMax: 1000,
    });
    // Behind a proxy every connection comes from the proxy: the per-address cap is off unless set.
    expect(loadConfig({ TRUST_PROXY: 'true' }).maxConnectionsPerIp).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: '500' }).maxConnectionsPerIp).toBe(500);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ INBOUND_SMTP_PORT: '2525' }, /INBOUND_SMTP_PORT needs INBOUND_EMAIL_DOMAIN/],
    [{ INBOUND_EMAIL_DOMAIN: 'not a domain', INBOUND_SMTP_PORT: '2525' }, /INBOUND_EMAIL_DOMAIN must be a domain name/],
  ])('explains a bad setting %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
