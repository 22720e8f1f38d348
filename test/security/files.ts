import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real, valid 1×1 PNG (one opaque pixel), built byte by byte. */
export function tinyPng(): Uint8Array<ArrayBuffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const pixels = deflateSync(Buffer.from([0, 0x33, 0x66, 0x99]));
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', pixels),
    chunk('IEND', new Uint8Array(0)),
  ]);
  return new Uint8Array(png);
}

export function tinyPdf(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    ),
  );
}

export function bytesOf(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text));
}

/** PNG magic followed by filler, `size` bytes in all: enough for content detection. */
export function pngOfSize(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set(tinyPng().subarray(0, Math.min(size, 64)));
  return bytes;
}

// ---- Files carrying hidden metadata (decision 034): each names a made-up patron in places only metadata readers see.

/** The made-up patron named in the fixtures' metadata; stripped files must not contain it. */
export const PATRON = 'Jane Patron';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

function jpegSegment(marker: number, payload: Uint8Array): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * A baseline JPEG's structure (JFIF, ICC profile, tables, frame, one scan with a stuffed 0xFF and a restart
 * marker, EOI) carrying EXIF with a GPS block and an artist, XMP, IPTC, a comment, and a second image after EOI.
 */
export function jpegWithMetadata(): Uint8Array<ArrayBuffer> {
  // EXIF: big-endian TIFF, IFD0 with Artist (0x013b) and a GPS IFD pointer (0x8825); the GPS IFD holds
  // GPSLatitudeRef "N" and a GPSProcessingMethod-like ASCII note that names the patron's street.
  const artist = latin1(`${PATRON}\x00`);
  const street = latin1('12 Quokka Lane\x00');
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 2 * 12 + 4);
  tiff.write('MM\x00*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(2, 8);
  const gpsAt = 8 + 2 + 24 + 4;
  const dataAt = tiff.length;
  // Artist, ASCII, stored after the IFDs.
  tiff.writeUInt16BE(0x013b, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(artist.length, 14);
  tiff.writeUInt32BE(dataAt, 18);
  // GPS IFD pointer.
  tiff.writeUInt16BE(0x8825, 22);
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt32BE(gpsAt, 30);
  tiff.writeUInt16BE(2, gpsAt);
  tiff.writeUInt16BE(0x0001, gpsAt + 2); // GPSLatitudeRef
  tiff.writeUInt16BE(2, gpsAt + 4);
  tiff.writeUInt32BE(2, gpsAt + 6);
  tiff.write('N', gpsAt + 10, 'latin1');
  tiff.writeUInt16BE(0x001b, gpsAt + 14); // GPSProcessingMethod
  tiff.writeUInt16BE(7, gpsAt + 16);
  tiff.writeUInt32BE(street.length, gpsAt + 18);
  tiff.writeUInt32BE(dataAt + artist.length, gpsAt + 22);
  const exif = Buffer.concat([latin1('Exif\x00\x00'), tiff, artist, street]);
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const icc = Buffer.concat([latin1('ICC_PROFILE\x00'), Buffer.from([1, 1]), Buffer.alloc(16, 7)]);
  const xmp = latin1(`http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><dc:creator>${PATRON}</dc:creator></x:xmpmeta>`);
  const iptc = latin1(`Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0b${PATRON}`);
  const dqt = Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]);
  const sof = Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
  const dht = Buffer.concat([Buffer.from([0, 0, 1]), Buffer.alloc(14), Buffer.from([0])]);
  const dri = Buffer.from([0, 1]);
  const sos = Buffer.from([1, 1, 0, 0, 0x3f, 0]);
  const scan = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]);
  const appended = Buffer.concat([Buffer.from([0xff, 0xd8]), jpegSegment(0xe1, exif), Buffer.from([0xff, 0xd9])]);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      jpegSegment(0xe0, jfif),
      jpegSegment(0xe1, exif),
      jpegSegment(0xe1, xmp),
      jpegSegment(0xe2, icc),
      jpegSegment(0xed, iptc),
      jpegSegment(0xfe, latin1(`Scanned request slip for ${PATRON}`)),
      jpegSegment(0xdb, dqt),
      jpegSegment(0xc0, sof),
      jpegSegment(0xc4, dht),
      jpegSegment(0xdd, dri),
      jpegSegment(0xda, sos),
      scan,
      Buffer.from([0xff, 0xd9]),
      appended,
    ]),
  );
}

/** The 1×1 PNG with text (Author), international text, compressed text, EXIF and time chunks, and a private chunk. */
export function pngWithMetadata(extra: Uint8Array = new Uint8Array(0)): Uint8Array<ArrayBuffer> {
  const png = Buffer.from(tinyPng());
  const iend = png.length - 12;
  const zText = Buffer.concat([latin1('Comment\x00\x00'), deflateSync(latin1(`Borrowed by ${PATRON}`))]);
  return new Uint8Array(
    Buffer.concat([
      png.subarray(0, iend),
      chunk('tEXt', latin1(`Author\x00${PATRON}`)),
      chunk('zTXt', zText),
      chunk('iTXt', latin1(`Description\x00\x00\x00\x00\x00Request for ${PATRON}`)),
      chunk('eXIf', latin1(`MM\x00*\x00\x00\x00\x08${PATRON}`)),
      chunk('tIME', Buffer.from([0x07, 0xea, 12, 4, 3, 50, 0])),
      chunk('prVt', extra),
      png.subarray(iend),
      latin1(`trailing ${PATRON}`),
    ]),
  );
}

/** A 1×1 GIF89a with looping, a comment, an XMP application extension, a graphic control block and one frame. */
export function gifWithMetadata(): Uint8Array<ArrayBuffer> {
  const xmpText = latin1(`<x:xmpmeta><dc:creator>${PATRON}</dc:creator></x:xmpmeta>`);
  const comment = latin1(`Scanned for ${PATRON}`);
  return new Uint8Array(
    Buffer.concat([
      latin1('GIF89a'),
      Buffer.from([1, 0, 1, 0, 0x80, 0, 0]),
      Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
      Buffer.from([0x21, 0xff, 11]),
      latin1('NETSCAPE2.0'),
      Buffer.from([3, 1, 0, 0, 0]),
      Buffer.from([0x21, 0xfe, comment.length]),
      comment,
      Buffer.from([0]),
      Buffer.from([0x21, 0xff, 11]),
      latin1('XMP DataXMP'),
      Buffer.from([xmpText.length]),
      xmpText,
      Buffer.from([0]),
      Buffer.from([0x21, 0xf9, 4, 0, 0, 0, 0, 0]),
      Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]),
      Buffer.from([2, 2, 0x44, 0x01, 0]),
      Buffer.from([0x3b]),
    ]),
  );
}

function riffChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** An extended WebP (VP8X with the EXIF and XMP flags set) holding a lossless frame, EXIF (odd-sized) and XMP. */
export function webpWithMetadata(): Uint8Array<ArrayBuffer> {
  const vp8x = Buffer.from([0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const vp8l = Buffer.from([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00]);
  const body = Buffer.concat([
    latin1('WEBP'),
    riffChunk('VP8X', vp8x),
    riffChunk('VP8L', vp8l),
    riffChunk('EXIF', latin1(`MM\x00*\x00\x00\x00\x08${PATRON} 51.5N`)),
    riffChunk('XMP ', latin1(`<x:xmpmeta>${PATRON}</x:xmpmeta>`)),
  ]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return new Uint8Array(Buffer.concat([head, body]));
}

/**
 * A one-page PDF whose Info dictionary (literal strings, so they show in the bytes) and XMP stream name the patron,
 * written without object streams; `filler` bytes of blank content make it as large as a test needs.
 */
export async function pdfWithMetadata(filler = 0): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  const context = doc.context;
  if (filler > 0)
    page.node.set(PDFName.of('Contents'), context.register(context.stream(new Uint8Array(filler).fill(0x20))));
  context.trailerInfo.Info = context.register(
    context.obj({
      Author: PDFString.of(PATRON),
      Title: PDFString.of(`Overdue notice for ${PATRON}`),
      Subject: PDFString.of('Interlibrary loan'),
      Keywords: PDFString.of('patron, overdue'),
      Creator: PDFString.of('Scanner 3000 at the circulation desk'),
      Producer: PDFString.of('Scanner 3000'),
    }),
  );
  const xmp = context.stream(`<x:xmpmeta><dc:creator>${PATRON}</dc:creator></x:xmpmeta>`, {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), context.register(xmp));
  const bytes = await doc.save({ useObjectStreams: false });
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}

/** True when the patron's name appears anywhere in the bytes (as Latin-1 or UTF-16BE text). */
export function namesPatron(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('latin1');
  return text.includes(PATRON) || text.includes(Buffer.from(PATRON, 'utf16le').swap16().toString('latin1'));
}
