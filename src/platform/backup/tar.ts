// A small POSIX tar (ustar + pax) writer and a push parser: enough for backup
// archives that `tar tzf` can list, with no dependency. Only regular files and
// directories are written or accepted.

const BLOCK = 512;
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

export type TarEntryType = 'file' | 'directory';

export interface TarHeader {
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  mtime: Date;
}

export class TarFormatError extends Error {}

function writeString(block: Buffer, offset: number, length: number, value: string) {
  block.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number) {
  writeString(
    block,
    offset,
    length,
    `${Math.floor(value)
      .toString(8)
      .padStart(length - 1, '0')}\0`,
  );
}

/** Split a path into ustar's name (100) and prefix (155) fields, or undefined when it needs a pax record. */
function splitUstarPath(path: string): { name: string; prefix: string } | undefined {
  if (!/^[\x20-\x7e]*$/.test(path)) return undefined;
  if (path.length <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
  }
  return undefined;
}

function rawHeader(fields: {
  name: string;
  prefix: string;
  type: string;
  size: number;
  mode: number;
  mtime: Date;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, fields.name);
  writeOctal(block, 100, 8, fields.mode & 0o7777);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, Math.max(0, Math.floor(fields.mtime.getTime() / 1000)));
  block.fill(0x20, 148, 156);
  writeString(block, 156, 1, fields.type);
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeString(block, 345, 155, fields.prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length)
    length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

/** Padding after `size` bytes of content. */
export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** The header block(s) of one entry: a pax record first when the path or size does not fit ustar. */
export function tarHeader(header: TarHeader): Buffer {
  const path = header.type === 'directory' && !header.path.endsWith('/') ? `${header.path}/` : header.path;
  const split = splitUstarPath(path);
  const records: string[] = [];
  if (!split) records.push(paxRecord('path', path));
  if (header.size > MAX_OCTAL_SIZE) records.push(paxRecord('size', String(header.size)));
  const type = header.type === 'directory' ? '5' : '0';
  const main = rawHeader({
    name: split?.name ?? path.slice(-100).replace(/[^\x20-\x7e]/g, '_'),
    prefix: split?.prefix ?? '',
    type,
    size: header.size > MAX_OCTAL_SIZE ? 0 : header.size,
    mode: header.mode,
    mtime: header.mtime,
  });
  if (records.length === 0) return main;
  const pax = Buffer.from(records.join(''));
  const paxHeader = rawHeader({
    name: 'PaxHeader',
    prefix: '',
    type: 'x',
    size: pax.length,
    mode: 0o644,
    mtime: header.mtime,
  });
  return Buffer.concat([paxHeader, pax, tarPadding(pax.length), main]);
}

/** The two zero blocks that end an archive. */
export function tarEnd(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}

/** Bytes an entry takes in the archive, headers and padding included. */
export function tarEntrySize(header: TarHeader): number {
  const size = header.type === 'directory' ? 0 : header.size;
  return tarHeader({ ...header, size }).length + size + tarPadding(size).length;
}

export interface TarHandlers {
  entry(header: TarHeader): void;
  data(chunk: Buffer): void;
  entryEnd(): void;
}

function readString(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end);
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError('a header holds a malformed number');
  return Number.parseInt(text, 8);
}

/**
 * Feed bytes in with write(); entries come out through the handlers as they
 * are complete. end() checks the archive was not cut short.
 */
export class TarParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private remaining = 0;
  private padding = 0;
  private inEntry = false;
  private pax: Record<string, string> = {};
  private collectingPax: Buffer[] | undefined;
  private paxIsGlobal = false;
  private zeroBlocks = 0;
  private finished = false;
  bytesRead = 0;

  constructor(private readonly handlers: TarHandlers) {}

  write(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.finished) {
        // Anything after the end marker must be zeros (tar pads to a record size).
        if (chunk.subarray(offset).some((b) => b !== 0))
          throw new TarFormatError('data follows the end of the archive');
        return;
      }
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - offset);
        const piece = chunk.subarray(offset, offset + n);
        if (this.collectingPax) this.collectingPax.push(Buffer.from(piece));
        else this.handlers.data(piece);
        this.remaining -= n;
        offset += n;
        if (this.remaining === 0) this.finishContent();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - offset);
        this.padding -= n;
        offset += n;
        continue;
      }
      const need = BLOCK - this.pendingBytes;
      const n = Math.min(need, chunk.length - offset);
      this.pending.push(chunk.subarray(offset, offset + n));
      this.pendingBytes += n;
      offset += n;
      if (this.pendingBytes === BLOCK) {
        const block = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.header(block);
      }
    }
  }

  private finishContent() {
    if (this.collectingPax) {
      const records = parsePax(Buffer.concat(this.collectingPax));
      if (!this.paxIsGlobal) this.pax = records;
      this.collectingPax = undefined;
    } else if (this.inEntry) {
      this.inEntry = false;
      this.handlers.entryEnd();
    }
  }

  private header(block: Buffer) {
    if (block.every((b) => b === 0)) {
      if (++this.zeroBlocks === 2) this.finished = true;
      return;
    }
    if (this.zeroBlocks > 0) throw new TarFormatError('an empty block in the middle of the archive');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
    if (readOctal(block, 148, 8) !== sum) throw new TarFormatError('a tar header does not match its checksum');
    const type = String.fromCharCode(block[156]!);
    const size = readOctal(block, 124, 12);
    if (type === 'x' || type === 'g') {
      // Extended headers: 'x' applies to the next entry; global ones ('g') are read and ignored.
      this.collectingPax = [];
      this.paxIsGlobal = type === 'g';
      this.remaining = size;
      this.padding = tarPadding(size).length;
      if (size === 0) this.finishContent();
      return;
    }
    if (type !== '0' && type !== '\0' && type !== '5')
      throw new TarFormatError(`an entry of an unsupported type (${JSON.stringify(type)})`);
    const prefix = readString(block, 345, 155);
    const name = readString(block, 0, 100);
    const path = this.pax.path ?? (prefix ? `${prefix}/${name}` : name);
    const realSize = this.pax.size !== undefined ? Number(this.pax.size) : size;
    this.pax = {};
    const isDir = type === '5';
    this.handlers.entry({
      path: isDir ? path.replace(/\/+$/, '') : path,
      type: isDir ? 'directory' : 'file',
      size: isDir ? 0 : realSize,
      mode: readOctal(block, 100, 8),
      mtime: new Date(readOctal(block, 136, 12) * 1000),
    });
    if (isDir || realSize === 0) {
      this.handlers.entryEnd();
      return;
    }
    this.inEntry = true;
    this.remaining = realSize;
    this.padding = tarPadding(realSize).length;
  }

  /** Throws unless the archive ended with its end marker. */
  end(): void {
    if (!this.finished) throw new TarFormatError('the archive ends too soon');
  }
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) throw new TarFormatError('a pax header is malformed');
    const length = Number.parseInt(data.toString('utf8', offset, space), 10);
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length)
      throw new TarFormatError('a pax header is malformed');
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return out;
}
