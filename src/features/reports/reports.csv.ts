/**
 * Reading an export: encoding (UTF-8 with or without BOM, UTF-16 by its BOM, else Windows-1252), delimiter (comma,
 * semicolon or tab, from the header line), then records streamed through csv-parse in decoded chunks. Cells are
 * text only: nothing is evaluated, a cell starting with "=" stays that text.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export type Encoding = 'utf-8' | 'utf-8 (BOM)' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';

export const DELIMITER_LABELS: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

export function detectEncoding(bytes: Uint8Array): { encoding: Encoding; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8 (BOM)', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return isUtf8(bytes) ? { encoding: 'utf-8', skip: 0 } : { encoding: 'windows-1252', skip: 0 };
}

const decoderLabel = (e: Encoding) => (e === 'utf-8 (BOM)' ? 'utf-8' : e);

/** The delimiter that splits the first non-empty line most often (outside quotes); comma on a tie or none. */
export function detectDelimiter(head: string): Delimiter {
  const line = head.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

const CHUNK = 64 * 1024;

/**
 * An upload's bytes: in memory, or the request's file as a Blob, which crosses to the reading thread without a
 * copy (the hub never holds a second copy of a 10 MB export; the thread reads it once into its own memory).
 */
export type Upload = Uint8Array | Blob;

export const uploadSize = (u: Upload): number => (u instanceof Uint8Array ? u.length : u.size);

export async function uploadBytes(u: Upload): Promise<Uint8Array> {
  return u instanceof Uint8Array ? u : new Uint8Array(await u.arrayBuffer());
}

/** Decoded text in chunks, for the streaming parser. */
function* decodedChunks(bytes: Uint8Array, encoding: Encoding, skip: number): Generator<string> {
  const decoder = new TextDecoder(decoderLabel(encoding));
  for (let at = skip; at < bytes.length; at += CHUNK) {
    const text = decoder.decode(bytes.subarray(at, Math.min(at + CHUNK, bytes.length)), { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export interface CsvShape {
  encoding: Encoding;
  delimiter: Delimiter;
}

/** The file's encoding and delimiter, from its bytes and first line. */
export function csvShape(bytes: Uint8Array): CsvShape & { skip: number } {
  const { encoding, skip } = detectEncoding(bytes);
  const head = new TextDecoder(decoderLabel(encoding)).decode(bytes.subarray(skip, skip + CHUNK));
  return { encoding, skip, delimiter: detectDelimiter(head) };
}

/** Every record of the file, the header first, streamed (quoted newlines and ragged rows allowed). */
export async function* csvRecords(bytes: Uint8Array, shape: CsvShape & { skip: number }): AsyncGenerator<string[]> {
  const parser = Readable.from(decodedChunks(bytes, shape.encoding, shape.skip)).pipe(
    parse({
      delimiter: shape.delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      bom: false,
    }),
  );
  for await (const record of parser) yield record as string[];
}
