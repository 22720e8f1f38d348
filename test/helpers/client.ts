import type { Hono } from 'hono';

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
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin, 'sec-fetch-site': 'same-origin', ...options.headers },
    });
    if ((response.headers.get('content-type') ?? '').includes('text/html')) this.lastHtml = await response.clone().text();
    return response;
  }

  async signIn(email: string, password: string): Promise<Response> {
    const response = await this.post('/sign-in', { email, password }, { from: '/sign-in' });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
    return response;
  }
}
