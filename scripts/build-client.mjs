// Bundle the small client modules in src/client/ into public/build/.
// Skipped when nothing changed since the last build (scripts/build-cache.mjs); --force rebuilds.
import { readdirSync } from 'node:fs';
import { cachedBuild } from './build-cache.mjs';

const entryPoints = readdirSync('src/client')
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => `src/client/${f}`);

await cachedBuild({
  name: 'client bundle',
  stampFile: 'dist/.client-build-hash',
  extraFiles: ['scripts/build-client.mjs', 'package-lock.json', 'tsconfig.json'],
  force: process.argv.includes('--force'),
  options: {
    entryPoints,
    outdir: 'public/build',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  },
});
