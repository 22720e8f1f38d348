import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../src/platform/db/database';
import { createTestApp, createUser, type TestApp, clientFor, countRows } from '../helpers/app';
import type { TestClient } from '../helpers/client';
import {
  bytesOf,
  gifWithMetadata,
  jpegWithMetadata,
  namesPatron,
  PATRON,
  pdfWithMetadata,
  pngOfSize,
  pngWithMetadata,
  tinyPdf,
  tinyPng,
  webpWithMetadata,
} from './files';
import { addTopic, articleForm, newArticle } from '../helpers/content';
import { errorCode, multipartBody, SAME_ORIGIN } from '../helpers/http';
import { PHOTO_DIR } from '../../src/features/people/people.models';

/** Small, so the limits can be tested without megabytes of test data. */
const MAX = 64 * 1024;

let t: TestApp;
let client: TestClient;
let token: string;
let slug: string;

beforeAll(async () => {
  t = await createTestApp({ config: { uploadMaxBytes: MAX } });
  await addTopic(t);
  const author = await createUser(t.database);
  slug = (await newArticle(t, author, { title: 'Uploads go here' })).slug;
  client = await clientFor(t, author);
  token = await client.csrf(`/articles/${slug}/files`);
});
afterAll(() => t.close());

/** Every file under the uploads directory, half-written ones included. */
function filesOnDisk(): string[] {
  const dir = path.join(t.deps.config.dataDir, 'uploads');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile());
}

/** Send a file as a browser's upload form would (the token travels inside the multipart body). */
async function upload(
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  options: { type?: string; withLength?: boolean } = {},
) {
  const form = multipartBody(
    { _csrf: token },
    { file: new File([bytes], name, { type: options.type ?? 'application/octet-stream' }) },
  );
  if (!options.withLength)
    return client.request(`/articles/${slug}/files`, { method: 'POST', body: form, headers: SAME_ORIGIN });
  // Browsers send a Content-Length with every form; encode the body first to know it.
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  const body = new Uint8Array(await encoded.arrayBuffer());
  return client.request(`/articles/${slug}/files`, {
    method: 'POST',
    body,
    headers: {
      ...SAME_ORIGIN,
      'content-type': encoded.headers.get('content-type')!,
      'content-length': String(body.length),
    },
  });
}

async function storedRow(id: string) {
  const rows = rowsOf<{ filename: string; content_type: string; byte_size: number }>(
    await t.database.db.execute(sql`select filename, content_type, byte_size from attachments where id = ${id}`),
  );
  return rows[0];
}

async function accepted(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(303);
  const id = new URL(res.headers.get('location')!, 'http://localhost').searchParams.get('uploaded');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id!;
}

async function served(id: string) {
  const row = await storedRow(id);
  return t.app.request(`http://localhost/attachments/${id}/${encodeURIComponent(row!.filename)}`);
}

function expectSandboxed(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain('sandbox');
  expect(csp).toContain("default-src 'none'");
}

describe('files people upload', () => {
  it('accepts a real PNG and serves it back as image/png, inline, sniff-proof and sandboxed', async () => {
    const png = tinyPng();
    const id = await accepted(await upload('photo.png', png, { type: 'image/png' }));
    expect(await storedRow(id)).toMatchObject({
      filename: 'photo.png',
      content_type: 'image/png',
      byte_size: png.length,
    });
    const res = await served(id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
    expectSandboxed(res);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
  });

  it('accepts a PDF but serves it as a download', async () => {
    const id = await accepted(await upload('Loan policy.pdf', tinyPdf(), { type: 'application/pdf' }));
    const res = await served(id);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Loan-policy\.pdf"$/);
    expectSandboxed(res);
  });

  it('shows a newly uploaded PDF to anonymous readers at once, not a stale cached page', async () => {
    const page = async () => (await t.app.request(`http://localhost/articles/${slug}`)).text();
    expect(await page()).not.toContain('Interlending-checklist.pdf');
    expect(t.deps.pageCache.get(`/articles/${slug}`)).toBeDefined();
    await accepted(await upload('Interlending checklist.pdf', tinyPdf(), { type: 'application/pdf' }));
    await vi.waitFor(async () => expect(await page()).toContain('Interlending-checklist.pdf'));
  });

  it('judges a file by its bytes: a PNG named page.html is stored and served as a PNG', async () => {
    const id = await accepted(await upload('page.html', tinyPng(), { type: 'text/html' }));
    const row = await storedRow(id);
    expect(row?.filename).toBe('page.png');
    expect(row?.content_type).toBe('image/png');
    expect((await served(id)).headers.get('content-type')).toBe('image/png');
  });

  it('refuses an image/HTML polyglot that is no real GIF (it cannot be stripped), storing nothing', async () => {
    const rows = await countRows(t, 'attachments');
    const disk = filesOnDisk();
    const polyglot = bytesOf('GIF89a/*<html><script>alert(document.cookie)</script></html>*/');
    const res = await upload('funny.gif', polyglot, { type: 'image/gif' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The image seems damaged or cut short, so it was not stored.');
    expect(await countRows(t, 'attachments')).toBe(rows);
    expect(filesOnDisk()).toEqual(disk);
  });

  it('serves a real GIF that carried HTML in a comment without the comment, as an image that cannot run', async () => {
    const gif = Buffer.from(gifWithMetadata());
    const script = Buffer.from('<script>alert(document.cookie)</script>');
    const at = gif.indexOf(Buffer.from([0x21, 0xfe])) + 2;
    const polyglot = Buffer.concat([gif.subarray(0, at), Buffer.from([script.length]), script, gif.subarray(at)]);
    const res = await served(
      await accepted(await upload('funny.gif', new Uint8Array(polyglot), { type: 'image/gif' })),
    );
    expect(res.headers.get('content-type')).toBe('image/gif');
    expectSandboxed(res);
    expect(Buffer.from(await res.arrayBuffer()).includes('<script>')).toBe(false);
  });

  const refused: Array<[string, string, Uint8Array<ArrayBuffer>, string]> = [
    [
      'an SVG with script named photo.png',
      'photo.png',
      bytesOf('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
      'image/png',
    ],
    [
      'an HTML page named doc.pdf',
      'doc.pdf',
      bytesOf('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
      'application/pdf',
    ],
    [
      'an SVG named drawing.svg',
      'drawing.svg',
      bytesOf('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      'image/svg+xml',
    ],
    ['a script', 'tool.js', bytesOf('alert(document.cookie)'), 'text/javascript'],
    ['HTML with a PDF header further in', 'x.pdf', bytesOf(' %PDF-1.4 <script>alert(1)</script>'), 'application/pdf'],
  ];
  for (const [what, name, bytes, type] of refused) {
    it(`refuses ${what} with a 415 page and stores nothing`, async () => {
      const rows = await countRows(t, 'attachments');
      const disk = filesOnDisk();
      for (const withLength of [false, true]) {
        const res = await upload(name, bytes, { type, withLength });
        expect(res.status).toBe(415);
        const html = await res.text();
        expect(html).toContain('That file type is not accepted. Upload a PNG, JPEG, GIF or WebP image, or a PDF.');
        expect(html).toContain('type="file"'); // the form is there to try again
      }
      expect(await countRows(t, 'attachments')).toBe(rows);
      expect(filesOnDisk()).toEqual(disk);
    });
  }
});

describe('hidden metadata (patron privacy)', () => {
  it('tells the uploader what is removed and that the visible content is theirs to check', async () => {
    const html = await (await client.get(`/articles/${slug}/files`)).text();
    expect(html).toContain('hidden details are removed: camera and location data (EXIF, GPS)');
    expect(html).toContain('check every page and image yourself for patron names');
  });

  const files: Array<[string, string, () => Promise<Uint8Array<ArrayBuffer>> | Uint8Array<ArrayBuffer>]> = [
    ['a JPEG with EXIF GPS, XMP, IPTC and a comment', 'slip.jpg', jpegWithMetadata],
    ['a PNG with a tEXt Author', 'slip.png', () => pngWithMetadata()],
    ['a GIF with a comment and XMP', 'slip.gif', gifWithMetadata],
    ['a WebP with EXIF and XMP', 'slip.webp', webpWithMetadata],
    ['a PDF with an Author, a Title and an XMP stream', 'notice.pdf', () => pdfWithMetadata()],
  ];
  for (const [what, name, make] of files) {
    it(`stores ${what} without it, on disk and as served`, async () => {
      const bytes = await make();
      expect(namesPatron(bytes)).toBe(true);
      const id = await accepted(await upload(name, bytes));
      const onDisk = fs.readFileSync(path.join(t.deps.config.dataDir, 'uploads', id.slice(0, 2), id));
      expect(namesPatron(onDisk)).toBe(false);
      expect((await storedRow(id))?.byte_size).toBe(onDisk.length);
      expect(namesPatron(new Uint8Array(await (await served(id)).arrayBuffer()))).toBe(false);
    });
  }

  it('stores a profile photo without its EXIF location, and the photo form says so', async () => {
    const profileToken = await client.csrf('/account/profile');
    const form = await (await client.get('/account/profile')).text();
    expect(form).toContain('Camera and location details (EXIF, GPS) and other hidden metadata are removed');
    const res = await client.request('/account/profile/photo', {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: multipartBody({ _csrf: profileToken }, { photo: new File([jpegWithMetadata()], 'me.jpg') }),
    });
    expect(res.status).toBe(303);
    const dir = path.join(t.deps.config.dataDir, PHOTO_DIR);
    const photos = fs.readdirSync(dir).filter((f) => f.endsWith('.jpg'));
    expect(photos).toHaveLength(1);
    expect(namesPatron(fs.readFileSync(path.join(dir, photos[0]!)))).toBe(false);
  });

  it('refuses a truncated image and an encrypted or unreadable PDF with the form and the reason, storing nothing', async () => {
    const rows = await countRows(t, 'attachments');
    const disk = filesOnDisk();
    const jpeg = jpegWithMetadata();
    const truncated = await upload('cut.jpg', jpeg.slice(0, 40));
    expect(truncated.status).toBe(400);
    expect(await truncated.text()).toContain('The image seems damaged or cut short');
    const fake = await upload('fake.pdf', bytesOf('%PDF-1.4\n%fake\n'));
    expect(fake.status).toBe(400);
    const html = await fake.text();
    expect(html).toContain('This PDF could not be read, so it was not stored.');
    expect(html).toContain('type="file"');
    expect(html).not.toContain(PATRON);
    expect(await countRows(t, 'attachments')).toBe(rows);
    expect(filesOnDisk()).toEqual(disk);
  });
});

/** A request body that counts how much of it the server reads. */
function countingBody(head: Uint8Array, fillerBytes: number, tail: Uint8Array) {
  const state = { pulled: 0 };
  let sentHead = false;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentHead) {
        sentHead = true;
        controller.enqueue(head);
      } else if (sent < fillerBytes) {
        const chunk = new Uint8Array(Math.min(16 * 1024, fillerBytes - sent)).fill(0x61);
        sent += chunk.length;
        controller.enqueue(chunk);
      } else {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      state.pulled = sent;
    },
  });
  return { stream, state };
}

describe('size limits', () => {
  it('refuses a file over the upload limit with the upload form again (413), whether or not the size was announced', async () => {
    const rows = await countRows(t, 'attachments');
    const disk = filesOnDisk();
    for (const size of [MAX + 1, MAX + 200 * 1024]) {
      for (const withLength of [false, true]) {
        const res = await upload('big.png', pngOfSize(size), { type: 'image/png', withLength });
        expect(res.status, `${size} bytes, length ${withLength}`).toBe(413);
        const html = await res.text();
        // The form to try again, the reason beside it, and the member still signed in.
        expect(html).toContain(`action="/articles/${slug}/files"`);
        expect(html).toContain('The file was not uploaded');
        expect(html).toContain('That file is larger than the hub accepts (the limit is 64 KB). Make the file smaller');
        expect(html).toMatch(/<button[^>]*>\s*Sign out\s*<\/button>/);
      }
    }
    expect(await countRows(t, 'attachments')).toBe(rows);
    expect(filesOnDisk()).toEqual(disk);
  });

  it('stops reading an oversized upload soon after the limit instead of taking all of it', async () => {
    const boundary = 'SecurityTestBoundary';
    const head = bytesOf(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n`,
    );
    const { stream, state } = countingBody(head, 4 * 1024 * 1024, bytesOf(`\r\n--${boundary}--\r\n`));
    const res = await client.request(`/articles/${slug}/files`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { ...SAME_ORIGIN, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThan(MAX + 256 * 1024);
  });

  it('refuses a form body over 2 MB on an ordinary form route, and reads no more than that', async () => {
    const articles = await countRows(t, 'articles');
    const big = new URLSearchParams({
      ...(articleForm() as Record<string, string>),
      _csrf: token,
      body: 'x'.repeat(2 * 1024 * 1024 + 100),
    });
    const res = await client.request('/articles', {
      method: 'POST',
      body: big,
      headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(errorCode(html)).toBe('http.payload_too_large');
    expect(html).toContain('The limit is 2 MB.');
    expect(await countRows(t, 'articles')).toBe(articles);

    for (const target of ['/articles', `/articles/${slug}/history/files`, '/no-such-route/files']) {
      const { stream, state } = countingBody(bytesOf(`_csrf=${token}&body=`), 8 * 1024 * 1024, bytesOf('&end=1'));
      const streamed = await client.request(target, {
        method: 'POST',
        body: stream,
        duplex: 'half',
        headers: { ...SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      } as RequestInit);
      expect(streamed.status, target).toBe(413);
      expect(state.pulled, target).toBeLessThan(2 * 1024 * 1024 + 64 * 1024);
    }
  });
});
