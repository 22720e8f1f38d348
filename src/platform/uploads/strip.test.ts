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

/**
 * TIFF data for an EXIF block in either byte order: IFD0 with Orientation (when given, as a SHORT), Artist naming the
 * patron and a GPS IFD pointer; the GPS IFD holds a latitude reference and a note naming the patron's street.
 */
function exifTiff(order: 'II' | 'MM', orientation?: number): Buffer {
  const le = order === 'II';
  const artist = Buffer.from(`${PATRON}\x00`, 'latin1');
  const street = Buffer.from('12 Quokka Lane\x00', 'latin1');
  const n = orientation === undefined ? 2 : 3;
  const gpsAt = 8 + 2 + n * 12 + 4;
  const dataAt = gpsAt + 2 + 2 * 12 + 4;
  const tiff = Buffer.alloc(dataAt + artist.length + street.length);
  const u16 = (v: number, at: number) => (le ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  tiff.write(order, 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  let at = 8;
  const entry = (tag: number, type: number, count: number, value: number) => {
    u16(tag, at);
    u16(type, at + 2);
    u32(count, at + 4);
    if (type === 3) u16(value, at + 8);
    else u32(value, at + 8);
    at += 12;
  };
  u16(n, at);
  at += 2;
  if (orientation !== undefined) entry(0x0112, 3, 1, orientation);
  entry(0x013b, 2, artist.length, dataAt); // Artist
  entry(0x8825, 4, 1, gpsAt); // GPS IFD
  u32(0, at);
  at = gpsAt;
  u16(2, at);
  at += 2;
  entry(0x0001, 2, 2, 0); // GPSLatitudeRef
  tiff.write('N', at - 4, 'latin1');
  entry(0x001b, 7, street.length, dataAt + artist.length); // GPSProcessingMethod
  u32(0, at);
  artist.copy(tiff, dataAt);
  street.copy(tiff, dataAt + artist.length);
  return tiff;
}

/** The metadata-laden JPEG with its EXIF segment (right after APP0) replaced by one holding `tiff`. */
function jpegWithExif(tiff: Uint8Array): Uint8Array {
  const base = Buffer.from(jpegWithMetadata());
  const at = 4 + base.readUInt16BE(4);
  expect(base.readUInt16BE(at)).toBe(0xffe1);
  const end = at + 2 + base.readUInt16BE(at + 2);
  const payload = Buffer.concat([Buffer.from('Exif\x00\x00', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return new Uint8Array(Buffer.concat([base.subarray(0, at), head, payload, base.subarray(end)]));
}

/** The APP1 segments of a JPEG (before its scan), whole. */
function app1Segments(bytes: Uint8Array): Buffer[] {
  const b = Buffer.from(bytes);
  const found: Buffer[] = [];
  let i = 2;
  while (b[i] === 0xff && b[i + 1] !== 0xda) {
    const end = i + 2 + b.readUInt16BE(i + 2);
    if (b[i + 1] === 0xe1) found.push(b.subarray(i, end));
    i = end;
  }
  return found;
}

const SCAN_END = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd9]);

describe('stripping JPEG: the EXIF orientation', () => {
  it('keeps Orientation 6 alone in a new EXIF segment, in the same byte order, with no GPS or artist', () => {
    const expected = {
      MM: '4d4d002a00000008' + '0001' + '011200030000000100060000' + '00000000',
      II: '49492a0008000000' + '0100' + '120103000100000006000000' + '00000000',
    };
    for (const order of ['MM', 'II'] as const) {
      const input = jpegWithExif(exifTiff(order, 6));
      expect(Buffer.from(input).includes('Quokka Lane')).toBe(true);
      const out = stripped(input, 'image/jpeg');
      expect(jpegMarkers(out), order).toEqual([
        'SOI',
        'APP0',
        'APP1',
        'APP2',
        'DB',
        'C0',
        'C4',
        'DD',
        'DA',
        'RST',
        'EOI',
      ]);
      const [app1, ...more] = app1Segments(out);
      expect(more).toEqual([]);
      expect(app1!.subarray(0, 10).toString('latin1'), order).toBe('\xff\xe1\x00\x22Exif\x00\x00');
      expect(app1!.subarray(10).toString('hex'), order).toBe(expected[order]);
      expect(namesPatron(out)).toBe(false);
      expect(Buffer.from(out).includes('Quokka Lane')).toBe(false);
      expect(Buffer.from(out).subarray(out.length - SCAN_END.length)).toEqual(SCAN_END);
    }
  });

  it('writes no EXIF segment when the orientation is 1, absent or not a valid value', () => {
    for (const [order, orientation] of [
      ['MM', 1],
      ['II', 1],
      ['MM', undefined],
      ['II', 0],
      ['MM', 9],
    ] as const) {
      const out = stripped(jpegWithExif(exifTiff(order, orientation)), 'image/jpeg');
      expect(app1Segments(out), `${order} ${orientation}`).toEqual([]);
      expect(Buffer.from(out).includes('Exif')).toBe(false);
    }
  });

  it('drops a truncated or malformed EXIF block and keeps the image', () => {
    const full = exifTiff('MM', 6);
    const ifdEnd = 8 + 2 + 3 * 12;
    const wrongType = Buffer.from(full);
    wrongType.writeUInt16BE(4, 12); // Orientation as a LONG
    const badMagic = Buffer.from(full);
    badMagic.writeUInt16BE(43, 2);
    const farIfd = Buffer.from(full);
    farIfd.writeUInt32BE(full.length, 4);
    const broken = [
      ...Array.from({ length: ifdEnd }, (_, cut) => full.subarray(0, cut)),
      Buffer.concat([Buffer.from('MI'), full.subarray(2)]),
      wrongType,
      badMagic,
      farIfd,
    ];
    for (const tiff of broken) {
      const result = stripImage(jpegWithExif(tiff), 'image/jpeg');
      if (!result.ok) throw new Error(`${tiff.length} bytes: ${result.reason}`);
      expect(app1Segments(result.bytes), `${tiff.length} bytes`).toEqual([]);
      expect(jpegMarkers(result.bytes)).toEqual(['SOI', 'APP0', 'APP2', 'DB', 'C0', 'C4', 'DD', 'DA', 'RST', 'EOI']);
      expect(Buffer.from(result.bytes).subarray(result.bytes.length - SCAN_END.length)).toEqual(SCAN_END);
    }
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
