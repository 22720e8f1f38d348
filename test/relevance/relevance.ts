import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ensureSystemUser } from '../../src/features/accounts';
import { loadStarterContent } from '../../src/features/library/starter-content';
import { featureModules } from '../../src/modules';
import type { Database } from '../../src/platform/db/database';
import { registerSearchKinds } from '../../src/platform/search/kinds';
import { search } from '../../src/platform/search/search';

/** The relevance suite: practitioners' questions with graded judgements (2 = answers, 1 = useful) by slug. */
export interface Question {
  q: string;
  judgements: Record<string, 1 | 2>;
}

export const QUESTIONS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'questions.yaml');

/** The targets CI holds the search to. */
export const RELEVANCE_TARGETS = { successAt3: 0.9, mrrAt10: 0.8, zeroResults: 0 } as const;

export function loadQuestions(file = QUESTIONS_FILE): Question[] {
  const raw = parse(fs.readFileSync(file, 'utf8')) as { questions: Question[] };
  return raw.questions;
}

export interface QuestionOutcome {
  q: string;
  /** 1-based rank of the first hit judged 2 (an answer) in the top 10, or undefined. */
  firstAnswer: number | undefined;
  top: string[];
  total: number;
  correctedFrom: string | undefined;
  relaxed: boolean;
}

export interface RelevanceReport {
  questions: number;
  successAt1: number;
  successAt3: number;
  mrrAt10: number;
  zeroResults: number;
  outcomes: QuestionOutcome[];
  /** Judged slugs that are not in the content (the starter content changed): fix the question file. */
  unknownSlugs: string[];
  /** Each question searched once, uncached (informational: the bench measures latency). */
  latencyMs: { p50: number; p95: number; max: number };
}

const slugOf = (url: string) => /^\/articles\/([^/?#]+)/.exec(url)?.[1] ?? url;

/** Load the starter content (library articles and glossary) into an empty, migrated database. */
export async function loadStarter(database: Database, contentDir = 'content'): Promise<Set<string>> {
  registerSearchKinds(featureModules().flatMap((m) => m.searchKinds ?? []));
  const now = new Date();
  const systemUserId = await ensureSystemUser(database.db, now);
  await loadStarterContent({ db: database.db, now, contentDir, systemUserId });
  const slugs = new Set<string>();
  for (const dir of ['articles', 'glossary']) {
    for (const f of fs.readdirSync(path.join(contentDir, dir))) if (f.endsWith('.md')) slugs.add(f.slice(0, -3));
  }
  return slugs;
}

export async function evaluate(
  database: Database,
  questions: Question[],
  slugs: Set<string>,
): Promise<RelevanceReport> {
  const outcomes: QuestionOutcome[] = [];
  const unknown = new Set<string>();
  let s1 = 0;
  let s3 = 0;
  let mrr = 0;
  let zero = 0;
  const timings: number[] = [];
  for (const question of questions) {
    for (const slug of Object.keys(question.judgements)) if (!slugs.has(slug)) unknown.add(slug);
    const started = performance.now();
    const result = await search(database.db, { q: question.q, pageSize: 10 });
    timings.push(performance.now() - started);
    const top = result.hits.map((h) => slugOf(h.url));
    const index = top.findIndex((slug) => question.judgements[slug] === 2);
    const firstAnswer = index === -1 ? undefined : index + 1;
    if (firstAnswer === 1) s1++;
    if (firstAnswer !== undefined && firstAnswer <= 3) s3++;
    if (firstAnswer !== undefined) mrr += 1 / firstAnswer;
    if (result.hits.length === 0) zero++;
    outcomes.push({
      q: question.q,
      firstAnswer,
      top,
      total: result.total,
      correctedFrom: result.correctedFrom,
      relaxed: result.relaxed,
    });
  }
  const n = questions.length || 1;
  return {
    questions: questions.length,
    successAt1: s1 / n,
    successAt3: s3 / n,
    mrrAt10: mrr / n,
    zeroResults: zero,
    outcomes,
    unknownSlugs: [...unknown],
    latencyMs: percentiles(timings),
  };
}

function percentiles(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

export function formatReport(report: RelevanceReport, verbose = false): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [
    `questions       ${report.questions}`,
    `success@1       ${pct(report.successAt1)}`,
    `success@3       ${pct(report.successAt3)}   (target ≥ ${RELEVANCE_TARGETS.successAt3})`,
    `MRR@10          ${pct(report.mrrAt10)}   (target ≥ ${RELEVANCE_TARGETS.mrrAt10})`,
    `zero results    ${report.zeroResults}   (target ${RELEVANCE_TARGETS.zeroResults})`,
    `latency         p50 ${report.latencyMs.p50.toFixed(1)} ms, p95 ${report.latencyMs.p95.toFixed(1)} ms, max ${report.latencyMs.max.toFixed(1)} ms (uncached, informational)`,
  ];
  if (report.unknownSlugs.length) lines.push(`unknown slugs   ${report.unknownSlugs.join(', ')}`);
  const misses = report.outcomes.filter((o) => verbose || o.firstAnswer === undefined || o.firstAnswer > 3);
  if (misses.length) {
    lines.push('', verbose ? 'every question:' : 'answer not in the top 3:');
    for (const o of misses) {
      const note = [o.correctedFrom ? `corrected from "${o.correctedFrom}"` : '', o.relaxed ? 'relaxed' : '']
        .filter(Boolean)
        .join(', ');
      lines.push(
        `  [${o.firstAnswer ?? '-'}] ${o.q}${note ? ` (${note})` : ''}`,
        `      ${o.top.slice(0, 5).join(', ') || '(no results)'}`,
      );
    }
  }
  return lines.join('\n');
}
