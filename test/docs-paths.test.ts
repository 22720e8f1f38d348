import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README, docs/*.md and the decision records name files and folders of the
 * repository; when code moves, the words must follow (a record says what the file
 * became rather than being rewritten). This reads every backticked repo path, bare
 * source file name, migration name and relative link, and checks that it exists.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const TOP = ['src', 'test', 'scripts', 'bench', 'content', 'docs', 'migrations', 'public', '.ci'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'data', 'dist', 'coverage', 'test-results', 'screenshots']);
/** Built by the build scripts, never committed (.gitignore): named in the docs as what the build makes. */
const GENERATED = ['public/build', 'dist/'];

interface Named {
  doc: string;
  line: number;
  name: string;
  /** `path`: from the repository root; `file`: a source file's own name, perhaps with its folder (`groups/x.ts`). */
  kind: 'path' | 'file' | 'migration' | 'link';
}

/** What a Markdown text names that should be in the repository. */
function namedPaths(doc: string, text: string): Named[] {
  const out: Named[] = [];
  const top = new RegExp(`^(?:${TOP.map((d) => d.replace('.', '\\.')).join('|')})(?:/|$)`);
  text.split('\n').forEach((lineText, i) => {
    const line = i + 1;
    for (const m of lineText.matchAll(/`([^`\s]+)`/g)) {
      const name = m[1]!.replace(/^\.\//, '');
      if (top.test(name) && name.includes('/')) out.push({ doc, line, name, kind: 'path' });
      else if (/^[\w*./-]+\.(ts|tsx|mjs|sh)$/.test(name)) out.push({ doc, line, name, kind: 'file' });
      else if (/^\d{4}_[a-z0-9_]+$/.test(name)) out.push({ doc, line, name, kind: 'migration' });
    }
    // A plain-text path (decision records sometimes name one in parentheses).
    for (const m of lineText.matchAll(/(?:^|[\s(])((?:src|test|scripts|bench)\/[\w./*-]+\.(?:ts|tsx|mjs|sh))\b/g)) {
      if (!lineText.includes(`\`${m[1]}\``)) out.push({ doc, line, name: m[1]!, kind: 'path' });
    }
    for (const m of lineText.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split('#')[0]!;
      const external = /^[a-z]+:/i.test(target) || target.startsWith('/');
      if (target && !external) out.push({ doc, line, name: target, kind: 'link' });
    }
  });
  return out;
}

function repoFiles(dir = ROOT, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(`${rel}/`, ...repoFiles(path.join(dir, entry.name), `${rel}/`));
    else out.push(rel);
  }
  return out;
}

/** `*` (or a `<placeholder>`) matches within one folder, `**` across folders; a trailing slash names a folder. */
function pattern(name: string): string {
  return name
    .replace(/\/$/, '')
    .replace(/<[^<>/]+>/g, '*')
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .split(/\*\*\/?/)
    .map((part) => part.replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
}

function missing(named: Named[], files: string[]): Named[] {
  return named.filter((n) => {
    if (n.kind === 'migration') return !files.includes(`migrations/${n.name}.sql`);
    let rel = n.name;
    if (n.kind === 'link') rel = path.posix.normalize(path.posix.join(path.posix.dirname(n.doc), n.name));
    const generated = (g: string) => rel === g.replace(/\/$/, '') || rel.startsWith(g.endsWith('/') ? g : `${g}/`);
    if (GENERATED.some(generated)) return false;
    const re = n.kind === 'file' ? new RegExp(`(^|/)${pattern(rel)}/?$`) : new RegExp(`^${pattern(rel)}/?$`);
    return !files.some((f) => re.test(f));
  });
}

function docs(): string[] {
  const list = ['README.md'];
  for (const f of fs.readdirSync(path.join(ROOT, 'docs')).sort()) if (f.endsWith('.md')) list.push(`docs/${f}`);
  for (const f of fs.readdirSync(path.join(ROOT, 'docs/decisions')).sort()) {
    if (f.endsWith('.md')) list.push(`docs/decisions/${f}`);
  }
  return list;
}

describe('the docs name only what the repository holds', () => {
  it('finds every named path, file, migration and link (or says that the record was corrected)', () => {
    const named = docs().flatMap((doc) => namedPaths(doc, fs.readFileSync(path.join(ROOT, doc), 'utf8')));
    expect(named.length).toBeGreaterThan(100);
    const gone = missing(named, repoFiles()).map((n) => `${n.doc}:${n.line} names ${n.name}, not in the repository`);
    expect(gone).toEqual([]);
  });

  it('reads paths, globs, bare file names, migrations and links, and catches the ones that are not there', () => {
    const text = [
      'See `src/hub.ts`, `src/features/*/*.usecases.ts`, `src/features/<area>/index.ts`, `test/abuse/`,',
      '`scripts/gone.sh` and `workers/pool.ts`.',
      'The record (src/platform/nowhere.ts), `0006_render_once`, `0099_never`,',
      '[map](../architecture.md), [x](nope.md).',
      'Not paths: `npm start`, `DATA_DIR/.backup`, `/healthz`; `public/build` is built.',
    ].join('\n');
    const named = namedPaths('docs/decisions/999-example.md', text);
    expect(named.map((n) => n.name).sort()).toEqual(
      [
        'src/hub.ts',
        'src/features/*/*.usecases.ts',
        'src/features/<area>/index.ts',
        'test/abuse/',
        'scripts/gone.sh',
        'workers/pool.ts',
        'src/platform/nowhere.ts',
        '0006_render_once',
        '0099_never',
        '../architecture.md',
        'nope.md',
        'public/build',
      ].sort(),
    );
    const gone = missing(named, repoFiles()).map((n) => n.name);
    expect(gone.sort()).toEqual(['0099_never', 'nope.md', 'scripts/gone.sh', 'src/platform/nowhere.ts']);
  });
});
