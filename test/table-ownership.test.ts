import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A feature owns its tables: another feature asks through the owner's exported functions (DESIGN.md, habit 11).
 * dependency-cruiser (.dependency-cruiser.cjs) stops imports of another feature's table files; raw SQL names
 * tables as text, so this scans every feature's SQL for the tables of the others. Test support files that build
 * fixtures straight into another feature's tables are exempt.
 */
const root = join(import.meta.dirname, '..');
const featuresDir = join(root, 'src/features');
const TEST_SUPPORT = /\.test\.tsx?$|fixtures\.ts$|test-helpers\.ts$|test-support\.ts$|testing\.ts$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const features = readdirSync(featuresDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** Table name → owning feature, read from each feature's *.table.ts. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const feature of features) {
    for (const file of files(join(featuresDir, feature)).filter((f) => f.endsWith('.table.ts'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/pgTable\(\s*'([a-z_]+)'/g))
        owners.set(name!, feature);
    }
  }
  return owners;
}

/** The text of every sql`…` template (nested ones included), with interpolations blanked. */
function sqlTexts(source: string): string[] {
  const texts: string[] = [];
  const template = (start: number): [string, number] => {
    let text = '';
    let i = start + 1;
    while (i < source.length) {
      const c = source[i];
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        return [text, i + 1];
      } else if (source.startsWith('${', i)) {
        i = expression(i + 2);
        text += ' ? ';
      } else {
        text += c;
        i++;
      }
    }
    return [text, i];
  };
  const expression = (start: number): number => {
    let depth = 0;
    let i = start;
    while (i < source.length) {
      const c = source[i];
      if (c === '`') {
        i = template(i)[1];
        continue;
      }
      if (c === "'" || c === '"') {
        const end = source.indexOf(c, i + 1);
        i = end < 0 ? source.length : end + 1;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') {
        if (depth === 0) return i + 1;
        depth--;
      }
      i++;
    }
    return i;
  };
  for (const match of source.matchAll(/\bsql(?:\.raw)?`/g)) texts.push(template(match.index! + match[0].length - 1)[0]);
  return texts;
}

function tablesNamed(sqlText: string, owners: Map<string, string>): string[] {
  const named = new Set<string>();
  for (const [, name] of sqlText.matchAll(/\b(?:from|join|into|update|table|exists)\s+(?:only\s+)?"?([a-z_]+)"?/gi)) {
    if (owners.has(name!.toLowerCase())) named.add(name!.toLowerCase());
  }
  return [...named];
}

describe('table ownership', () => {
  const owners = tableOwners();

  it('reads the owners of the feature tables', () => {
    expect(owners.get('articles')).toBe('library');
    expect(owners.get('forum_posts')).toBe('community');
    expect(owners.get('stewardships')).toBe('groups');
    expect(owners.get('subscriptions')).toBe('notifications');
  });

  it('finds table names in SQL, nested templates included, and only there', () => {
    const source = [
      'const a = sql`select 1 from forum_posts p join \u0024{sql`articles`} a on true`;',
      "const b = 'update articles set x = 1';",
      'const c = sql`insert into subscriptions \u0024{x ? sql`(a)` : sql``} select * from \u0024{t}`;',
    ].join('\n');
    const texts = sqlTexts(source);
    expect(texts.flatMap((t) => tablesNamed(t, owners)).sort()).toEqual(['forum_posts', 'subscriptions']);
  });

  it('lets no feature name another feature’s table in its SQL', () => {
    const found: string[] = [];
    for (const feature of features) {
      for (const file of files(join(featuresDir, feature)).filter((f) => !TEST_SUPPORT.test(f))) {
        for (const text of sqlTexts(readFileSync(file, 'utf8'))) {
          for (const table of tablesNamed(text, owners)) {
            if (owners.get(table) !== feature)
              found.push(`${relative(root, file)}: ${table} (owned by ${owners.get(table)})`);
          }
        }
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });

  it('lets no feature hand out its table objects through its public surface', () => {
    const found = features.flatMap((feature) =>
      files(join(featuresDir, feature))
        .filter((f) => /[\\/]index\.tsx?$/.test(f))
        .filter((f) => /from '\.\/[^']+\.table'/.test(readFileSync(f, 'utf8')))
        .map((f) => relative(root, f)),
    );
    expect(found).toEqual([]);
  });
});
