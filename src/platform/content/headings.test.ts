import { describe, expect, it } from 'vitest';
import { contentsOf } from './headings';
import { renderMarkdown, type SafeHtml } from './markdown';

describe('contentsOf', () => {
  it('lists the level 2 and 3 headings of rendered Markdown with their ids, in order', () => {
    const html = renderMarkdown(
      '# Title\n\nIntro.\n\n## Check the `citation` & *source*\n\n### Notes\n\n#### Deeper\n\n## Notes\n\nText.',
    );
    expect(contentsOf(html)).toEqual([
      { id: 'title', text: 'Title', level: 2 },
      { id: 'check-the-citation-source', text: 'Check the citation & source', level: 2 },
      { id: 'notes', text: 'Notes', level: 3 },
      { id: 'notes-2', text: 'Notes', level: 2 },
    ]);
  });

  it('stops at the limit and finds nothing in text without headings', () => {
    const html = renderMarkdown(Array.from({ length: 60 }, (_, i) => `## Part ${i}`).join('\n\n'));
    expect(contentsOf(html, 40)).toHaveLength(40);
    expect(contentsOf(renderMarkdown('Just a paragraph with <h2 id="x">no</h2> heading.'))).toEqual([]);
  });

  it('passes over a heading without an id (stored before ids existed) rather than linking nowhere', () => {
    expect(contentsOf('<h2>Old</h2><h2 id="new">New</h2>' as SafeHtml)).toEqual([{ id: 'new', text: 'New', level: 2 }]);
  });
});
