import { parseArgs } from 'node:util';

export interface BenchOptions {
  articles: number;
  /** Seconds of load for each autocannon run. */
  duration: number;
  connections: number;
  starts: number;
  /** Times each search query is run. */
  searchRepeats: number;
  json: boolean;
  rebuild: boolean;
  /** How the corpus is written: multi-row inserts + indexArticle, or the library's use cases. */
  writePath: 'bulk' | 'usecases';
  /** Where corpora are cached and scratch copies made. */
  workDir: string;
  skip: Set<string>;
  /** How the hub is started: from the esbuild bundle as `npm start` does (dist), or with tsx. */
  hub: 'tsx' | 'dist';
  /** Links the link-checker section checks (default 5,000). */
  links: number;
}

export const SECTIONS = [
  'cold-start',
  'first-start',
  'throughput',
  'search',
  'memory',
  'page',
  'forum',
  'fanout',
  'directory',
  'health',
  'diff',
  'streams',
  'home',
  'signed-in',
  'events',
  'events-import',
  'search-long',
  'links',
  'tools',
  'learning',
  'reports',
] as const;

const USAGE = `Usage: npm run bench -- [options]
  --articles N        corpus size (default 20000)
  --duration S        seconds of load per throughput run (default 10)
  --connections N     concurrent connections (default 20)
  --starts N          cold starts to take the median of (default 3)
  --search-repeats N  runs of each search query (default 5)
  --rebuild           rebuild the cached corpus
  --write-path P      bulk (default: multi-row inserts + the real indexArticle)
                      or usecases (insertNewArticle + reviseArticle; ~10x slower)
  --links N           links for the link-checker section (default 5000)
  --skip a,b          skip sections: ${SECTIONS.join(', ')}
  --work-dir DIR      cache and scratch directory (default /tmp/ill-bench)
  --hub dist|tsx      start the hub as npm start does (node dist/main.js, the default) or with tsx
  --json              print one JSON object on stdout instead of the table
                      (use npm run -s bench -- --json: npm prints its own banner on stdout)`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      starts: { type: 'string' },
      'search-repeats': { type: 'string' },
      links: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      skip: { type: 'string' },
      'work-dir': { type: 'string' },
      'write-path': { type: 'string' },
      hub: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const skip = new Set(
    (values.skip ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const s of skip) {
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`--skip: unknown section "${s}" (known: ${SECTIONS.join(', ')})`);
  }
  const hub = values.hub ?? 'dist';
  if (hub !== 'tsx' && hub !== 'dist') throw new Error(`--hub must be tsx or dist, got "${hub}"`);
  const writePath = values['write-path'] ?? 'bulk';
  if (writePath !== 'bulk' && writePath !== 'usecases')
    throw new Error(`--write-path must be bulk or usecases, got "${writePath}"`);
  return {
    hub,
    writePath,
    articles: positive('articles', values.articles, 20_000),
    duration: positive('duration', values.duration, 10),
    connections: positive('connections', values.connections, 20),
    starts: positive('starts', values.starts, 3),
    searchRepeats: positive('search-repeats', values['search-repeats'], 5),
    links: positive('links', values.links, 5_000),
    json: values.json ?? false,
    rebuild: values.rebuild ?? false,
    workDir: values['work-dir'] ?? '/tmp/ill-bench',
    skip,
  };
}
