import type { Child } from 'hono/jsx';
import type { ContentsEntry } from '../content/headings';

/** A page's sections are listed once it has at least this many (a short page needs no map). */
export const CONTENTS_MIN_ENTRIES = 3;

export interface ContentsLink {
  href: string;
  text: Child;
  /** Level 3 entries are indented under the level 2 entry before them. */
  level?: 2 | 3;
}

/** Heading entries (from `contentsOf`) as links to their sections. */
export function headingLinks(entries: ContentsEntry[]): ContentsLink[] {
  return entries.map((e) => ({ href: `#${e.id}`, text: e.text, level: e.level }));
}

/**
 * "On this page": the page's sections as links. On a phone it is folded at the
 * top of the page (details/summary: no JavaScript needed); on a wide screen it
 * stands open in the column beside the text (site.css, `.reading`). Renders
 * nothing for a page with fewer than `min` entries.
 */
export function OnThisPage({
  links,
  title = 'On this page',
  unit = 'sections',
  min = CONTENTS_MIN_ENTRIES,
}: {
  links: ContentsLink[];
  title?: string;
  /** What the entries are, for the folded button: "(7 sections)". */
  unit?: string;
  /** Fewer entries than this: no list. */
  min?: number;
}) {
  if (links.length < min) return null;
  const groups: Array<{ link: ContentsLink; children: ContentsLink[] }> = [];
  for (const link of links) {
    const parent = groups.at(-1);
    if (link.level === 3 && parent) parent.children.push(link);
    else groups.push({ link, children: [] });
  }
  return (
    <nav class="on-this-page" aria-labelledby="on-this-page-title">
      <h2 class="on-this-page-title" id="on-this-page-title">
        {title}
      </h2>
      <details class="on-this-page-fold">
        <summary>
          {title}{' '}
          <span class="muted">
            ({links.length} {unit})
          </span>
        </summary>
        <ol>
          {groups.map(({ link, children }) => (
            <li>
              <a href={link.href}>{link.text}</a>
              {children.length ? (
                <ol>
                  {children.map((c) => (
                    <li>
                      <a href={c.href}>{c.text}</a>
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}
