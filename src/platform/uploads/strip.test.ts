import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  gifWithMetadata,
  jpegWithMetadata,
  namesPatron,
  PATRON,
  pdfWithMetadata,
  pngWithMetadata,
  tinyPng,
  webpWithMetadata,
} from '../../../test/security/files';
import { stripPdf } from './strip-pdf';
import { WorkerPool } from '../workers/pool';
import { replaceSharedPool } from '../workers/shared';
import { STRIPPED_NOTICE, stripImage, stripMetadata } from './strip';

function stripped(bytes: Uint8Array, type: string): Uint8Array {
  const result = stripImage(bytes, type);
  if (!result.ok) throw new Error(result.reason);
  return result.bytes;
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  Buffer.from(bytes.subarray(start, start + length)).toString('latin1');

/** JPEG markers in order (scan data skipped), failing unless the walk ends exactly at EOI. */
function jpegMarkers(bytes: Uint8Array): string[] {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  const markers = ['SOI'];
  let i = 2;
  for (;;) {
    expect(bytes[i], `marker at ${i}`).toBe(0xff);
    const marker = bytes[i + 1]!;
    if (marker === 0xd9) {
      markers.push('EOI');
      expect(i + 2, 'EOI is the last byte').toBe(bytes.length);
      return markers;
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      markers.push('RST');
      i += 2;
    } else {
      const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
      expect(i + 2 + length).toBeLessThanOrEqual(bytes.length);
      markers.push(marker >= 0xe0 && marker <= 0xef ? `APP${marker - 0xe0}` : marker.toString(16).toUpperCase());
      i += 2 + length;
    }
    if (marker === 0xda || (marker >= 0xd0 && marker <= 0xd7)) {
      while (!(bytes[i] === 0xff && bytes[i + 1] !== 0x00)) i++;
    }
  }
}

/** PNG chunk types in order, failing on a bad CRC or anything after IEND. */
function pngChunks(bytes: Uint8Array): string[] {
  const view = Buffer.from(bytes);
  const types: string[] = [];
  let i = 8;
  while (i < view.length) {
    const length = view.readUInt32BE(i);
    const type = ascii(bytes, i + 4, 4);
    const crc = view.readUInt32BE(i + 8 + length);
    expect(crc, `CRC of ${type}`).toBe(crc32(bytes.subarray(i + 4, i + 8 + length)));
    types.push(type);
    i += 12 + length;
    if (type === 'IEND') expect(i, 'IEND is last').toBe(view.length);
  }
  return types;
}

/** WebP chunk types in order, checking the RIFF size and even padding. */
function webpChunks(bytes: Uint8Array): string[] {
  const view = Buffer.from(bytes);
  expect(ascii(bytes, 0, 4)).toBe('RIFF');
  expect(view.readUInt32LE(4)).toBe(bytes.length - 8);
  const types: string[] = [];
  let i = 12;
  while (i < bytes.length) {
    const size = view.readUInt32LE(i + 4);
    types.push(ascii(bytes, i, 4));
    i += 8 + size + (size % 2);
  }
  expect(i).toBe(bytes.length);
  return types;
}

describe('stripping JPEG', () => {
  it('drops EXIF (with its GPS block), XMP, IPTC, comments and what follows EOI; keeps JFIF, ICC and the image', () => {
    const input = jpegWithMetadata();
    expect(namesPatron(input)).toBe(true);
    const out = stripped(input, 'image/jpeg');
    expect(namesPatron(out)).toBe(false);
    expect(Buffer.from(out).includes('Exif')).toBe(false);
    expect(Buffer.from(out).includes('Quokka Lane')).toBe(false);
    expect(jpegMarkers(out)).toEqual(['SOI', 'APP0', 'APP2', 'DB', 'C0', 'C4', 'DD', 'DA', 'RST', 'EOI']);
    // The scan is byte for byte the same, stuffed 0xFF00 and restart marker included.
    const scan = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd9]);
    expect(Buffer.from(out).subarray(out.length - scan.length)).toEqual(scan);
  });

  it('refuses a file whose segment runs past the end, or whose image data is cut short', () => {
    const input = jpegWithMetadata();
    for (const cut of [5, 30, input.indexOf(0xda) + 3]) {
      const result = stripImage(input.subarray(0, cut), 'image/jpeg');
      expect(result.ok, `cut at ${cut}`).toBe(false);
    }
    const noEoi = Buffer.from(input).subarray(0, Buffer.from(input).indexOf(Buffer.from([0xff, 0xd9])));
    expect(stripImage(noEoi, 'image/jpeg')).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged/) });
  });
});

describe('stripping PNG', () => {
  it('drops tEXt, zTXt, iTXt, eXIf and tIME chunks and trailing bytes; other chunks stay whole with valid CRCs', () => {
    const input = pngWithMetadata(Buffer.from('kept'));
    expect(namesPatron(input)).toBe(true);
    const out = stripped(input, 'image/png');
    expect(namesPatron(out)).toBe(false);
    expect(pngChunks(out)).toEqual(['IHDR', 'IDAT', 'prVt', 'IEND']);
  });

  it('leaves a PNG without metadata byte for byte as it was, and refuses a truncated one', () => {
    expect(stripped(tinyPng(), 'image/png')).toEqual(tinyPng());
    const input = pngWithMetadata();
    expect(stripImage(input.subarray(0, 40), 'image/png').ok).toBe(false);
    const noEnd = input.subarray(0, Buffer.from(input).indexOf('IEND') - 4);
    expect(stripImage(noEnd, 'image/png').ok).toBe(false);
  });
});

describe('stripping GIF', () => {
  it('drops comment and XMP extensions, keeps NETSCAPE looping, the frame and the trailer', () => {
    const input = gifWithMetadata();
    expect(namesPatron(input)).toBe(true);
    const out = Buffer.from(stripped(input, 'image/gif'));
    expect(namesPatron(out)).toBe(false);
    expect(out.includes('XMP DataXMP')).toBe(false);
    expect(out.includes('NETSCAPE2.0')).toBe(true);
    expect(out.includes(Buffer.from([0x21, 0xfe]))).toBe(false);
    // Header and colour table, looping, graphic control, image, trailer: nothing else.
    expect(out.length).toBe(13 + 6 + 19 + 8 + 10 + 5 + 1);
    expect(out[out.length - 1]).toBe(0x3b);
  });

  it('refuses a GIF cut short inside a block', () => {
    const input = gifWithMetadata();
    expect(stripImage(input.subarray(0, 30), 'image/gif').ok).toBe(false);
    expect(stripImage(input.subarray(0, input.length - 1), 'image/gif').ok).toBe(false);
  });
});

describe('stripping WebP', () => {
  it('drops EXIF and XMP chunks, clears their VP8X flags and fixes the RIFF size', () => {
    const input = webpWithMetadata();
    expect(namesPatron(input)).toBe(true);
    expect(input[20]! & 0x0c).toBe(0x0c);
    const out = stripped(input, 'image/webp');
    expect(namesPatron(out)).toBe(false);
    expect(webpChunks(out)).toEqual(['VP8X', 'VP8L']);
    expect(out[20]! & 0x0c).toBe(0);
  });

  it('refuses a WebP whose RIFF size claims more than the file holds', () => {
    const input = webpWithMetadata();
    expect(stripImage(input.subarray(0, input.length - 10), 'image/webp').ok).toBe(false);
  });
});

describe('stripping PDF', () => {
  it('removes the Info dictionary and the XMP stream so the values are gone from the bytes, and still opens', async () => {
    const input = await pdfWithMetadata();
    expect(namesPatron(input)).toBe(true);
    const result = await stripPdf(input);
    if (!result.ok) throw new Error(result.reason);
    expect(namesPatron(result.bytes)).toBe(false);
    expect(Buffer.from(result.bytes).includes('Scanner 3000')).toBe(false);
    const reopened = await PDFDocument.load(result.bytes, { updateMetadata: false });
    expect(reopened.getAuthor()).toBeUndefined();
    expect(reopened.getTitle()).toBeUndefined();
    expect(reopened.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    expect(reopened.getPageCount()).toBe(1);
  });

  it('does not carry over values from an earlier revision or an orphaned object', async () => {
    const base = Buffer.from(await pdfWithMetadata());
    const orphan = Buffer.from(`\n99 0 obj\n<< /Author (Old ${PATRON}) >>\nendobj\n`, 'latin1');
    const result = await stripPdf(new Uint8Array(Buffer.concat([base, orphan])));
    if (!result.ok) throw new Error(result.reason);
    expect(namesPatron(result.bytes)).toBe(false);
  });

  it('removes the author of a comment but keeps the comment', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage();
    const note = doc.context.obj({
      Type: 'Annot',
      Subtype: 'Text',
      Rect: [10, 10, 30, 30],
      T: PDFString.of(PATRON),
      Contents: PDFString.of('Check the due date'),
    });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(note)]));
    const result = await stripPdf(await doc.save({ useObjectStreams: false }));
    if (!result.ok) throw new Error(result.reason);
    expect(namesPatron(result.bytes)).toBe(false);
    expect(Buffer.from(result.bytes).includes('Check the due date')).toBe(true);
  });

  it('refuses an encrypted PDF and one that cannot be read, saying why', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage();
    doc.context.trailerInfo.Encrypt = doc.context.register(
      doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFString.of('x'), U: PDFString.of('y'), P: -4 }),
    );
    expect(await stripPdf(await doc.save({ useObjectStreams: false }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/password-protected or encrypted/),
    });
    expect(await stripPdf(new TextEncoder().encode('%PDF-1.4\n%fake\n'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not be read/),
    });
  });
});

describe('a PDF whose rewriting fails in the pool', () => {
  it('is refused with a reason, never passed through unstripped', async () => {
    // A pool whose threads know no strip task: the task fails as a thread out of heap would.
    const pool = new WorkerPool({
      entry: new URL('../workers/tsx-worker.mjs', import.meta.url),
      workerData: { entry: new URL('../workers/fixtures/tasks.ts', import.meta.url).href },
      maxThreads: 1,
      queueLimit: 1,
      idleTimeoutMs: 60_000,
      taskTimeoutMs: 20_000,
    });
    replaceSharedPool(pool);
    try {
      expect(await stripMetadata(await pdfWithMetadata(), 'application/pdf')).toEqual({
        ok: false,
        reason: expect.stringMatching(/could not be processed, so it was not stored/),
      });
    } finally {
      replaceSharedPool(undefined);
      await pool.close();
    }
  });
});

describe('what the upload forms say', () => {
  it('names what is removed and that the visible content is the uploader’s to check', () => {
    expect(STRIPPED_NOTICE).toMatch(/EXIF, GPS/);
    expect(STRIPPED_NOTICE).toMatch(/author, title/);
    expect(STRIPPED_NOTICE).toMatch(/check every page and image yourself for patron names/);
  });
});
