// Bundle the server (src/main.ts and everything it imports from src/) into
// dist/main.js, so that production starts with plain `node dist/main.js`:
// no TypeScript loader at run time (about 1.5 s and 100 MB less per start).
// Packages stay in node_modules (PGlite loads its .wasm and .data files from there).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
