import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';
import type { AppEnv, Deps } from './context';

function appWith(trustProxy: boolean) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', { config: { trustProxy } } as Deps);
    await next();
  });
  app.get('/', (c) => c.text(clientIp(c)));
  return app;
}

async function ipFor(trustProxy: boolean, forwarded?: string): Promise<string> {
  const res = await appWith(trustProxy).request('http://localhost/', {
    headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
  });
  return res.text();
}

describe('clientIp', () => {
  it('behind a proxy, takes the address the proxy appended, not what the client wrote before it', async () => {
    expect(await ipFor(true, '198.51.100.7')).toBe('198.51.100.7');
    expect(await ipFor(true, '203.0.113.99, 198.51.100.7')).toBe('198.51.100.7');
    expect(await ipFor(true, '1.1.1.1,2.2.2.2 , 198.51.100.7 ')).toBe('198.51.100.7');
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For entirely', async () => {
    expect(await ipFor(false, '198.51.100.7')).toBe('local');
  });
});
