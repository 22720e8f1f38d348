import { randomBytes } from 'node:crypto';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { raw } from 'hono/html';
import { escapeHtml } from './html-string';

declare const rendered: unique symbol;
/** HTML our own views rendered (escaped as they render): safe to place again as it is. */
export type RenderedHtml = string & { readonly [rendered]: true };

/**
 * A page for one reader, as the text made for this request with kept parts between: `texts[0] kept[0]
 * texts[1] … kept[n-1] texts[n]`. Kept parts (an article's body, a thread's posts, the member's header) are
 * strings that live on in a cache; their bytes and their compressed form are made once (see encodePage), so a
 * signed-in page compresses and copies only what was rendered for it.
 */
export interface SegmentedHtml {
  texts: string[];
  kept: RenderedHtml[];
}

export type PageHtml = string | SegmentedHtml;

/** Parts shorter than this are placed inline: a segment's bookkeeping would cost more than copying them. */
const MIN_KEPT = 512;
// Marks where a kept part goes while a page renders, with the part's number: parts may be rendered in another
// order than they appear (the layout renders the content before the header). The nonce is unguessable, so no text
// can forge a mark.
const NONCE = randomBytes(9).toString('base64url');
const MARKS = new RegExp(`\u0001${NONCE}:(\\d+)\u0001`);

let collecting: RenderedHtml[] | undefined;

/**
 * Where a kept part goes in HTML being built as a string: the part itself, or a mark while a page is rendered by
 * renderSegmented. The part must be kept somewhere that outlives the request (a cache), or nothing is gained.
 */
export function keptText(html: RenderedHtml): string {
  if (collecting && html.length >= MIN_KEPT) {
    collecting.push(html);
    return `\u0001${NONCE}:${collecting.length - 1}\u0001`;
  }
  return html;
}

/** Place a kept part in JSX (see keptText). */
export function placeKept(html: RenderedHtml) {
  return raw(keptText(html));
}

/**
 * A part rendered once with named holes for what differs per request (a CSRF token, a form's key): the markup
 * between the holes is kept (see keptText), so a form made for thousands of readers is rendered once.
 */
export interface HoledHtml {
  parts: RenderedHtml[];
  holes: string[];
}

const HOLES = new RegExp(`\u0002${NONCE}~([a-z]+)\u0002`);

/** Render with `hole(name)` where a value goes; the result is filled per request by FilledHoles. */
export function renderWithHoles(render: (hole: (name: string) => string) => string): HoledHtml {
  const pieces = render((name) => `\u0002${NONCE}~${name}\u0002`).split(HOLES);
  const parts: RenderedHtml[] = [];
  const holes: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) parts.push((pieces[i] ?? '') as RenderedHtml);
    else holes.push(pieces[i] ?? '');
  }
  return { parts, holes };
}

const MAX_REMEMBERED_HOLED = 4096;
const rememberedHoled = new Map<string, HoledHtml>();

/**
 * renderWithHoles, remembered under a key that must name everything the markup depends on besides its holes (the
 * most recently used are kept, up to 4,096), for a part with no cache of its own to live in.
 */
export function rememberHoled(key: string, render: (hole: (name: string) => string) => string): HoledHtml {
  let made = rememberedHoled.get(key);
  if (made) rememberedHoled.delete(key);
  else made = renderWithHoles(render);
  rememberedHoled.set(key, made);
  if (rememberedHoled.size > MAX_REMEMBERED_HOLED)
    rememberedHoled.delete(rememberedHoled.keys().next().value as string);
  return made;
}

/** The holed part with this request's values (escaped), its fixed markup kept; place it while the page renders. */
export function FilledHoles({ html, values }: { html: HoledHtml; values: Readonly<Record<string, string>> }) {
  let out = keptText(html.parts[0] ?? ('' as RenderedHtml));
  for (let i = 0; i < html.holes.length; i++) {
    out += escapeHtml(values[html.holes[i] ?? ''] ?? '') + keptText(html.parts[i + 1] ?? ('' as RenderedHtml));
  }
  return raw(out);
}

/** Render a page (synchronously) with its kept parts as segments. */
export function renderSegmented(render: () => string): PageHtml {
  const outer = collecting;
  const kept: RenderedHtml[] = [];
  collecting = kept;
  let marked: string;
  try {
    marked = render();
  } finally {
    collecting = outer;
  }
  if (kept.length === 0) return marked;
  // Split on the marks: text, part number, text, part number, …, text.
  const pieces = marked.split(MARKS);
  const texts: string[] = [];
  const placed: RenderedHtml[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) texts.push(pieces[i] ?? '');
    else placed.push(kept[Number(pieces[i])] as RenderedHtml);
  }
  // A kept part rendered somewhere it was then escaped or dropped: render again, all inline.
  if (placed.length !== kept.length) return render();
  return { texts, kept: placed };
}

/** The page as one string (error pages, the anonymous render cache). */
export function joinPage(page: PageHtml): string {
  if (typeof page === 'string') return page;
  let out = page.texts[0] ?? '';
  for (let i = 0; i < page.kept.length; i++) out += page.kept[i] + (page.texts[i + 1] ?? '');
  return out;
}

export function pageLength(page: PageHtml): number {
  if (typeof page === 'string') return page.length;
  let n = 0;
  for (const t of page.texts) n += t.length;
  for (const k of page.kept) n += k.length;
  return n;
}

interface KeptBytes {
  bytes: Buffer;
  /** Raw DEFLATE blocks ending in a sync flush: byte-aligned and not final, so they can sit between others. */
  deflated: Buffer;
  /** The part's CRC-32, and the operator that moves a CRC past its bytes (see crcAfter): made once. */
  crc: number;
  shift: number;
}

// CRC-32 of a concatenation from the parts' own CRCs (zlib's crc32_combine: multiplication modulo the CRC
// polynomial, bits reflected), so a kept part's bytes are not read again for every page that holds it.
const CRC_POLY = 0xedb88320;

/** a × b modulo the CRC-32 polynomial. */
function multModP(a: number, b: number): number {
  let p = 0;
  for (let m = 0x80000000; m !== 0; m >>>= 1) {
    if (a & m) p ^= b;
    b = b & 1 ? (b >>> 1) ^ CRC_POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial, k = 0…31. */
const X2N: number[] = [];
for (let k = 0, p = 0x40000000; k < 32; k++, p = multModP(p, p)) X2N.push(p);

/** The operator x^(8 n) modulo the polynomial: multiplying a CRC by it moves the CRC past n bytes. */
export function crcShiftFor(bytes: number): number {
  let p = 0x80000000;
  for (let n = bytes, k = 3; n > 0; n = Math.floor(n / 2), k++) if (n % 2) p = multModP(X2N[k % 32]!, p);
  return p;
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and crcShiftFor(length of B). */
export function crcAfter(crcA: number, crcB: number, shiftB: number): number {
  return (multModP(shiftB, crcA) ^ crcB) >>> 0;
}

/** Bytes of kept parts remembered (least recently used go first); a part is compressed once while it stays. */
const MAX_KEPT_BYTES = 32 * 1024 * 1024;
const keptBytes = new Map<string, KeptBytes>();
let keptTotal = 0;

function bytesOf(html: RenderedHtml): KeptBytes {
  const hit = keptBytes.get(html);
  if (hit) {
    keptBytes.delete(html);
    keptBytes.set(html, hit);
    return hit;
  }
  const bytes = Buffer.from(html);
  const made = {
    bytes,
    deflated: deflateRawSync(bytes, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }),
    crc: crc32(bytes),
    shift: crcShiftFor(bytes.length),
  };
  keptBytes.set(html, made);
  keptTotal += bytes.length + made.deflated.length;
  while (keptTotal > MAX_KEPT_BYTES) {
    const [oldest, entry] = keptBytes.entries().next().value as [string, KeptBytes];
    keptBytes.delete(oldest);
    keptTotal -= entry.bytes.length + entry.deflated.length;
  }
  return made;
}

/** Text made for this request up to this size goes into stored (uncompressed) blocks: cheaper than a compressor. */
const STORE_UP_TO = 2048;
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty stored block with the final bit set: the end of the DEFLATE stream. */
const FINAL_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);

/** Stored DEFLATE blocks (not final) holding `b` as it is; we are on a byte boundary after every sync flush. */
function storedBlocks(b: Buffer, out: Buffer[]): void {
  for (let at = 0; at < b.length; at += 0xffff) {
    const part = b.subarray(at, Math.min(b.length, at + 0xffff));
    const len = part.length;
    out.push(Buffer.from([0, len & 0xff, len >> 8, ~len & 0xff, (~len >> 8) & 0xff]), part);
  }
}

/**
 * The page's bytes, gzip-compressed when asked: one gzip member whose DEFLATE stream is the pieces' blocks in
 * order (each ends on a sync flush, so they concatenate; RFC 1951 §3.2.3), with the CRC-32 of the whole.
 */
export function encodePage(page: PageHtml, gzip: boolean): Buffer {
  const texts = typeof page === 'string' ? [page] : page.texts;
  const kept = typeof page === 'string' ? [] : page.kept;
  const chunks: Buffer[] = gzip ? [GZIP_HEADER] : [];
  let crc = 0;
  let size = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] ?? '';
    if (text.length > 0) {
      const b = Buffer.from(text);
      if (!gzip) chunks.push(b);
      else {
        crc = crc32(b, crc);
        size += b.length;
        if (b.length <= STORE_UP_TO && kept.length > 0) storedBlocks(b, chunks);
        else chunks.push(deflateRawSync(b, { level: 1, finishFlush: constants.Z_SYNC_FLUSH }));
      }
    }
    const part = kept[i];
    if (part !== undefined) {
      const k = bytesOf(part);
      if (!gzip) chunks.push(k.bytes);
      else {
        crc = crcAfter(crc, k.crc, k.shift);
        size += k.bytes.length;
        chunks.push(k.deflated);
      }
    }
  }
  if (!gzip) return Buffer.concat(chunks);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  chunks.push(FINAL_BLOCK, trailer);
  return Buffer.concat(chunks);
}
