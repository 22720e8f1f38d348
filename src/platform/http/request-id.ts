import { randomUUID } from 'node:crypto';

/** The caller's X-Request-Id when it looks like one (so it can be echoed safely), else a new one. */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
}
