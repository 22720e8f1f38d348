import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { APP_ROOT } from '../../platform/app-root';
import {
  countrySchema,
  type LenderCountry,
  type Letters,
  lettersSchema,
  type Resource,
  resourceSchema,
} from './resources.models';

/**
 * The starter catalogue and lender directory (loaded once into the records tables, where the community keeps them:
 * docs/decisions/037) and the request letters, as content files: `content/resources/*.yaml` (lists of entries),
 * `content/lenders/countries/*.yaml` (one country each) and `content/lenders/letters.yaml` (request letters).
 * Read and checked once per process; a bad file stops the start with its name and the problem.
 */
export interface ResourceContent {
  resources: Resource[];
  countries: LenderCountry[];
  letters: Letters;
}

/** Slugs that are pages of their own under /resources. */
const RESERVED = new Set(['lenders', 'links']);

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function check<T>(schema: z.ZodType<T>, file: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function loadResourceContent(contentDir: string): Promise<ResourceContent> {
  const resources: Resource[] = [];
  for (const file of await yamlFiles(path.join(contentDir, 'resources')))
    resources.push(...check(z.array(resourceSchema), file, parse(await fs.readFile(file, 'utf8'))));
  const slugs = new Set<string>();
  for (const r of resources) {
    if (slugs.has(r.slug) || RESERVED.has(r.slug)) throw new Error(`resources: the slug “${r.slug}” is taken`);
    slugs.add(r.slug);
  }
  const countries: LenderCountry[] = [];
  for (const file of await yamlFiles(path.join(contentDir, 'lenders', 'countries')))
    countries.push(check(countrySchema, file, parse(await fs.readFile(file, 'utf8'))));
  const lettersFile = path.join(contentDir, 'lenders', 'letters.yaml');
  const letters = check(
    lettersSchema,
    lettersFile,
    parse(
      await fs
        .readFile(lettersFile, 'utf8')
        .catch(
          () =>
            'loan: {english: "", spanish: "", french: "", german: ""}\ncopy: {english: "", spanish: "", french: "", german: ""}',
        ),
    ),
  );
  resources.sort((a, b) => a.title.localeCompare(b.title, 'en'));
  return { resources, countries, letters };
}

const loaded = new Map<string, Promise<ResourceContent>>();

/** The content for a content directory (the hub's own when it has no resources folder), read once per process. */
export function resourceContent(contentDir?: string): Promise<ResourceContent> {
  const own = contentDir ?? path.join(APP_ROOT, 'content');
  let content = loaded.get(own);
  if (!content) {
    content = (async () => {
      const hasOwn = await fs
        .stat(path.join(own, 'resources'))
        .then(() => true)
        .catch(() => false);
      return loadResourceContent(hasOwn ? own : path.join(APP_ROOT, 'content'));
    })();
    content.catch(() => loaded.delete(own));
    loaded.set(own, content);
  }
  return content;
}
