// Requests as a browser (or a script) sends them, and what the hub answers.

/** The stable error code an HTML error page shows (or a JSON error carries). */
export function errorCode(body: string): string | undefined {
  const html = body.match(/Error code: <code>([\w.]+)<\/code>/);
  if (html) return html[1];
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Headers a form post from our own page carries. */
export const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } as const;

export function formBody(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body;
}

export function multipartBody(fields: Record<string, string | string[]>, files: Record<string, File> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  for (const [k, f] of Object.entries(files)) form.append(k, f);
  return form;
}
