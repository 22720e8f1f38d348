/**
 * `npm run relevance [-- --verbose]`: the relevance suite over the starter content, on an in-memory database.
 * Prints success@1, success@3, MRR@10 and the zero-result count; exits 1 below the targets.
 */
import { openPglite, migrateDatabase } from '../src/platform/db/open';
import { evaluate, formatReport, loadQuestions, loadStarter, RELEVANCE_TARGETS } from '../test/relevance/relevance';

const database = await openPglite(undefined);
try {
  await migrateDatabase(database);
  const slugs = await loadStarter(database, process.env.CONTENT_DIR || 'content');
  const report = await evaluate(database, loadQuestions(), slugs);
  console.log(formatReport(report, process.argv.includes('--verbose')));
  const ok =
    report.successAt3 >= RELEVANCE_TARGETS.successAt3 &&
    report.mrrAt10 >= RELEVANCE_TARGETS.mrrAt10 &&
    report.zeroResults <= RELEVANCE_TARGETS.zeroResults;
  process.exitCode = ok ? 0 : 1;
} finally {
  await database.close();
}
