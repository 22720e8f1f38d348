// The long-document search case (issue 10): 200 articles of about 20 KB each, words drawn from a Zipf-distributed
// vocabulary, a rare word in 5 % of them and a common word in all; the search page under 20 connections.
// Alone: npx tsx bench/search-long.ts [--duration 10] [--connections 20] [--hub tsx|dist]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/platform/db/open';
import { indexDocument } from '../src/platform/search/search';
import { HUB_COMMANDS, spawnHub, waitForOk } from './processes';
import type { Row } from './report';

export const LONG_SEARCH_TARGETS = { rareReqPerSec: 400, commonReqPerSec: 200, p99Ms: 100 } as const;
const ARTICLES = 200;
const ARTICLE_CHARS = 20_000;
export const RARE_WORD = 'palimpsest';
export const COMMON_WORD = 'library';

/** A deterministic generator, so every run searches the same text. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Pronounceable made-up words: a vocabulary with no accidental English. */
function vocabulary(size: number, next: () => number): string[] {
  const c = 'bcdfghklmnprstvz';
  const v = 'aeiou';
  const words = new Set<string>();
  while (words.size < size) {
    let w = '';
    const syllables = 2 + Math.floor(next() * 3);
    for (let i = 0; i < syllables; i++) w += c[Math.floor(next() * c.length)]! + v[Math.floor(next() * v.length)]!;
    words.add(w);
  }
  return [...words];
}

export function longArticles(): Array<{ title: string; body: string; rare: boolean }> {
  const next = random(18626);
  const words = vocabulary(8000, next);
  // Zipf: the word of rank r has weight 1/r; sample by the cumulative weights.
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 1; r <= words.length; r++) {
    sum += 1 / r;
    cumulative.push(sum);
  }
  const pick = () => {
    const x = next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  const out: Array<{ title: string; body: string; rare: boolean }> = [];
  for (let a = 0; a < ARTICLES; a++) {
    const rare = a % 20 === 0;
    const parts: string[] = [];
    let chars = 0;
    let sentence = 0;
    while (chars < ARTICLE_CHARS) {
      const n = 8 + Math.floor(next() * 12);
      const s: string[] = [];
      for (let i = 0; i < n; i++) s.push(pick());
      if (sentence % 7 === 0) s.splice(Math.floor(next() * n), 0, COMMON_WORD);
      if (rare && sentence === 40) s.splice(3, 0, RARE_WORD);
      const text = `${s.join(' ')}.`;
      parts.push(text[0]!.toUpperCase() + text.slice(1));
      chars += text.length + 1;
      sentence++;
    }
    out.push({ title: `${pick()} ${pick()} ${pick()}`, body: parts.join(' '), rare });
  }
  return out;
}

async function prepare(dataDir: string): Promise<void> {
  const database = await openDatabase({ dataDir, databaseUrl: undefined });
  try {
    const articles = longArticles();
    await database.db.transaction(async (tx) => {
      for (const [i, a] of articles.entries()) {
        await indexDocument(tx, {
          kind: 'article',
          refId: `long-${i}`,
          url: `/articles/long-${i}`,
          title: a.title,
          summary: a.body.slice(0, 160),
          body: a.body,
          topics: [],
          docType: 'guide',
          audience: null,
          keywords: [],
          updatedAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))),
        });
      }
    });
  } finally {
    await database.close();
  }
}

export interface LongSearchResult {
  articles: number;
  rare: { reqPerSec: number; p99Ms: number; non2xx: number };
  common: { reqPerSec: number; p99Ms: number; non2xx: number };
}

export async function runLongSearchBench(options: {
  duration: number;
  connections: number;
  hub: keyof typeof HUB_COMMANDS;
  log: (line: string) => void;
}): Promise<LongSearchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-bench-long-'));
  const previousSeed = process.env.SEED_CONTENT;
  try {
    options.log(`long documents: writing ${ARTICLES} articles of about ${ARTICLE_CHARS / 1000} KB`);
    await prepare(dataDir);
    process.env.SEED_CONTENT = 'false';
    const hub = await spawnHub({ dataDir, args: HUB_COMMANDS[options.hub] });
    try {
      await waitForOk(hub, '/healthz');
      const run = async (q: string, duration: number) => {
        const r = await autocannon({
          url: `${hub.url}/search?q=${encodeURIComponent(q)}`,
          connections: options.connections,
          duration,
          timeout: 30,
        });
        return { reqPerSec: r.requests.average, p99Ms: r.latency.p99, non2xx: r.non2xx + r.errors + r.timeouts };
      };
      await run(RARE_WORD, 2);
      options.log(`long documents: "${RARE_WORD}" (in 5 %), ${options.connections} connections, ${options.duration} s`);
      const rare = await run(RARE_WORD, options.duration);
      await run(COMMON_WORD, 2);
      options.log(
        `long documents: "${COMMON_WORD}" (in all), ${options.connections} connections, ${options.duration} s`,
      );
      const common = await run(COMMON_WORD, options.duration);
      return { articles: ARTICLES, rare, common };
    } finally {
      await hub.stop();
    }
  } finally {
    if (previousSeed === undefined) delete process.env.SEED_CONTENT;
    else process.env.SEED_CONTENT = previousSeed;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function longSearchRows(r: LongSearchResult): Row[] {
  const t = LONG_SEARCH_TARGETS;
  const row = (label: string, f: LongSearchResult['rare'], target: number): Row[] => [
    {
      section: 'search',
      metric: `search page, ${r.articles} articles of ~20 KB, ${label}, req/s`,
      value: Math.round(f.reqPerSec),
      unit: 'req/s',
      target: { op: '>=', value: target },
      result: f.reqPerSec >= target && f.non2xx === 0 ? 'PASS' : 'MISS',
      note: f.non2xx ? `${f.non2xx} failed requests` : '',
    },
    {
      section: 'search',
      metric: `search page, ${r.articles} articles of ~20 KB, ${label}, p99`,
      value: f.p99Ms,
      unit: 'ms',
      target: { op: '<=', value: t.p99Ms },
      result: f.p99Ms <= t.p99Ms ? 'PASS' : 'MISS',
      note: '',
    },
  ];
  return [
    ...row(`rare word (in 5 %)`, r.rare, t.rareReqPerSec),
    ...row('common word (in all)', r.common, t.commonReqPerSec),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
      hub: { type: 'string', default: 'tsx' },
    },
  });
  const result = await runLongSearchBench({
    duration: Number(values.duration),
    connections: Number(values.connections),
    hub: values.hub === 'dist' ? 'dist' : 'tsx',
    log: (line) => console.error(line),
  });
  for (const row of longSearchRows(result)) console.log(`${row.result}  ${row.metric}: ${row.value} ${row.unit}`);
}
