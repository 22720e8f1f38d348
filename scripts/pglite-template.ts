// npx tsx scripts/pglite-template.ts
// Makes src/platform/db/template/pglite-<version>.tar.br: a data directory as
// PGlite's own initdb leaves it, cleanly shut down, for the installed PGlite.
// The hub unpacks it on a first start instead of running initdb, which needs a
// second PostgreSQL instance and peaks at ~780 MiB (docs/decisions/020). Run it
// after upgrading @electric-sql/pglite (a test fails until you do) and commit the
// new file; delete the old one. This script itself still peaks at ~780 MiB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { pgliteVersion, TEMPLATE_DIR, tarDirectory, templateFile } from '../src/platform/db/pgdata-template';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-template-'));
try {
  const dataDir = path.join(work, 'pgdata');
  const pg = await PGlite.create({ dataDir });
  await pg.query('select 1');
  await pg.close();
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
  const tar = tarDirectory(dataDir);
  const packed = zlib.brotliCompressSync(tar, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      // A 16 MiB window lets the three near-identical databases (template0, template1, postgres) share their bytes.
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: tar.length,
    },
  });
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const file = templateFile();
  fs.writeFileSync(file, packed);
  console.log(
    `${path.relative(process.cwd(), file)}: PGlite ${pgliteVersion()}, ${tar.length} bytes unpacked, ${packed.length} packed`,
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
