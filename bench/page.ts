import { gzipSync } from 'node:zlib';

export interface PageFigures {
  path: string;
  htmlBytes: number;
  gzipBytes: number;
  /** What the hub sends to a browser asking for br/gzip. */
  sentBytes: number;
  sentEncoding: string;
  scriptTags: number;
  /** Characters of text inside <main>, with no script run: the page reads without JavaScript. */
  mainTextChars: number;
  cacheControl: string;
  etag: boolean;
}

function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The anonymous article page as a reader's browser receives it. */
export async function measurePage(baseUrl: string, pagePath: string): Promise<PageFigures> {
  const plain = await fetch(`${baseUrl}${pagePath}`, { headers: { 'accept-encoding': 'identity' } });
  const html = await plain.text();
  if (plain.status !== 200) throw new Error(`${pagePath} answered ${plain.status}`);
  const compressed = await fetch(`${baseUrl}${pagePath}`, { headers: { 'accept-encoding': 'br, gzip' } });
  // fetch decodes the body, so take the size the server declared.
  const sentBytes = Number(compressed.headers.get('content-length') ?? Number.NaN);
  await compressed.arrayBuffer();
  const main = html.match(/<main[\s\S]*<\/main>/i)?.[0] ?? '';
  return {
    path: pagePath,
    htmlBytes: Buffer.byteLength(html),
    gzipBytes: gzipSync(html).length,
    sentBytes,
    sentEncoding: compressed.headers.get('content-encoding') ?? 'identity',
    scriptTags: (html.match(/<script\b/gi) ?? []).length,
    mainTextChars: textOf(main).length,
    cacheControl: plain.headers.get('cache-control') ?? '',
    etag: plain.headers.has('etag'),
  };
}
