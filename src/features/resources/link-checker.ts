import http from 'node:http';
import https from 'node:https';
import { literalHostAllowed, publicOnlyLookup } from '../../platform/net/public-address';

/**
 * The link checker: one GET per link (some servers answer HEAD wrongly), redirects followed by hand (bounded, each
 * hop recorded and each hop's address checked again), a deadline per request, at most a small prefix of an HTML
 * page read to spot a "soft 404" (a 200 page that says it was not found). Politeness: one request at a time per
 * host with a gap between them, and a bounded number of hosts at once.
 */

export const LINK_STATUSES = [
  'ok',
  'redirected',
  'not_found',
  'gone',
  'soft_404',
  'http_error',
  'timeout',
  'reset',
  'unreachable',
  'blocked',
  'too_many_redirects',
  'invalid',
] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

export const LINK_STATUS_LABELS: Record<LinkStatus, string> = {
  ok: 'Working',
  redirected: 'Working (moved)',
  not_found: 'Not found (404)',
  gone: 'Gone (410)',
  soft_404: 'Says “not found”',
  http_error: 'Server error',
  timeout: 'Timed out',
  reset: 'Connection reset',
  unreachable: 'Could not connect',
  blocked: 'Refused: private address',
  too_many_redirects: 'Too many redirects',
  invalid: 'Not a web address',
};

/** Dead at once: the page is missing or can never be fetched. */
const DEAD: ReadonlySet<LinkStatus> = new Set([
  'not_found',
  'gone',
  'soft_404',
  'unreachable',
  'blocked',
  'too_many_redirects',
  'invalid',
]);
export const isDead = (s: LinkStatus) => DEAD.has(s);
export const isWorking = (s: LinkStatus) => s === 'ok' || s === 'redirected';

export interface Hop {
  url: string;
  status: number;
}

export interface LinkResult {
  url: string;
  status: LinkStatus;
  httpStatus: number | null;
  finalUrl: string;
  redirects: Hop[];
  detail: string;
}

export const LINK_CHECK_LIMITS = {
  /** For one link, every redirect included. */
  timeoutMs: 10_000,
  maxRedirects: 5,
  /** Hosts checked at once (each host one request at a time). */
  concurrency: 6,
  /** Gap between two requests to the same host. */
  perHostGapMs: 1_000,
  /** Of an HTML page, only this much is read (enough for <title> and the first heading). */
  maxBodyBytes: 64 * 1024,
  maxUrlLength: 2_000,
} as const;

export interface LinkCheckOptions {
  timeoutMs?: number;
  maxRedirects?: number;
  concurrency?: number;
  perHostGapMs?: number;
  maxBodyBytes?: number;
  userAgent?: string;
  /**
   * Tests and the bench only: hosts ("127.0.0.1:8080") the checker may reach although they are local. The hub
   * never sets it: every other host, and every redirect elsewhere, must resolve to public addresses only.
   */
  allowHosts?: readonly string[];
  /** Waits between requests to one host; tests may pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** checkLinks: start no new link after this time (epoch ms); the rest wait for the next run. */
  stopAt?: number;
  /**
   * checkLinks: start no new link once this is aborted (the hub is stopping); links already under way finish, the
   * rest wait for the next run. The gap between two requests to one host ends early too (unless `sleep` is given).
   */
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'ILLCommonsLinkChecker/1.0 (checks the links in an ILL Commons hub)';

const NOT_FOUND_WORDS =
  /\b(?:404|not found|page (?:cannot|could not|can['’]t|couldn['’]t) be found|no longer (?:available|exists)|does(?: not|n['’]t) exist|seite nicht gefunden|page (?:introuvable|non trouvée)|página no encontrada|no se encontró)\b/i;
const BODY_NOT_FOUND = /\b(?:page|document|file) (?:was )?not found\b|\b404\b[^.]{0,40}\bnot found\b|\berror 404\b/i;

function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A "soft 404": a page served with 200 whose title, first heading or opening text says it was not found. */
export function looksNotFound(html: string): boolean {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '';
  if (NOT_FOUND_WORDS.test(textOf(title)) || NOT_FOUND_WORDS.test(textOf(h1))) return true;
  const body = /<body[^>]*>([\s\S]*)/i.exec(html)?.[1] ?? html;
  return BODY_NOT_FOUND.test(textOf(body).slice(0, 1_500));
}

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

class Timeout extends Error {
  readonly code = 'ETIMEOUT';
}

function fetchOnce(url: URL, o: Settings, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(
      url,
      {
        method: 'GET',
        agent: false,
        headers: { 'user-agent': o.userAgent, accept: 'text/html,*/*;q=0.8', 'accept-encoding': 'identity' },
        ...(o.allowHosts.includes(url.host) ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        const html = /html|xml/i.test(String(res.headers['content-type'] ?? ''));
        if (status < 200 || status >= 300 || !html) {
          res.destroy();
          clearTimeout(timer);
          return resolve({ status, location, body: '' });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          clearTimeout(timer);
          resolve({ status, location, body: Buffer.concat(chunks).toString('utf8') });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= o.maxBodyBytes) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Timeout(`no answer within ${o.timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

function failure(error: unknown): { status: LinkStatus; detail: string } {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ETIMEOUT' || code === 'ETIMEDOUT') return { status: 'timeout', detail: message };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message))
    return { status: 'reset', detail: 'the server closed the connection' };
  if (code === 'ENOTPUBLIC') return { status: 'blocked', detail: message };
  return { status: 'unreachable', detail: code ? `${code}: ${message}` : message };
}

type Settings = Required<Omit<LinkCheckOptions, 'sleep' | 'stopAt' | 'signal'>>;

function settings(options: LinkCheckOptions): Settings {
  return {
    timeoutMs: options.timeoutMs ?? LINK_CHECK_LIMITS.timeoutMs,
    maxRedirects: options.maxRedirects ?? LINK_CHECK_LIMITS.maxRedirects,
    concurrency: options.concurrency ?? LINK_CHECK_LIMITS.concurrency,
    perHostGapMs: options.perHostGapMs ?? LINK_CHECK_LIMITS.perHostGapMs,
    maxBodyBytes: options.maxBodyBytes ?? LINK_CHECK_LIMITS.maxBodyBytes,
    userAgent: options.userAgent ?? USER_AGENT,
    allowHosts: options.allowHosts ?? [],
  };
}

function parseWebUrl(raw: string): URL | undefined {
  if (raw.length > LINK_CHECK_LIMITS.maxUrlLength) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Check one link, following redirects (each hop checked for a public address unless tests allow otherwise). */
export async function checkLink(raw: string, options: LinkCheckOptions = {}): Promise<LinkResult> {
  const o = settings(options);
  const redirects: Hop[] = [];
  const result = (status: LinkStatus, httpStatus: number | null, finalUrl: string, detail = ''): LinkResult => ({
    url: raw,
    status,
    httpStatus,
    finalUrl,
    redirects,
    detail,
  });
  const first = parseWebUrl(raw);
  if (!first) return result('invalid', null, raw, 'not an http or https address');
  let url: URL = first;
  const seen = new Set<string>();
  // One deadline for the whole link, redirects included: a slow chain cannot hold a worker for long.
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) return result('timeout', null, url.href, `no answer within ${o.timeoutMs} ms`);
    if (!o.allowHosts.includes(url.host) && !literalHostAllowed(url))
      return result('blocked', null, url.href, `${url.hostname} is a loopback, private or reserved address`);
    seen.add(url.href);
    let answer: Answer;
    try {
      answer = await fetchOnce(url, o, left);
    } catch (error) {
      const f = failure(error);
      return result(f.status, null, url.href, f.detail);
    }
    if (REDIRECTS.has(answer.status) && answer.location) {
      redirects.push({ url: url.href, status: answer.status });
      let next: URL | undefined;
      try {
        next = new URL(answer.location, url);
      } catch {
        next = undefined;
      }
      if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:'))
        return result('invalid', answer.status, url.href, 'redirected to something that is not a web address');
      if (redirects.length > o.maxRedirects || seen.has(next.href))
        return result(
          'too_many_redirects',
          answer.status,
          next.href,
          seen.has(next.href) ? 'the redirects go round in a loop' : `more than ${o.maxRedirects} redirects`,
        );
      url = next;
      continue;
    }
    const s = answer.status;
    if (s >= 200 && s < 300) {
      if (answer.body && looksNotFound(answer.body))
        return result('soft_404', s, url.href, 'the page answers 200 but says it was not found');
      return result(redirects.length > 0 ? 'redirected' : 'ok', s, url.href);
    }
    if (s === 404) return result('not_found', s, url.href);
    if (s === 410) return result('gone', s, url.href);
    return result('http_error', s, url.href, `HTTP ${s}`);
  }
}

/** Waits `ms`, or less when `signal` is aborted first. */
function realSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Check many links: each distinct URL once; links grouped by host, each host's links one after another with a gap,
 * at most `concurrency` hosts at once. Results are handed to `onResult` as they come (nothing else is kept, so
 * memory does not grow with the number of links beyond the list itself); returns the count per status. With
 * `stopAt`, no link is started after that time, and with `signal`, none once it is aborted: the counts then add up
 * to fewer than the links given.
 */
export async function checkLinks(
  urls: Iterable<string>,
  options: LinkCheckOptions & { onResult?: (r: LinkResult) => void | Promise<void> } = {},
): Promise<Record<LinkStatus, number>> {
  const o = settings(options);
  const sleep = options.sleep ?? ((ms: number) => realSleep(ms, options.signal));
  const stopped = () =>
    options.signal?.aborted === true || (options.stopAt !== undefined && Date.now() >= options.stopAt);
  const byHost = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const u of urls) {
    if (seen.has(u)) continue;
    seen.add(u);
    const host = parseWebUrl(u)?.host.toLowerCase() ?? '';
    const list = byHost.get(host);
    if (list) list.push(u);
    else byHost.set(host, [u]);
  }
  const counts = Object.fromEntries(LINK_STATUSES.map((s) => [s, 0])) as Record<LinkStatus, number>;
  const hosts = [...byHost.values()];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const list = hosts[next++];
      if (!list) return;
      for (let i = 0; i < list.length; i++) {
        if (stopped()) return;
        if (i > 0 && o.perHostGapMs > 0) await sleep(o.perHostGapMs);
        if (stopped()) return;
        const r = await checkLink(list[i] as string, options);
        counts[r.status]++;
        await options.onResult?.(r);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, hosts.length)) }, worker));
  return counts;
}
