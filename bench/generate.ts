import { slugify } from '../src/features/library/library.models';
import type { ArticleContent, ArticleType, Audience } from '../src/features/library/library.models';
import * as v from './vocabulary';

/** Bump when the generated text changes, so cached corpora are rebuilt. */
export const GENERATOR_VERSION = 2;

/** Small deterministic PRNG (mulberry32): the same seed gives the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Writer {
  constructor(private readonly random: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Zipf-like: item i is chosen with weight 1/(i+1), so the end of the list is rare. */
  zipf<T>(items: readonly T[]): T {
    const n = items.length;
    const i = Math.floor(Math.exp(this.random() * Math.log(n + 1))) - 1;
    return items[Math.min(n - 1, Math.max(0, i))]!;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  some<T>(items: readonly T[], min: number, max: number): T[] {
    const out = new Set<T>();
    const want = this.int(min, max);
    while (out.size < Math.min(want, items.length)) out.add(this.pick(items));
    return [...out];
  }

  fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
      switch (slot) {
        case 'material':
          return this.pick(v.MATERIALS);
        case 'system':
          return this.pick(v.SYSTEMS);
        case 'region':
          return this.pick(v.REGIONS);
        case 'action':
          return this.pick(v.ACTIONS);
        case 'adjective':
          return this.pick(v.ADJECTIVES);
        case 'person':
          return this.pick(v.PEOPLE);
        case 'organisation':
          return this.pick(v.ORGANISATIONS);
        case 'kind':
          return this.pick(v.LIBRARY_KINDS);
        // Mostly an everyday word, so that the tail of the rare lists is found in a handful of documents.
        case 'rare':
          return this.chance(0.1) ? this.zipf(v.RARE_WORDS) : this.pick(v.MATERIALS);
        case 'name':
          return this.chance(0.2) ? this.zipf(v.NAMES) : this.pick(v.COMMON_NAMES);
        case 'n':
          return String(this.int(2, 15));
        default:
          return slot;
      }
    });
  }

  sentence(): string {
    return this.fill(this.pick(v.SENTENCES));
  }

  paragraph(min = 2, max = 4): string {
    return Array.from({ length: this.int(min, max) }, () => this.sentence()).join(' ');
  }

  link(): string {
    const host = this.pick(v.LINK_HOSTS);
    const text = this.fill('{organisation} guidance on {material} loans');
    return `[${text}](https://${host}/${slugify(text).slice(0, 40)})`;
  }
}

const TYPES: ArticleType[] = [
  'guide',
  'guide',
  'workflow',
  'best-practice',
  'how-to',
  'how-to',
  'reading',
  'video',
  'external-resource',
];
const AUDIENCE_LIST: Audience[] = ['new', 'experienced', 'manager'];

/** A Markdown body of about `target` characters: headings, paragraphs, a list, a link, sometimes a table. */
export function body(w: Writer, target = 2000): string {
  const parts: string[] = [w.paragraph(2, 3)];
  let length = parts[0]!.length;
  let section = 0;
  while (length < target) {
    const block: string[] = [`## ${w.pick(v.HEADINGS)}`, w.paragraph()];
    if (section === 0)
      block.push(
        w
          .some(v.LIST_ITEMS, 3, 5)
          .map((i) => `- ${w.fill(i)}`)
          .join('\n'),
      );
    if (section === 1) block.push(`See ${w.link()} for the **${w.pick(v.ADJECTIVES)}** cases.`);
    if (section === 2 && w.chance(0.3)) {
      const rows = Array.from(
        { length: 3 },
        () => `| ${w.pick(v.REGIONS)} | ${w.int(2, 20)} days | ${w.pick(v.SYSTEMS)} |`,
      );
      block.push(['| Lender region | Typical turnaround | System |', '|---|---|---|', ...rows].join('\n'));
    }
    section++;
    const text = block.join('\n\n');
    parts.push(text);
    length += text.length + 2;
  }
  return parts.join('\n\n');
}

export interface GeneratedArticle {
  slug: string;
  content: ArticleContent;
}

/** Article number `i` of the corpus; `earlier` lets some articles name related ones. */
export function article(w: Writer, i: number, earlier: string[]): GeneratedArticle {
  const raw = w.fill(w.pick(v.TITLE_PATTERNS));
  const title = (raw.charAt(0).toUpperCase() + raw.slice(1)).slice(0, 150);
  const type = w.chance(0.03) ? 'glossary-term' : w.pick(TYPES);
  const related = earlier.length && w.chance(0.2) ? w.some(earlier, 1, 2) : [];
  const content: ArticleContent = {
    title,
    summary: w.paragraph(1, 1).slice(0, 280),
    type,
    audience: w.pick(AUDIENCE_LIST),
    body: body(w),
    tags: w.some(v.TAGS, 2, 5),
    topicSlugs: w.some(v.TOPICS, 1, 3),
    context: w.chance(0.5)
      ? {
          libraryTypes: w.some(v.LIBRARY_KINDS, 1, 2),
          systems: w.some(v.SYSTEMS, 1, 2),
          regions: w.some(v.REGIONS, 1, 2),
        }
      : {},
    sources: Array.from({ length: w.int(1, 3) }, () => {
      const text = w.fill('{organisation} on {material} requests');
      return { title: text, url: `https://${w.pick(v.LINK_HOSTS)}/${slugify(text).slice(0, 50)}` };
    }),
    related,
    licence: 'CC-BY-4.0',
  };
  return { slug: `${slugify(title).slice(0, 60).replace(/-+$/, '')}-${i}`, content };
}

/** A plausible edit: a sentence rewritten, a paragraph added, sometimes a new summary or tag. */
export function revise(w: Writer, content: ArticleContent): ArticleContent {
  const paragraphs = content.body.split('\n\n');
  const at = w.int(1, paragraphs.length);
  paragraphs.splice(at, 0, w.paragraph(1, 3));
  const next: ArticleContent = { ...content, body: paragraphs.join('\n\n') };
  if (w.chance(0.3)) next.summary = w.paragraph(1, 1).slice(0, 280);
  if (w.chance(0.3) && content.tags.length < 12) next.tags = [...new Set([...content.tags, w.pick(v.TAGS)])];
  return next;
}
