import { AppError } from '../http/errors';
import { offload } from '../workers/shared';
import { STRIP_PDF_TASK, type StripResult } from './task';

export type { StripResult } from './task';

/**
 * What an uploader is told on every upload form (patron privacy: nothing that
 * identifies a patron is stored, docs/decisions/034-uploads-stripped.md).
 */
export const STRIPPED_NOTICE =
  'Before a file is stored, hidden details are removed: camera and location data (EXIF, GPS), XMP and IPTC ' +
  'metadata, comments and text notes in images, and a PDF’s author, title, subject, keywords, creating program and ' +
  'XMP metadata. What the file shows is kept as it is: before you upload, check every page and image yourself for ' +
  'patron names, request numbers, addresses, barcodes or screenshots of records.';

/** A PDF is stripped in the shared worker pool: parsing and rewriting a 10 MB file may take a few seconds. */
export const STRIP_PDF_TIMEOUT_MS = 20_000;

class Malformed extends Error {}

const DAMAGED =
  'The image seems damaged or cut short, so it was not stored. Open it in an image editor, save a new copy and ' +
  'upload that.';

/**
 * The bytes to store for an upload whose type was decided from its bytes: the same content without hidden
 * metadata, or a reason to refuse it (never the original, unstripped). PDFs go to the worker pool, whose busy
 * or overrun answers (503 `http.busy`, `http.took_too_long`) pass through: nothing is stored then either.
 */
export async function stripMetadata(bytes: Uint8Array, contentType: string): Promise<StripResult> {
  if (contentType === 'application/pdf') {
    try {
      return await offload<StripResult>(STRIP_PDF_TASK, bytes, { timeoutMs: STRIP_PDF_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof AppError) throw error;
      // The thread died (out of its heap, say): a PDF too complex to rewrite is refused, not stored as it was.
      return {
        ok: false,
        reason: 'This PDF could not be processed, so it was not stored. Save or print it to a new PDF and upload that.',
      };
    }
  }
  return stripImage(bytes, contentType);
}

/** Images: synchronous and linear in the file's size (a walk over the container's segments). */
export function stripImage(bytes: Uint8Array, contentType: string): StripResult {
  try {
    switch (contentType) {
      case 'image/jpeg':
        return { ok: true, bytes: stripJpeg(bytes) };
      case 'image/png':
        return { ok: true, bytes: stripPng(bytes) };
      case 'image/gif':
        return { ok: true, bytes: stripGif(bytes) };
      case 'image/webp':
        return { ok: true, bytes: stripWebp(bytes) };
      default:
        return { ok: false, reason: 'That file type is not accepted.' };
    }
  } catch (error) {
    if (error instanceof Malformed || error instanceof RangeError) return { ok: false, reason: DAMAGED };
    throw error;
  }
}

function need(bytes: Uint8Array, end: number): void {
  if (end > bytes.length) throw new Malformed('truncated');
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

// ---------------------------------------------------------------- JPEG

/**
 * Keeps SOI, APP0 (JFIF), APP2 only when it is an ICC profile, APP14 "Adobe" (colour transform flags a decoder
 * needs for CMYK files, nothing personal), the tables, frames and scans; drops APP1 (EXIF, XMP), APP13 (IPTC),
 * COM and every other APPn. Scan data is copied as it is. Ends at EOI: anything after it (phones append
 * second images with their own EXIF there) is dropped. One thing of EXIF survives: an Orientation other than 1
 * (a phone photo shown the wrong way round otherwise) is written back, in place of the first EXIF segment, as a new
 * EXIF segment holding that one tag and nothing else (see 034).
 */
export function stripJpeg(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Malformed('no SOI');
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let i = 2;
  let sawScan = false;
  let sawExif = false;
  for (;;) {
    need(bytes, i + 2);
    if (bytes[i] !== 0xff) throw new Malformed('expected a marker');
    // Fill bytes before a marker.
    while (bytes[i + 1] === 0xff) {
      i++;
      need(bytes, i + 2);
    }
    const marker = bytes[i + 1] as number;
    if (marker === 0xd9) {
      if (!sawScan) throw new Malformed('no image data');
      parts.push(bytes.subarray(i, i + 2));
      return concat(parts);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(bytes.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (marker === 0xd8 || marker === 0x00) throw new Malformed('unexpected marker');
    need(bytes, i + 4);
    const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    if (length < 2) throw new Malformed('bad segment length');
    const end = i + 2 + length;
    need(bytes, end);
    if (keepJpegSegment(bytes, marker, i + 4, length - 2)) parts.push(bytes.subarray(i, end));
    else if (marker === 0xe1 && !sawExif && isExif(bytes, i + 4, length - 2)) {
      sawExif = true;
      const found = exifOrientation(bytes.subarray(i + 4 + 6, end));
      if (found) parts.push(orientationSegment(found.orientation, found.bigEndian));
    }
    i = end;
    if (marker === 0xda) {
      sawScan = true;
      // Entropy-coded data: runs until a marker other than a stuffed 0xFF00 or a restart marker.
      const start = i;
      for (;;) {
        need(bytes, i + 2);
        if (bytes[i] === 0xff) {
          const next = bytes[i + 1] as number;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
          i += next === 0xff ? 1 : 2;
        } else i++;
      }
      parts.push(bytes.subarray(start, i));
    }
  }
}

function keepJpegSegment(bytes: Uint8Array, marker: number, data: number, size: number): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker < 0xe0 || marker > 0xef) return true; // tables, frames, scans, DRI…
  if (marker === 0xe0) return true; // APP0: JFIF
  if (marker === 0xe2) return size >= 12 && ascii(bytes, data, 12) === 'ICC_PROFILE\0';
  if (marker === 0xee) return size >= 5 && ascii(bytes, data, 5) === 'Adobe';
  return false;
}

const isExif = (bytes: Uint8Array, data: number, size: number) => size >= 6 && ascii(bytes, data, 6) === 'Exif\0\0';

const ORIENTATION_TAG = 0x0112;
const TIFF_SHORT = 3;

/**
 * The Orientation (2–8) in IFD0 of an EXIF block's TIFF data, with its byte order; undefined when it is 1 or absent,
 * and when the data is malformed (bad header, an IFD that runs past the end, a tag of the wrong type): EXIF is then
 * just dropped, never a reason to refuse the file.
 */
function exifOrientation(tiff: Uint8Array): { orientation: number; bigEndian: boolean } | undefined {
  if (tiff.length < 8) return undefined;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.length);
  if (view.getUint16(2, little) !== 42) return undefined;
  const ifd = view.getUint32(4, little);
  if (ifd < 8 || ifd + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd, little);
  if (ifd + 2 + count * 12 > tiff.length) return undefined;
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (view.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    if (view.getUint16(entry + 2, little) !== TIFF_SHORT || view.getUint32(entry + 4, little) !== 1) return undefined;
    const value = view.getUint16(entry + 8, little);
    return value >= 2 && value <= 8 ? { orientation: value, bigEndian: !little } : undefined;
  }
  return undefined;
}

/** A complete APP1 segment: "Exif\0\0", a TIFF header, IFD0 with the one Orientation entry, no next IFD. */
function orientationSegment(orientation: number, bigEndian: boolean): Uint8Array {
  const tiff = 8 + 2 + 12 + 4;
  const out = new Uint8Array(4 + 6 + tiff);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xffe1);
  view.setUint16(2, out.length - 2);
  out.set([0x45, 0x78, 0x69, 0x66, 0, 0], 4); // "Exif\0\0"
  const at = 10;
  const little = !bigEndian;
  out.set(bigEndian ? [0x4d, 0x4d] : [0x49, 0x49], at);
  view.setUint16(at + 2, 42, little);
  view.setUint32(at + 4, 8, little); // IFD0 right after the header
  view.setUint16(at + 8, 1, little); // one entry
  view.setUint16(at + 10, ORIENTATION_TAG, little);
  view.setUint16(at + 12, TIFF_SHORT, little);
  view.setUint32(at + 14, 1, little); // count
  view.setUint16(at + 18, orientation, little); // value, left-justified in the 4-byte field
  view.setUint32(at + 22, 0, little); // no next IFD (no thumbnail)
  return out;
}

// ---------------------------------------------------------------- PNG

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** Keeps every chunk whole (so its CRC stays valid) except text, EXIF and time chunks; stops at IEND. */
export function stripPng(bytes: Uint8Array): Uint8Array {
  need(bytes, 8);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let i = 8;
  for (;;) {
    need(bytes, i + 12);
    const view = new DataView(bytes.buffer, bytes.byteOffset + i, 8);
    const length = view.getUint32(0);
    const type = ascii(bytes, i + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Malformed('bad chunk type');
    const end = i + 12 + length;
    need(bytes, end);
    if (!PNG_DROP.has(type)) parts.push(bytes.subarray(i, end));
    i = end;
    if (type === 'IEND') return concat(parts);
  }
}

// ---------------------------------------------------------------- GIF

/** Application extensions kept: animation looping and an ICC profile. XMP and anything unknown are dropped. */
const GIF_KEEP_APPS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012']);

/** Drops comment extensions and application extensions other than looping and ICC; stops at the trailer. */
export function stripGif(bytes: Uint8Array): Uint8Array {
  need(bytes, 13);
  const packed = bytes[10] as number;
  let i = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  need(bytes, i);
  const parts: Uint8Array[] = [bytes.subarray(0, i)];
  /** Skip sub-blocks from `at` up to and including the 0 terminator; returns the index after it. */
  const subBlocks = (at: number) => {
    let j = at;
    for (;;) {
      need(bytes, j + 1);
      const size = bytes[j] as number;
      j += 1 + size;
      if (size === 0) return j;
    }
  };
  for (;;) {
    need(bytes, i + 1);
    const introducer = bytes[i];
    if (introducer === 0x3b) {
      parts.push(bytes.subarray(i, i + 1));
      return concat(parts);
    }
    if (introducer === 0x21) {
      need(bytes, i + 2);
      const label = bytes[i + 1];
      const end = subBlocks(i + 2);
      let keep = label !== 0xfe;
      if (label === 0xff) {
        const size = bytes[i + 2] as number;
        keep = size === 11 && GIF_KEEP_APPS.has(ascii(bytes, i + 3, 11));
      }
      if (keep) parts.push(bytes.subarray(i, end));
      i = end;
    } else if (introducer === 0x2c) {
      need(bytes, i + 10);
      const local = bytes[i + 9] as number;
      const afterTable = i + 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      need(bytes, afterTable + 1); // LZW minimum code size
      const end = subBlocks(afterTable + 1);
      parts.push(bytes.subarray(i, end));
      i = end;
    } else throw new Malformed('unknown GIF block');
  }
}

// ---------------------------------------------------------------- WebP

/** Chunks a WebP decoder uses; EXIF, XMP and anything unknown are dropped. */
const WEBP_KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/** Drops EXIF and XMP chunks, clears their VP8X flags and writes the new RIFF size. */
export function stripWebp(bytes: Uint8Array): Uint8Array {
  need(bytes, 12);
  const riffEnd = 8 + new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  need(bytes, riffEnd);
  const parts: Uint8Array[] = [new Uint8Array(12)];
  let i = 12;
  let image = false;
  while (i < riffEnd) {
    need(bytes, i + 8);
    const type = ascii(bytes, i, 4);
    const size = new DataView(bytes.buffer, bytes.byteOffset + i, 8).getUint32(4, true);
    const end = i + 8 + size + (size & 1);
    if (end > riffEnd + (size & 1)) throw new Malformed('chunk runs past the end');
    need(bytes, i + 8 + size);
    if (WEBP_KEEP.has(type)) {
      const chunk = bytes.slice(i, Math.min(end, bytes.length));
      if (type === 'VP8X' && size >= 1) chunk[8] = (chunk[8] as number) & ~(VP8X_EXIF | VP8X_XMP);
      if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') image = true;
      parts.push(chunk.length === 8 + size + (size & 1) ? chunk : concat([chunk, new Uint8Array(1)]));
    }
    i = end;
  }
  if (!image) throw new Malformed('no image data');
  const out = concat(parts);
  out.set(bytes.subarray(0, 12), 0);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}
