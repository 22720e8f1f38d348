// The backup archive (docs/decisions/015): one gzipped tar that any `tar` can list.
//
//   manifest.json        what this is, when, which engine, which migrations, how many entries
//   pgdata/…             embedded database: the PGlite data directory, copied with no query running
//   database.pgdump      PostgreSQL: pg_dump custom format
//   files/…              uploads, profile photos, mail: everything else under DATA_DIR
//   SHA256SUMS           a checksum for every file above (`sha256sum -c` format), always last
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { TarFormatError, type TarHeader, TarParser, tarEnd, tarEntrySize, tarHeader, tarPadding } from './tar';

export const ARCHIVE_FORMAT = 'ill-commons-backup';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const CHECKSUMS_PATH = 'SHA256SUMS';
export const PGDATA_PREFIX = 'pgdata';
export const PGDUMP_PATH = 'database.pgdump';
export const FILES_PREFIX = 'files';
const CHUNK = 256 * 1024;

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  createdAt: string;
  appVersion: string;
  database: {
    engine: 'pglite' | 'postgres';
    /** `select version()` of the server or of PGlite's PostgreSQL. */
    serverVersion: string;
    /** Migrations applied, as drizzle records them: how many, and the newest one's timestamp. */
    migrations: { count: number; latest: number | null };
  };
  contents: {
    databaseFiles: number;
    databaseBytes: number;
    directories: number;
    files: number;
    fileBytes: number;
  };
}

/** A clear message for whoever runs backup or restore. */
export class ArchiveError extends Error {}

export interface ArchiveEntry extends TarHeader {
  /** Where the content comes from (regular files only). */
  source?: string;
}

export interface ArchivePlan {
  manifest: Manifest;
  /** Database and file entries, in archive order (without manifest and checksums). */
  entries: ArchiveEntry[];
}

function checksumsSize(paths: string[]): number {
  return paths.reduce((sum, p) => sum + 64 + 2 + Buffer.byteLength(p) + 1, 0);
}

function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}

/** Exact size of the (uncompressed) tar stream, for progress. */
export function archiveSize(plan: ArchivePlan): number {
  const now = new Date(plan.manifest.createdAt);
  const manifest = manifestBytes(plan.manifest);
  const checksummed = [MANIFEST_PATH, ...plan.entries.filter((e) => e.type === 'file').map((e) => e.path)];
  return (
    tarEntrySize({ path: MANIFEST_PATH, type: 'file', size: manifest.length, mode: 0o644, mtime: now }) +
    plan.entries.reduce((sum, e) => sum + tarEntrySize(e), 0) +
    tarEntrySize({ path: CHECKSUMS_PATH, type: 'file', size: checksumsSize(checksummed), mode: 0o644, mtime: now }) +
    tarEnd().length
  );
}

/** The tar stream of a plan; every file's checksum is computed as it is read and listed at the end. */
export function archiveStream(plan: ArchivePlan, options: { afterLastRead?: () => void } = {}): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    const now = new Date(plan.manifest.createdAt);
    const sums: string[] = [];
    const manifest = manifestBytes(plan.manifest);
    yield tarHeader({ path: MANIFEST_PATH, type: 'file', size: manifest.length, mode: 0o644, mtime: now });
    yield manifest;
    yield tarPadding(manifest.length);
    sums.push(`${createHash('sha256').update(manifest).digest('hex')}  ${MANIFEST_PATH}\n`);
    for (const entry of plan.entries) {
      yield tarHeader(entry);
      if (entry.type !== 'file') continue;
      const hash = createHash('sha256');
      let read = 0;
      if (entry.size > 0) {
        if (!entry.source) throw new Error(`no source for ${entry.path}`);
        // Synchronous reads, a chunk at a time: inside the hub, libuv's thread pool is shared with
        // password hashing, and under load every asynchronous read would queue behind it.
        const fd = fs.openSync(entry.source, 'r');
        try {
          while (read < entry.size) {
            const buffer = Buffer.allocUnsafe(Math.min(CHUNK, entry.size - read));
            const n = fs.readSync(fd, buffer, 0, buffer.length, read);
            if (n === 0) break;
            read += n;
            const chunk = n === buffer.length ? buffer : buffer.subarray(0, n);
            hash.update(chunk);
            yield chunk;
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      // The staging copy is private to this backup, so a size change means something is badly wrong.
      if (read !== entry.size) throw new Error(`${entry.source} changed size while it was archived`);
      yield tarPadding(entry.size);
      sums.push(`${hash.digest('hex')}  ${entry.path}\n`);
    }
    // Every source has been read: the staging copy can go before the last bytes are sent.
    options.afterLastRead?.();
    const checksums = Buffer.from(sums.join(''));
    yield tarHeader({ path: CHECKSUMS_PATH, type: 'file', size: checksums.length, mode: 0o644, mtime: now });
    yield checksums;
    yield tarPadding(checksums.length);
    yield tarEnd();
  }
  return Readable.from(generate(), { objectMode: false });
}

/** Where an entry may go: a relative path without `..`, under pgdata/ or files/, or a known single file. */
export function checkEntryPath(path: string): void {
  const parts = path.split('/');
  const safe =
    path.length > 0 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    parts.every((p) => p !== '' && p !== '.' && p !== '..');
  const known =
    path === MANIFEST_PATH ||
    path === CHECKSUMS_PATH ||
    path === PGDUMP_PATH ||
    path === PGDATA_PREFIX ||
    path.startsWith(`${PGDATA_PREFIX}/`) ||
    (path.startsWith(`${FILES_PREFIX}/`) && parts.length > 1);
  if (!safe || !known) throw new ArchiveError(`it holds an unexpected entry (${JSON.stringify(path)})`);
}

export interface EntrySink {
  write(chunk: Buffer): void;
  close(): void;
}

export interface ReadHooks {
  /** Called once the manifest is read and checked; throw to refuse the archive. */
  manifest?(manifest: Manifest): void;
  /** Return a sink to receive an entry's content (extraction), or nothing to only check it. */
  entry?(header: TarHeader): EntrySink | undefined;
}

export interface ReadSummary {
  manifest: Manifest;
  bytes: number;
  files: number;
}

/**
 * Checks the archive as the bytes go by: the manifest first, every path safe,
 * every file's checksum, nothing missing or extra, the end marker present.
 */
export class ArchiveReader {
  private readonly parser: TarParser;
  private manifest: Manifest | undefined;
  private manifestChunks: Buffer[] | undefined;
  private checksumChunks: Buffer[] | undefined;
  private current: { header: TarHeader; hash: ReturnType<typeof createHash>; sink?: EntrySink } | undefined;
  private readonly hashes = new Map<string, string>();
  private expected: Map<string, string> | undefined;
  private entries = 0;
  private directories = 0;
  private databaseFiles = 0;
  private databaseBytes = 0;
  private files = 0;
  private fileBytes = 0;

  constructor(private readonly hooks: ReadHooks = {}) {
    this.parser = new TarParser({
      entry: (header) => this.onEntry(header),
      data: (chunk) => this.onData(chunk),
      entryEnd: () => this.onEntryEnd(),
    });
  }

  get bytesRead(): number {
    return this.parser.bytesRead;
  }

  write(chunk: Buffer): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      if (this.entries === 0 && error instanceof TarFormatError)
        throw new ArchiveError('it is not an ILL Commons backup (not a tar archive)');
      throw translate(error);
    }
  }

  end(): ReadSummary {
    try {
      this.parser.end();
    } catch {
      throw new ArchiveError('it is incomplete (the file ends too soon)');
    }
    if (!this.manifest) throw new ArchiveError('it is not an ILL Commons backup (no manifest)');
    if (!this.expected) throw new ArchiveError(`it is incomplete (no ${CHECKSUMS_PATH} at the end)`);
    const c = this.manifest.contents;
    if (
      c.databaseFiles !== this.databaseFiles ||
      c.databaseBytes !== this.databaseBytes ||
      c.files !== this.files ||
      c.fileBytes !== this.fileBytes ||
      c.directories !== this.directories
    ) {
      throw new ArchiveError('it does not hold what its manifest lists');
    }
    return { manifest: this.manifest, bytes: this.parser.bytesRead, files: this.files };
  }

  private onEntry(header: TarHeader) {
    this.entries++;
    if (this.expected) throw new ArchiveError(`it has entries after ${CHECKSUMS_PATH}`);
    if (this.entries === 1) {
      if (header.path !== MANIFEST_PATH || header.type !== 'file' || header.size > 1_000_000) {
        throw new ArchiveError('it is not an ILL Commons backup (it does not start with a manifest)');
      }
      this.manifestChunks = [];
    } else {
      checkEntryPath(header.path);
      if (header.path === MANIFEST_PATH) throw new ArchiveError('it holds two manifests');
      if (header.path === CHECKSUMS_PATH) {
        if (header.size > 64 * 1024 * 1024) throw new ArchiveError(`its ${CHECKSUMS_PATH} is implausibly large`);
        this.checksumChunks = [];
      }
    }
    if (header.type === 'directory') {
      if (header.path === PGDATA_PREFIX || header.path.startsWith(`${PGDATA_PREFIX}/`)) this.directories++;
      else throw new ArchiveError(`it holds an unexpected directory (${JSON.stringify(header.path)})`);
      this.hooks.entry?.(header)?.close();
      return;
    }
    if (this.hashes.has(header.path)) throw new ArchiveError(`it holds ${header.path} twice`);
    const isMeta = header.path === MANIFEST_PATH || header.path === CHECKSUMS_PATH;
    if (header.path.startsWith(`${FILES_PREFIX}/`)) {
      this.files++;
      this.fileBytes += header.size;
    } else if (!isMeta) {
      this.databaseFiles++;
      this.databaseBytes += header.size;
    }
    const sink = isMeta ? undefined : this.hooks.entry?.(header);
    this.current = { header, hash: createHash('sha256'), sink };
  }

  private onData(chunk: Buffer) {
    if (this.manifestChunks) this.manifestChunks.push(Buffer.from(chunk));
    else if (this.checksumChunks) this.checksumChunks.push(Buffer.from(chunk));
    if (!this.current) return;
    if (!this.checksumChunks) this.current.hash.update(chunk);
    this.current.sink?.write(chunk);
  }

  private onEntryEnd() {
    if (this.manifestChunks) {
      const text = Buffer.concat(this.manifestChunks).toString('utf8');
      this.manifestChunks = undefined;
      this.hashes.set(MANIFEST_PATH, this.current!.hash.digest('hex'));
      this.current = undefined;
      this.manifest = parseManifest(text);
      this.hooks.manifest?.(this.manifest);
      return;
    }
    if (this.checksumChunks) {
      this.expected = parseChecksums(Buffer.concat(this.checksumChunks).toString('utf8'));
      this.checksumChunks = undefined;
      this.current = undefined;
      this.compare();
      return;
    }
    if (!this.current) return;
    this.current.sink?.close();
    this.hashes.set(this.current.header.path, this.current.hash.digest('hex'));
    this.current = undefined;
  }

  private compare() {
    const expected = this.expected!;
    for (const [path, hash] of this.hashes) {
      const want = expected.get(path);
      if (want === undefined) throw new ArchiveError(`it is damaged: ${path} is not in its checksum list`);
      if (want !== hash) throw new ArchiveError(`it is damaged: ${path} does not match its checksum`);
    }
    for (const path of expected.keys()) {
      if (!this.hashes.has(path)) throw new ArchiveError(`it is incomplete: ${path} is missing`);
    }
  }
}

function translate(error: unknown): Error {
  if (error instanceof ArchiveError) return error;
  if (error instanceof TarFormatError) return new ArchiveError(`it is damaged (${error.message})`);
  return error as Error;
}

export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ArchiveError('it is not an ILL Commons backup (its manifest is not JSON)');
  }
  const m = value as Partial<Manifest>;
  if (m?.format !== ARCHIVE_FORMAT) throw new ArchiveError('it is not an ILL Commons backup');
  if (typeof m.formatVersion !== 'number' || m.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw new ArchiveError(
      `it was written in a newer backup format (${m.formatVersion}); restore it with a newer ILL Commons`,
    );
  }
  if (
    !m.database ||
    (m.database.engine !== 'pglite' && m.database.engine !== 'postgres') ||
    typeof m.database.migrations?.count !== 'number' ||
    !m.contents
  ) {
    throw new ArchiveError('its manifest is incomplete');
  }
  return m as Manifest;
}

function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match) throw new ArchiveError(`it is damaged: ${CHECKSUMS_PATH} is malformed`);
    out.set(match[2]!, match[1]!);
  }
  return out;
}

/**
 * Read an archive file (gzipped or plain tar) through a reader. `onProgress`
 * gets the compressed bytes read so far.
 */
export async function readArchiveFile(
  file: string,
  reader: ArchiveReader,
  onProgress?: (bytes: number) => void,
): Promise<ReadSummary> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    throw new ArchiveError(`it cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const head = Buffer.alloc(2);
  await handle.read(head, 0, 2, 0);
  await handle.close();
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let compressed = 0;
  input.on('data', (chunk) => {
    compressed += chunk.length;
    onProgress?.(compressed);
  });
  // pipeline() reports an error thrown here as an AbortError: keep the real one.
  let failure: unknown;
  const sink = async (source: AsyncIterable<Buffer>) => {
    try {
      for await (const chunk of source) reader.write(chunk);
    } catch (error) {
      failure ??= error;
      throw error;
    }
  };
  try {
    if (gzipped) await pipeline(input, zlib.createGunzip(), sink);
    else await pipeline(input, sink);
  } catch (caught) {
    const error = failure ?? caught;
    if (error instanceof ArchiveError || !(error instanceof Error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String(error)))
      throw new ArchiveError('it is incomplete (the file ends too soon)');
    if (code?.startsWith('Z_')) throw new ArchiveError(`it is damaged (${(error as Error).message})`);
    throw error;
  }
  return reader.end();
}
