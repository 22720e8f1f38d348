// Bundle the small client modules in src/client/ into public/build/.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const entryPoints = readdirSync('src/client')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/client/${f}`);

await build({
  entryPoints,
  outdir: 'public/build',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
});
