import type { AppContext } from './context';

/** The client's address: the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY is on. */
export function clientIp(c: AppContext): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
