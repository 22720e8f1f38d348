import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureSystemUser } from '../src/features/accounts';
import { insertUser } from '../src/features/accounts/accounts.repository';
import { loadStarterContent } from '../src/features/library';
import { refreshTermStatistics } from '../src/platform/search/search.terms';
import { listTopics } from '../src/features/library/library.repository';
import type { Actor } from '../src/platform/auth/actor';
import type { Db } from '../src/platform/db/database';
import { openDatabase } from '../src/platform/db/open';
import { type PlannedArticle, type WritePath, writeInBulk, writeWithUseCases } from './corpus-write';
import { article, GENERATOR_VERSION, revise, rng, Writer } from './generate';
import { log, seconds, thousands } from './log';

export const ROOT = path.resolve(import.meta.dirname, '..');
const BATCH = 200;
const CHECKPOINT_EVERY = 2000;
const EDITORS = 40;
/** Articles are spread over three years before this date; revisions follow. */
const EPOCH = Date.parse('2025-06-01T00:00:00Z');
const DAY = 86_400_000;

export interface CorpusInfo {
  /** The cached data directory (holds pgdata/); copy it before a hub writes to it. */
  dir: string;
  articles: number;
  revisions: number;
  writePath: WritePath;
  buildSeconds: number;
  cached: boolean;
  /** Slugs of generated articles (not glossary terms), for the page benchmarks. */
  slugs: string[];
  bytes: number;
}

async function hashTree(hash: ReturnType<typeof createHash>, dir: string): Promise<void> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    hash.update(`${path.relative(ROOT, full)}\0`);
    if (entry.isDirectory()) await hashTree(hash, full);
    else hash.update(await fs.readFile(full));
  }
}

/**
 * Key of a corpus: its size, the write path, the generator and the
 * migrations. Starter content is left out (it changes often): the hub adds
 * new starter articles to a copy on its first start, which the bench makes
 * before it measures anything.
 */
export async function corpusKey(articles: number, writePath: WritePath): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`generator ${GENERATOR_VERSION} ${writePath}\0`);
  await hashTree(hash, path.join(ROOT, 'migrations'));
  return `corpus-${articles}-${writePath}-${hash.digest('hex').slice(0, 12)}`;
}

export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await dirBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full)).size;
  }
  return total;
}

/** The cached corpus for this size, built first when missing (or when `rebuild`). */
export async function ensureCorpus(
  workDir: string,
  articles: number,
  writePath: WritePath,
  rebuild: boolean,
): Promise<CorpusInfo> {
  const dir = path.join(workDir, await corpusKey(articles, writePath));
  const marker = path.join(dir, 'corpus.json');
  if (!rebuild) {
    const existing = await fs.readFile(marker, 'utf8').catch(() => undefined);
    if (existing) {
      log(`corpus: using cached ${dir}`);
      return { ...(JSON.parse(existing) as CorpusInfo), dir, cached: true };
    }
  }
  await fs.rm(dir, { recursive: true, force: true });
  const building = `${dir}.building-${process.pid}`;
  await fs.rm(building, { recursive: true, force: true });
  const info = await buildCorpus(building, articles, writePath);
  await fs.writeFile(path.join(building, 'corpus.json'), JSON.stringify(info));
  await fs.rename(building, dir);
  return { ...info, dir, cached: false };
}

async function createEditors(db: Db, now: Date): Promise<Actor[]> {
  const actors: Actor[] = [];
  for (let i = 1; i <= EDITORS; i++) {
    const user = await insertUser(db, {
      email: `bench-editor-${i}@ill-commons.invalid`,
      username: `bench-editor-${i}`,
      displayName: `Bench Editor ${i}`,
      passwordHash: null,
      role: 'editor',
      createdAt: now,
    });
    actors.push({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      role: 'editor',
    });
  }
  return actors;
}

/** Each article's versions, authors and dates: two or three revisions in all. */
function plan(w: Writer, i: number, count: number, start: number, editors: Actor[], earlier: string[]): PlannedArticle {
  const created = start + Math.floor((i / count) * 2.5 * 365 * DAY);
  const generated = article(w, i, earlier);
  const versions = [generated.content];
  const edits = w.chance(0.5) ? 2 : 1;
  for (let e = 0; e < edits; e++) versions.push(revise(w, versions.at(-1)!));
  const times = versions.map((_v, n) => new Date(created + n * w.int(1, 60) * DAY));
  return { slug: generated.slug, versions, authors: versions.map(() => w.pick(editors)), times };
}

/** Write the corpus with the real schema, so rows, revisions, events and the search index are as in production. */
async function buildCorpus(dir: string, count: number, path_: WritePath): Promise<Omit<CorpusInfo, 'dir' | 'cached'>> {
  const started = performance.now();
  log(`corpus: building ${thousands(count)} articles (${path_} write path) in ${dir}`);
  const database = await openDatabase({ dataDir: dir, databaseUrl: undefined });
  const w = new Writer(rng(20_000 + count));
  const slugs: string[] = [];
  let revisions = 0;
  try {
    const start = EPOCH - 3 * 365 * DAY;
    const systemUserId = await ensureSystemUser(database.db, new Date(start));
    await loadStarterContent({
      db: database.db,
      now: new Date(start),
      contentDir: path.join(ROOT, 'content'),
      systemUserId,
    });
    const editors = await createEditors(database.db, new Date(start));
    const topicIds = new Map((await listTopics(database.db)).map((t) => [t.slug, t.id]));
    for (let from = 0; from < count; from += BATCH) {
      const to = Math.min(count, from + BATCH);
      const batch: PlannedArticle[] = [];
      for (let i = from; i < to; i++) {
        const planned = plan(w, i, count, start, editors, slugs.slice(-500));
        batch.push(planned);
        revisions += planned.versions.length;
        if (planned.versions[0]!.type !== 'glossary-term') slugs.push(planned.slug);
      }
      await database.db.transaction((tx) =>
        path_ === 'bulk' ? writeInBulk(tx, batch, topicIds) : writeWithUseCases(tx, batch),
      );
      if (to % CHECKPOINT_EVERY === 0 || to === count) await database.checkpoint();
      log(`corpus ${thousands(to)}/${thousands(count)} (${seconds(started)})`);
    }
    // What a running hub does in the background after its index changed (docs/decisions/049).
    const terms = await refreshTermStatistics(database.db, { pauseMs: 0 });
    log(`corpus: search word statistics over ${thousands(terms.documents)} documents (${seconds(started)})`);
    await database.checkpoint();
  } finally {
    await database.close();
  }
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  const bytes = await dirBytes(dir);
  log(`corpus: built in ${buildSeconds} s, ${Math.round(bytes / 1048576)} MiB`);
  return { articles: count, revisions, writePath: path_, buildSeconds, slugs, bytes };
}

/** A private copy of the corpus for one run: the hub writes to its data directory. */
export async function copyCorpus(corpus: CorpusInfo, workDir: string): Promise<string> {
  const target = path.join(workDir, `run-${process.pid}`);
  await fs.rm(target, { recursive: true, force: true });
  await fs.cp(path.join(corpus.dir, 'pgdata'), path.join(target, 'pgdata'), { recursive: true });
  return target;
}
