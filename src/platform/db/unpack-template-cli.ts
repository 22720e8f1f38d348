// The child process that unpacks the database template (src/platform/db/pgdata-template.ts):
// node unpack-template-cli.js <template file> <data directory>. Bundled to dist/platform/db/.
import { extractTemplate } from './pgdata-template';

const [file, dataPath] = process.argv.slice(2);
if (!file || !dataPath) {
  console.error('usage: unpack-template-cli <template file> <data directory>');
  process.exit(2);
}
await extractTemplate(file, dataPath);
