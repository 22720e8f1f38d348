import type { AppContext } from './context';

/** Post/redirect/get: every successful form post answers 303. */
export function seeOther(c: AppContext, location: string): Response {
  return c.redirect(location, 303);
}

/** Only same-site paths, so a crafted `next` cannot send someone elsewhere. */
export function safeNext(value: string | undefined, fallback = '/'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines from addresses: "/<tab>/evil.example" would become "//evil.example".
  if (/\p{Cc}/u.test(value)) return fallback;
  return value;
}
