import type { Resource } from './resources.models';
import { RESOURCE_COSTS, RESOURCE_FORMATS } from './resources.models';

/** The catalogue's filters, read from the query string: unknown values are ignored (the list is then unfiltered). */
export interface ResourceFilters {
  q: string;
  topic: string;
  format: string;
  audience: string;
  cost: string;
  language: string;
}

export const FILTER_NAMES = ['q', 'topic', 'format', 'audience', 'cost', 'language'] as const;

export function readFilters(query: (name: string) => string | undefined): ResourceFilters {
  const one = (name: string, max = 60) => (query(name) ?? '').trim().slice(0, max);
  const f: ResourceFilters = {
    q: one('q', 200),
    topic: one('topic'),
    format: one('format'),
    audience: one('audience'),
    cost: one('cost'),
    language: one('language'),
  };
  if (f.format && !(f.format in RESOURCE_FORMATS)) f.format = '';
  if (f.cost && !(f.cost in RESOURCE_COSTS)) f.cost = '';
  return f;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function filterResources(resources: readonly Resource[], f: ResourceFilters): Resource[] {
  const words = fold(f.q).split(/\s+/).filter(Boolean);
  return resources.filter((r) => {
    if (f.topic && !r.topics.includes(f.topic)) return false;
    if (f.format && r.format !== f.format) return false;
    if (f.audience && !r.audience.includes(f.audience as Resource['audience'][number])) return false;
    if (f.cost && r.cost !== f.cost) return false;
    if (f.language && !r.languages.includes(f.language)) return false;
    if (words.length > 0) {
      const text = fold(`${r.title} ${r.publisher} ${r.description}`);
      if (!words.every((w) => text.includes(w))) return false;
    }
    return true;
  });
}

export function filterQuery(f: ResourceFilters): string {
  const q = new URLSearchParams();
  for (const name of FILTER_NAMES) if (f[name]) q.set(name, f[name]);
  const s = q.toString();
  return s ? `?${s}` : '';
}
