import type { AppContext } from './context';

/**
 * The client's address: the socket's, or, with TRUST_PROXY on, the address our
 * reverse proxy saw. That is the last X-Forwarded-For entry, the one the proxy
 * appended: anything before it came from the client and can say anything, so a
 * limit keyed on the first entry could be dodged with a made-up header. (One
 * proxy hop is assumed; a proxy in front of the proxy must replace the header.)
 */
export function clientIp(c: AppContext): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
