import type { Hono } from 'hono';
import { vi } from 'vitest';

type Fetchable = Pick<Hono, 'request'> | { request(path: string, init?: RequestInit): Promise<Response> | Response };

/**
 * A small browser stand-in for app.request(): keeps cookies, finds the CSRF
 * token in the last page, sends forms the way a browser does.
 */
export class TestClient {
  cookies = new Map<string, string>();
  lastHtml = '';

  constructor(
    private readonly app: Fetchable,
    private readonly origin = 'http://localhost',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    const response = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    this.remember(response);
    return response;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.request(path, { headers });
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      this.lastHtml = await response.clone().text();
    }
    return response;
  }

  /** The token from the last page that had a form (fetching `from` first when given). */
  async csrf(from?: string): Promise<string> {
    if (from) await this.get(from);
    const match = this.lastHtml.match(/name="_csrf" value="([^"]+)"/);
    if (!match) throw new Error('No CSRF token on the last page');
    return match[1]!;
  }

  /** Post a form as a browser on our own page would: same-origin, with the token. */
  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    options: { csrf?: string | false; from?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    const token = options.csrf === false ? undefined : (options.csrf ?? (await this.csrf(options.from)));
    if (token) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const response = await this.request(path, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.origin,
        'sec-fetch-site': 'same-origin',
        ...options.headers,
      },
    });
    if ((response.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await response.clone().text();
    return response;
  }

  async signIn(email: string, password: string): Promise<Response> {
    const response = await this.post('/sign-in', { email, password }, { from: '/sign-in' });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
    return response;
  }
}

/** A TestClient that talks to a real hub process over HTTP (redirects are the test's to follow). */
export function httpClient(base: string): TestClient {
  const request = (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: 'manual' });
  return new TestClient({ request }, base);
}

/**
 * The page at `path` as soon as `check` passes on its HTML (returns true, or does not throw), asked again every
 * 20 ms for up to `timeout` ms; then the last failure is thrown. Cached anonymous pages drop when the change's
 * NOTIFY arrives: at once on PGlite, a moment later on PostgreSQL (another connection).
 */
export async function pageWhen(
  client: TestClient,
  path: string,
  check: (html: string) => unknown,
  timeout = 5_000,
): Promise<string> {
  return vi.waitFor(
    async () => {
      const html = await (await client.get(path)).text();
      if (check(html) === false) throw new Error(`${path} did not pass the check; it said:\n${html.slice(0, 2000)}`);
      return html;
    },
    { timeout, interval: 20 },
  );
}
