import type { SafeHtml } from './markdown';

/** One line of a page's "On this page" list: a section heading and the id the renderer gave it. */
export interface ContentsEntry {
  id: string;
  text: string;
  level: 2 | 3;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

// The renderer writes every h2/h3 as `<hN id="…">…</hN>` (markdown.ts), so one linear
// pass over the stored HTML finds them: no Markdown parsing at request time.
const HEADING = /<h([23]) id="([a-z0-9-]{1,80})">([\s\S]{0,400}?)<\/h\1>/g;

/**
 * The section headings (levels 2 and 3) of stored, sanitised HTML, in order:
 * at most `limit` of them, each heading's text read off the HTML (tags
 * dropped, entities decoded; the view escapes it again).
 */
export function contentsOf(html: SafeHtml, limit = 40): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  for (const match of html.matchAll(HEADING)) {
    const text = (match[3] ?? '')
      .replace(/<[^>]*>/g, '')
      .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!)
      .replace(/\s+/g, ' ')
      .trim();
    if (text) entries.push({ id: match[2]!, text, level: match[1] === '2' ? 2 : 3 });
    if (entries.length >= limit) break;
  }
  return entries;
}
