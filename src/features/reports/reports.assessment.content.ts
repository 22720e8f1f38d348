/**
 * The self-assessment checklist as structured content (content/reports/assessment.yaml), checked against the
 * library's starter articles when read: every item names an article slug and a heading anchor of that article (the
 * best practice it checks), and an unknown slug or anchor stops the hub with the item named (docs/decisions/047).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { headingId } from '../../platform/content/markdown';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens');
const checklistSchema = z.object({
  source: z.string().min(1),
  sections: z
    .array(
      z.object({
        id,
        title: z.string().min(1).max(80),
        items: z
          .array(
            z.object({
              id,
              text: z.string().min(5).max(200),
              practice: z.string().regex(/^[a-z0-9-]+#[a-z0-9-]+$/, 'write article-slug#heading-anchor'),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

export interface ChecklistItem {
  id: string;
  text: string;
  /** The best practice it checks: an article and a heading of it. */
  article: string;
  anchor: string;
  articleTitle: string;
}
export interface ChecklistSection {
  id: string;
  title: string;
  items: ChecklistItem[];
}
export interface Checklist {
  /** The article the checklist comes from. */
  source: { slug: string; title: string };
  sections: ChecklistSection[];
}

export class ChecklistError extends Error {
  override name = 'ChecklistError';
}

/** Each article's title and heading anchors, read from its front matter and `##`/`###` lines. */
async function articleIndex(contentDir: string): Promise<Map<string, { title: string; anchors: Set<string> }>> {
  const dir = path.join(contentDir, 'articles');
  const index = new Map<string, { title: string; anchors: Set<string> }>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.md'))) {
    const text = (await readFile(path.join(dir, file), 'utf8')).replace(/\r\n/g, '\n');
    const front = text.match(/^---\n([\s\S]*?)\n---\n?([\s\S]*)$/);
    if (!front) continue;
    const fm = parse(front[1] ?? '') as { slug?: string; title?: string };
    if (!fm.slug) continue;
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const m of (front[2] ?? '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
      const base = headingId(m[1]!.replace(/[*_`]/g, ''));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n > 0 ? `${base}-${n + 1}` : base);
    }
    index.set(fm.slug, { title: fm.title ?? fm.slug, anchors });
  }
  return index;
}

/** Parse and check the checklist; every problem is listed at once. */
export async function readChecklist(contentDir: string): Promise<Checklist> {
  const file = 'content/reports/assessment.yaml';
  const raw = parse(await readFile(path.join(contentDir, 'reports', 'assessment.yaml'), 'utf8'));
  const parsed = checklistSchema.safeParse(raw);
  if (!parsed.success)
    throw new ChecklistError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || 'file'}: ${i.message}`).join('\n'),
    );
  const articles = await articleIndex(contentDir);
  const problems: string[] = [];
  const ids = new Set<string>();
  const source = articles.get(parsed.data.source);
  if (!source) problems.push(`${file}: source: no article “${parsed.data.source}” in content/articles`);
  const sections: ChecklistSection[] = parsed.data.sections.map((s) => {
    if (ids.has(s.id)) problems.push(`${file}: section id “${s.id}” is used twice`);
    ids.add(s.id);
    return {
      id: s.id,
      title: s.title,
      items: s.items.map((item) => {
        if (ids.has(item.id)) problems.push(`${file}: item id “${item.id}” is used twice`);
        ids.add(item.id);
        const [article = '', anchor = ''] = item.practice.split('#');
        const found = articles.get(article);
        if (!found) problems.push(`${file}: item “${item.id}”: no article “${article}” in content/articles`);
        else if (!found.anchors.has(anchor))
          problems.push(`${file}: item “${item.id}”: article “${article}” has no heading with the anchor “${anchor}”`);
        return { id: item.id, text: item.text, article, anchor, articleTitle: found?.title ?? article };
      }),
    };
  });
  if (problems.length) throw new ChecklistError(problems.join('\n'));
  return { source: { slug: parsed.data.source, title: source!.title }, sections };
}

const cache = new Map<string, Promise<Checklist>>();

/** The checklist, read once per content directory (a failed read is not kept). */
export function checklistFor(contentDir: string): Promise<Checklist> {
  let entry = cache.get(contentDir);
  if (!entry) {
    entry = readChecklist(contentDir);
    entry.catch(() => cache.delete(contentDir));
    cache.set(contentDir, entry);
  }
  return entry;
}
