import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { APP_ROOT } from '../app-root';
import { TarParser, tarEnd, tarHeader, tarPadding } from '../backup/tar';

/**
 * A freshly initialised embedded database, shipped with the code (docs/decisions/020).
 *
 * PGlite creates a new data directory by running initdb in a second PostgreSQL
 * instance beside the first, then copying the result through an in-memory tar:
 * the first start on an empty directory peaked at ~780 MiB for that alone. The
 * result only depends on PGlite's version, so `npx tsx scripts/pglite-template.ts`
 * makes it once per version, and the hub unpacks it where the directory should be;
 * PGlite then opens it as it opens any existing one.
 */
export const TEMPLATE_DIR = path.join(APP_ROOT, 'src', 'platform', 'db', 'template');

/** The installed PGlite's version (its package.json is not in its exports, so found beside its entry). */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = path.join(path.dirname(path.dirname(entry)), 'package.json');
  return String(JSON.parse(fs.readFileSync(pkg, 'utf8')).version);
}

export function templateFile(version = pgliteVersion()): string {
  return path.join(TEMPLATE_DIR, `pglite-${version}.tar.br`);
}

function isEmptyOrMissing(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** The unpacking child's command line after `node`: the .ts file under tsx or vitest, its bundle beside dist/main.js. */
function unpackCommand(): string[] {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return ['--import', 'tsx', fileURLToPath(new URL('./unpack-template-cli.ts', here))];
  return [fileURLToPath(new URL('./platform/db/unpack-template-cli.js', here))];
}

/**
 * Unpack the template for the installed PGlite into `dataPath` when that
 * directory is missing or empty. Returns false (and touches nothing) when there
 * is no template for this version: PGlite then runs initdb itself, as before.
 * The caller holds the data-directory lock. The work runs in a short-lived child
 * process: streaming 40 MB through this one would leave ~40 MiB with its allocator.
 */
export async function unpackTemplate(dataPath: string, file = templateFile()): Promise<boolean> {
  if (!isEmptyOrMissing(dataPath) || !fs.existsSync(file)) return false;
  const child = spawn(process.execPath, [...unpackCommand(), file, dataPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(
      `Could not unpack the database template ${file} into ${dataPath}: ${stderr.trim() || `exit ${code}`}`,
    );
  return true;
}

/**
 * The unpacking itself (the child's work). The files land in a sibling
 * directory first and are renamed into place, so an interrupted unpack never
 * leaves a half-made database behind.
 */
export async function extractTemplate(file: string, dataPath: string): Promise<void> {
  const staging = `${dataPath}.unpacking`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    const source = fs.createReadStream(file);
    await pipeline(source, zlib.createBrotliDecompress({ chunkSize: 1 << 20 }), (data: AsyncIterable<Buffer>) =>
      extractTar(data, staging),
    );
    if (!fs.existsSync(path.join(staging, 'PG_VERSION'))) throw new Error(`${file} holds no PostgreSQL data directory`);
    fs.rmSync(dataPath, { recursive: true, force: true });
    fs.renameSync(staging, dataPath);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Where a member goes: inside `root`, never above it. */
function target(root: string, name: string): string {
  const full = path.resolve(root, name.replace(/^\/+/, ''));
  if (full !== root && !full.startsWith(`${root}${path.sep}`))
    throw new Error(`tar member outside the directory: ${name}`);
  return full;
}

/** The template's directories and files, each file's bytes written as they arrive (backup's tar reader). */
async function extractTar(source: AsyncIterable<Buffer>, root: string): Promise<void> {
  let fd: number | undefined;
  const parser = new TarParser({
    entry(header) {
      const to = target(root, header.path);
      if (header.type === 'directory') {
        fs.mkdirSync(to, { recursive: true, mode: header.mode & 0o777 || 0o700 });
        return;
      }
      fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
      fd = fs.openSync(to, 'w', header.mode & 0o777 || 0o600);
    },
    data(chunk) {
      if (fd !== undefined) fs.writeSync(fd, chunk);
    },
    entryEnd() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  });
  try {
    for await (const chunk of source) parser.write(chunk);
    parser.end();
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A tar of `dir` (directories and regular files), for scripts/pglite-template.ts. */
export function tarDirectory(dir: string): Buffer {
  const parts: Buffer[] = [];
  const mtime = new Date(0);
  const walk = (rel: string) => {
    for (const entry of fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, name);
      const { mode } = fs.statSync(full);
      if (entry.isDirectory()) {
        parts.push(tarHeader({ path: name, type: 'directory', size: 0, mode, mtime }));
        walk(name);
      } else if (entry.isFile()) {
        const data = fs.readFileSync(full);
        parts.push(
          tarHeader({ path: name, type: 'file', size: data.length, mode, mtime }),
          data,
          tarPadding(data.length),
        );
      }
    }
  };
  walk('');
  parts.push(tarEnd());
  return Buffer.concat(parts);
}
