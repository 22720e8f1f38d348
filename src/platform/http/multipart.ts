/**
 * Multipart forms read as they arrive. Buffering the body and then parsing it (Hono's parseBody, the platform's
 * FormData parser) briefly takes three times an upload's size, and the buffer stays for the request's life: a
 * 10 MB export cost the hub about 30 MB. Here the body is parsed as a stream (@fastify/busboy) and each file is kept
 * as a Blob made of the chunks it arrived in (not joined, not copied again). input-guard.ts hands the FormData to
 * Hono's body cache, so `c.req.parseBody()` returns it for the CSRF check and the route alike.
 */
import { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';

/** More parts than the form may have. */
export class TooManyParts extends Error {}

/**
 * Parse a multipart body into FormData, each file a Blob of the chunks it arrived in. More than `maxParts` parts
 * rejects with TooManyParts; a malformed body rejects with the parser's error. The body's size is bounded before
 * (server.ts: the body limit), so a field's value is never cut short here.
 */
export function streamedFormData(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  maxParts: number,
): Promise<FormData> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    let pending = 0;
    let finished = false;
    const done = () => {
      if (finished && pending === 0) resolve(form);
    };
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { 'content-type': contentType },
        limits: { parts: maxParts, fieldSize: Number.MAX_SAFE_INTEGER },
      });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on('field', (name, value) => form.append(name, value));
    parser.on('file', (name, stream, filename, _encoding, mimeType) => {
      pending++;
      const parts: Blob[] = [];
      // Each chunk becomes a Blob at once, so the JavaScript buffers can go; the File refers to the Blobs.
      stream.on('data', (chunk: Buffer) => parts.push(new Blob([chunk as Uint8Array<ArrayBuffer>])));
      stream.on('error', reject);
      stream.on('end', () => {
        // An empty file input arrives as a part with no name and no bytes: like the platform's parser, an empty File.
        form.append(name, new File(parts, filename ?? '', { type: mimeType || 'application/octet-stream' }));
        pending--;
        done();
      });
    });
    parser.on('error', reject);
    parser.on('partsLimit', () => reject(new TooManyParts()));
    parser.on('finish', () => {
      finished = true;
      done();
    });
    Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
      .on('error', reject)
      .pipe(parser);
  });
}
