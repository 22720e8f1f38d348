import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db';
import type { Database } from '../../src/platform/db/database';
import {
  evaluate,
  formatReport,
  loadQuestions,
  loadStarter,
  RELEVANCE_TARGETS,
  type RelevanceReport,
} from './relevance';

let database: Database;
let report: RelevanceReport;

beforeAll(async () => {
  database = await createTestDatabase();
  const slugs = await loadStarter(database);
  report = await evaluate(database, loadQuestions(), slugs);
}, 240_000);
afterAll(() => database?.close());

describe('search relevance on the starter content (test/relevance/questions.yaml)', () => {
  it('has at least 60 questions, each judged against pages that exist', () => {
    expect(report.questions).toBeGreaterThanOrEqual(60);
    expect(report.unknownSlugs).toEqual([]);
  });

  it('puts an answer in the top three for at least 90 % of questions, with MRR@10 of at least 0.8', () => {
    const summary = formatReport(report);
    expect(report.successAt3, summary).toBeGreaterThanOrEqual(RELEVANCE_TARGETS.successAt3);
    expect(report.mrrAt10, summary).toBeGreaterThanOrEqual(RELEVANCE_TARGETS.mrrAt10);
  });

  it('finds something for every answerable question', () => {
    expect(
      report.outcomes.filter((o) => o.top.length === 0).map((o) => o.q),
      formatReport(report),
    ).toEqual([]);
  });
});
