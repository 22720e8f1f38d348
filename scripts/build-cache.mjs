// Skip an esbuild build when nothing it read has changed since the last one.
// The last build's metafile lists every file esbuild read (entry points, src/
// modules, bundled packages); the fingerprint hashes those files' contents with
// the build options, package-lock.json and the build scripts. A new file can only
// join a bundle through an import in a file already listed, so that file's hash
// changes first; new entry points change the options. The stamp (fingerprint,
// inputs, outputs) lives in dist/, outside the public directory.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);

/** sha256 over the options and each file's path and content (a missing file hashes as missing). */
export function fingerprint(files, options, cwd = process.cwd()) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(options));
  for (const file of [...new Set(files)].sort()) {
    hash.update(`\0${file}\0`);
    const abs = path.resolve(cwd, file);
    hash.update(existsSync(abs) ? readFileSync(abs) : '\0missing');
  }
  return hash.digest('hex');
}

function readStamp(stampFile) {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return Array.isArray(stamp.inputs) && Array.isArray(stamp.outputs) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Build with esbuild unless the stamp says the outputs are current.
 * `extraFiles` (relative to cwd) join every fingerprint: the build script, the lockfile.
 * Returns 'skipped' or 'built'; prints one line either way.
 */
export async function cachedBuild({
  name,
  options,
  stampFile,
  extraFiles = [],
  force = false,
  cwd = process.cwd(),
  log = console.log,
}) {
  const extras = [...extraFiles, path.relative(cwd, HERE)];
  stampFile = path.resolve(cwd, stampFile);
  const stamp = force ? undefined : readStamp(stampFile);
  if (
    stamp?.outputs.every((f) => existsSync(path.resolve(cwd, f))) &&
    fingerprint([...stamp.inputs, ...extras], options, cwd) === stamp.hash
  ) {
    log(`${name} up to date`);
    return 'skipped';
  }
  log(`building ${name} …`);
  // Loaded only to build: importing esbuild costs a restart about 0.1 s.
  const { build } = await import('esbuild');
  const result = await build({ ...options, absWorkingDir: cwd, metafile: true });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes(':'));
  const outputs = Object.keys(result.metafile.outputs);
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(
    stampFile,
    JSON.stringify({ hash: fingerprint([...inputs, ...extras], options, cwd), inputs, outputs }),
  );
  return 'built';
}
