/**
 * Fetching a subscribed iCalendar feed: public addresses only (every address a name resolves to is checked, and the
 * socket connects to the address checked: src/platform/net/public-address.ts), redirects followed by hand and
 * checked again, a time limit for the whole fetch and a size cap while reading.
 */
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import {
  isPublicAddress,
  literalHostAllowed,
  NonPublicAddressError,
  publicOnlyLookup,
} from '../../platform/net/public-address';
import { ICAL_IMPORT_LIMITS } from './events.ical-in';

export const FEED_FETCH_LIMITS = {
  timeoutMs: 10_000,
  maxRedirects: 3,
  maxBytes: ICAL_IMPORT_LIMITS.maxBytes,
} as const;

export type FeedFetchResult = { ok: true; bytes: Uint8Array; finalUrl: string } | { ok: false; reason: string };

/** What the refresher calls; tests inject one that may reach a local server. */
export type FeedFetcher = (url: string) => Promise<FeedFetchResult>;

export interface FetchOptions {
  /**
   * TEST ONLY: let the fetch reach loopback addresses (a local test server); every other private or reserved
   * range is still refused. Never set by the hub: only tests pass a fetcher made with it to the use case.
   */
  allowLoopbackForTests?: boolean;
  timeoutMs?: number;
}

/** Whether a feed address may be asked for at all (scheme, credentials, literal addresses), before any request. */
function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1';
}

/** Tests only: public addresses, or loopback (a local test server). */
const publicOrLoopbackLookup: typeof publicOnlyLookup = (hostname, options, callback) => {
  dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, list) => {
    if (error) return callback(error, '');
    if (list.length === 0 || list.some((a) => !isLoopback(a.address) && !isPublicAddress(a.address)))
      return callback(new NonPublicAddressError(hostname) as NodeJS.ErrnoException, '');
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export function feedUrlProblem(raw: string, options: FetchOptions = {}): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'that is not a web address';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'a feed address starts with https:// or http://';
  if (url.username || url.password) return 'a feed address may not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (options.allowLoopbackForTests && isLoopback(host)) return undefined;
  if (!literalHostAllowed(url)) return 'the hub does not fetch from loopback, private or reserved addresses';
  return undefined;
}

/**
 * The calendar an address names, whatever way it is written: scheme and host lower-case, the default port, a
 * trailing slash and the fragment dropped (the query stays: it often chooses the calendar). Only for an address
 * feedUrlProblem accepted. The same key labels a stopped feed's events ("feed-url:<key>").
 */
export function feedUrlKey(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

function once(url: URL, options: FetchOptions, deadline: number, signal: AbortSignal) {
  return new Promise<{ status: number; location?: string; bytes?: Uint8Array; tooLarge?: boolean }>(
    (resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        url,
        {
          method: 'GET',
          headers: { Accept: 'text/calendar, text/plain;q=0.5', 'User-Agent': 'ILL-Commons-feed-refresher' },
          lookup: options.allowLoopbackForTests ? publicOrLoopbackLookup : publicOnlyLookup,
          signal,
          timeout: Math.max(1, deadline - Date.now()),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            res.resume();
            return resolve({ status, location: res.headers.location });
          }
          if (status !== 200) {
            res.resume();
            return resolve({ status });
          }
          const declared = Number(res.headers['content-length'] ?? 0);
          if (declared > FEED_FETCH_LIMITS.maxBytes) {
            res.destroy();
            return resolve({ status, tooLarge: true });
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > FEED_FETCH_LIMITS.maxBytes) {
              res.destroy();
              resolve({ status, tooLarge: true });
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status, bytes: new Uint8Array(Buffer.concat(chunks)) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    },
  );
}

/** Fetch a feed, or say in words why not. */
export async function fetchFeed(raw: string, options: FetchOptions = {}): Promise<FeedFetchResult> {
  const timeoutMs = options.timeoutMs ?? FEED_FETCH_LIMITS.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let current = raw;
    for (let hop = 0; hop <= FEED_FETCH_LIMITS.maxRedirects; hop++) {
      const problem = feedUrlProblem(current, options);
      if (problem) return { ok: false, reason: hop === 0 ? problem : `redirected to a refused address: ${problem}` };
      const url = new URL(current);
      let answer: Awaited<ReturnType<typeof once>>;
      try {
        answer = await once(url, options, deadline, controller.signal);
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (e.code === 'ENOTPUBLIC')
          return { ok: false, reason: `${url.hostname} resolves to a loopback, private or reserved address` };
        if (controller.signal.aborted || /timed out/.test(e.message))
          return { ok: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` };
        return { ok: false, reason: `could not fetch the feed (${e.code ?? e.message})` };
      }
      if (answer.location !== undefined) {
        if (!answer.location) return { ok: false, reason: `redirect (${answer.status}) without an address` };
        current = new URL(answer.location, url).toString();
        continue;
      }
      if (answer.tooLarge)
        return {
          ok: false,
          reason: `the feed is larger than the limit (${FEED_FETCH_LIMITS.maxBytes / 1024 / 1024} MB)`,
        };
      if (answer.status !== 200 || !answer.bytes)
        return { ok: false, reason: `the feed answered HTTP ${answer.status}` };
      return { ok: true, bytes: answer.bytes, finalUrl: current };
    }
    return { ok: false, reason: `more than ${FEED_FETCH_LIMITS.maxRedirects} redirects` };
  } finally {
    clearTimeout(timer);
  }
}
