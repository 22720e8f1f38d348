import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readStarterWorkflows } from '../workflows';
import { readStarterCourses } from './learning.content';
import { PLAN_LIMITS, type PlanItemKind } from './learning.plans.models';

/**
 * Onboarding plan templates: `content/learning/plans/<slug>.yaml`, each a title, a summary and items (a lesson as
 * "<course>/<lesson>", an article or a workflow by slug, or a shadowing task in words) with a target week. Checked
 * once per process against the starter courses, articles and workflows; an unknown slug stops the start, named.
 */

export const TEMPLATES_FOLDER = 'learning/plans';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug');
const week = z.number().int().min(1).max(PLAN_LIMITS.weeks);
const itemSchema = z.union([
  z.object({ week, lesson: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be "<course>/<lesson>"') }).strict(),
  z.object({ week, article: slug }).strict(),
  z.object({ week, workflow: slug }).strict(),
  z.object({ week, task: z.string().trim().min(1).max(PLAN_LIMITS.taskLength) }).strict(),
]);
const templateSchema = z
  .object({
    slug,
    title: z.string().trim().min(1).max(PLAN_LIMITS.titleLength),
    summary: z.string().trim().min(1).max(400),
    items: z.array(itemSchema).min(1).max(PLAN_LIMITS.itemsPerPlan),
  })
  .strict();

export interface TemplateItem {
  kind: PlanItemKind;
  ref: string | null;
  title: string;
  week: number;
}

export interface PlanTemplate {
  slug: string;
  title: string;
  summary: string;
  items: TemplateItem[];
}

/** What a template may name: slug → title, for lessons ("<course>/<lesson>"), articles and workflows. */
export interface KnownContent {
  lessons: Map<string, string>;
  articles: Map<string, string>;
  workflows: Map<string, string>;
}

export class PlanTemplateError extends Error {
  override name = 'PlanTemplateError';
}

/** Check one template file's data against what exists; problems are pushed, named by file and item. */
export function checkTemplate(
  file: string,
  data: unknown,
  known: KnownContent,
  problems: string[],
): PlanTemplate | undefined {
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || 'file'}: ${i.message}`));
    return undefined;
  }
  const t = parsed.data;
  if (path.basename(file, '.yaml') !== t.slug) problems.push(`${file}: slug “${t.slug}” does not match the file name`);
  const items: TemplateItem[] = [];
  for (const [i, item] of t.items.entries()) {
    const where = `${file}: items.${i}`;
    if ('task' in item) {
      items.push({ kind: 'task', ref: null, title: item.task, week: item.week });
      continue;
    }
    const [kind, ref, list, what] =
      'lesson' in item
        ? (['lesson', item.lesson, known.lessons, 'starter lesson'] as const)
        : 'article' in item
          ? (['article', item.article, known.articles, 'starter article'] as const)
          : (['workflow', item.workflow, known.workflows, 'starter workflow'] as const);
    const title = list.get(ref);
    if (title === undefined) problems.push(`${where}: no ${what} has the slug “${ref}”`);
    else items.push({ kind, ref, title, week: item.week });
  }
  return { slug: t.slug, title: t.title, summary: t.summary, items };
}

async function starterArticles(contentDir: string): Promise<Map<string, string>> {
  const dir = path.join(contentDir, 'articles');
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md'));
  const out = new Map<string, string>();
  for (const name of names) {
    const text = await fs.readFile(path.join(dir, name), 'utf8');
    const fm = text.replace(/\r\n/g, '\n').match(/^---\n([\s\S]*?)\n---/);
    const data = fm ? (parseYaml(fm[1] ?? '') as { slug?: unknown; title?: unknown }) : {};
    const slugOf = typeof data.slug === 'string' ? data.slug : path.basename(name, '.md');
    out.set(slugOf, typeof data.title === 'string' ? data.title : slugOf);
  }
  return out;
}

/** The starter content a template may name, read from the content folder. */
export async function knownStarterContent(contentDir: string): Promise<KnownContent> {
  const [courses, articles, workflows] = await Promise.all([
    readStarterCourses(contentDir),
    starterArticles(contentDir),
    readStarterWorkflows(contentDir),
  ]);
  return {
    lessons: new Map(courses.flatMap((c) => c.lessons.map((l) => [`${c.slug}/${l.slug}`, l.title] as const))),
    articles,
    workflows: new Map(workflows.flatMap((w) => (w.slug ? [[w.slug, w.title] as const] : []))),
  };
}

/** Every template under content/learning/plans, checked (throws PlanTemplateError naming every problem). */
export async function readPlanTemplates(contentDir: string): Promise<PlanTemplate[]> {
  const dir = path.join(contentDir, TEMPLATES_FOLDER);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.yaml')).sort();
  if (names.length === 0) return [];
  const known = await knownStarterContent(contentDir);
  const problems: string[] = [];
  const out: PlanTemplate[] = [];
  for (const name of names) {
    const file = `${TEMPLATES_FOLDER}/${name}`;
    let data: unknown;
    try {
      data = parseYaml(await fs.readFile(path.join(dir, name), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const template = checkTemplate(file, data, known, problems);
    if (template) out.push(template);
  }
  if (problems.length) throw new PlanTemplateError(`Onboarding plan templates:\n${problems.join('\n')}`);
  return out;
}

const cache = new Map<string, Promise<PlanTemplate[]>>();

/** The templates, read and checked once per process and content folder. */
export function planTemplates(contentDir: string): Promise<PlanTemplate[]> {
  let templates = cache.get(contentDir);
  if (!templates) {
    templates = readPlanTemplates(contentDir);
    // A failed read is not kept: the next call tries again (and names the problems again).
    templates.catch(() => cache.delete(contentDir));
    cache.set(contentDir, templates);
  }
  return templates;
}
