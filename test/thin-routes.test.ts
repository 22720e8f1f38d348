import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Thin handlers (DESIGN.md, habit 1): every state change lives in a `*.usecases.ts` file, where authorisation,
 * suspensions and rate limits apply to every entry point. This scans the request-facing files of every feature
 * (routes, HTTP helpers, module wiring, index files, pages) for writes made there directly: Drizzle's
 * insert/update/delete/transaction on a database handle, recordEvent, SQL text that inserts, updates or deletes,
 * and (in routes and HTTP helpers) a repository function whose name says it writes.
 */
const root = join(import.meta.dirname, '..');
const featuresDir = join(root, 'src/features');

/** Files of the HTTP layer: what a request reaches before a use case. */
const HTTP_LAYER = /(\.routes\.tsx?|\.http\.ts|\.module\.tsx?|[/\\]index\.tsx?|[.-]page\.tsx)$/;
const HANDLERS = /(\.routes\.tsx?|\.http\.ts)$/;

/** "file: reason" for what must stay; keep this empty unless there is no other way. */
const ALLOWED: Record<string, string> = {};

const DIRECT: Array<[string, RegExp]> = [
  ['Drizzle write', /\b(?:db|tx|database\.db|db\(\w*\))\s*\.\s*(?:insert|update|delete|transaction)\s*\(/],
  ['recordEvent', /\brecordEvent\s*\(/],
  ['SQL write', /\bsql`\s*(?:insert|update|delete)\b/i],
];
const WRITE_VERBS = 'insert|update|delete|save|mark|set|add|remove|upsert|create|record|erase|prune|revoke|claim';
const REPOSITORY_WRITE = new RegExp(`\\b\\w*[Rr]epo\\w*\\.(?:${WRITE_VERBS})[A-Z]\\w*\\s*\\(`);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** "file:line: what" for every write found in the source. */
function writesIn(file: string, source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    for (const [what, pattern] of DIRECT) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}`);
    if (HANDLERS.test(file) && REPOSITORY_WRITE.test(line)) found.push(`${file}:${i + 1}: repository write`);
  });
  return found;
}

describe('state changes live in use cases', () => {
  it('the scan finds each kind of write', () => {
    const sample = [
      'await db.insert(posts).values(row);',
      'await deps(c).db.update(users).set({});',
      'await tx.delete(flags).where(x);',
      'await db(c).transaction(async (tx) => {});',
      "await recordEvent(db, { type: 'x' });",
      'await db.execute(sql`delete from drafts where id = 1`);',
      'await repo.markRead(db(c), actor.id, id, now(c));',
    ].join('\n');
    expect(writesIn('src/features/x/x.routes.tsx', sample)).toHaveLength(7);
    const reads = 'this.byThread.delete(id); await repo.findPost(db, id);';
    expect(writesIn('src/features/x/x.routes.tsx', reads)).toEqual([]);
  });

  it('no routes, HTTP helper, module or page file writes to the database itself', () => {
    const offenders = files(featuresDir)
      .map((file) => relative(root, file).split('\\').join('/'))
      .filter((file) => HTTP_LAYER.test(file) && !ALLOWED[file])
      .flatMap((file) => writesIn(file, readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
