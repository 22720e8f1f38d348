/**
 * Report recipes as content: content/reports/recipes/<slug>.md, front matter (title, summary, audience, steps,
 * maintained_by, review_due) and a Markdown body. Every file is checked; any problem stops the load with the file
 * named (docs/decisions/047).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const frontMatter = z.object({
  title: z.string().min(10).max(160),
  summary: z.string().min(20).max(400),
  audience: z.string().min(3).max(120),
  steps: z.array(z.string().min(3).max(120)).min(3).max(12),
  maintained_by: z.string().regex(/^[a-z0-9-]+$/, 'a group slug'),
  // YAML reads an unquoted date as a Date; either form is accepted.
  review_due: z.union([
    z.date().transform((d) => d.toISOString().slice(0, 10)),
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ]),
});

export interface RecipeSource {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  steps: string[];
  maintainedBy: string;
  reviewDue: string;
  body: string;
}

export class RecipeContentError extends Error {
  override name = 'RecipeContentError';
}

export function parseRecipe(file: string, text: string): { recipe?: RecipeSource; problems: string[] } {
  const slug = path.basename(file, '.md');
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) problems.push(`${file}: the file name must be a slug (a-z, 0-9, -)`);
  const match = text.replace(/\r\n/g, '\n').match(/^---\n([\s\S]*?)\n---\n?([\s\S]*)$/);
  if (!match) return { problems: [`${file}: no front matter (the file must start with a line of three hyphens)`] };
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    return { problems: [`${file}: front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const fm = frontMatter.safeParse(data);
  if (!fm.success)
    return { problems: fm.error.issues.map((i) => `${file}: ${i.path.join('.') || 'front matter'}: ${i.message}`) };
  const body = (match[2] ?? '').trim();
  if (body.length < 200) problems.push(`${file}: the body is empty or too short`);
  if (problems.length) return { problems };
  const { title, summary, audience, steps, maintained_by, review_due } = fm.data;
  return {
    problems,
    recipe: { slug, title, summary, audience, steps, maintainedBy: maintained_by, reviewDue: review_due, body },
  };
}

/** Every recipe file, checked (an empty list when the hub ships none). */
export async function readRecipes(contentDir: string): Promise<RecipeSource[]> {
  const dir = path.join(contentDir, 'reports', 'recipes');
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  } catch {
    return [];
  }
  const recipes: RecipeSource[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const read = parseRecipe(`content/reports/recipes/${f}`, await readFile(path.join(dir, f), 'utf8'));
    problems.push(...read.problems);
    if (read.recipe) recipes.push(read.recipe);
  }
  if (problems.length) throw new RecipeContentError(problems.join('\n'));
  return recipes;
}
