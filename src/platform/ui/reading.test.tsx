import { describe, expect, it } from 'vitest';
import { headingLinks, OnThisPage } from './reading';

const html = (node: unknown) => String(node ?? '');

describe('OnThisPage', () => {
  it('renders nothing for a page with fewer sections than the minimum', () => {
    const links = headingLinks([
      { id: 'a', text: 'A', level: 2 },
      { id: 'b', text: 'B', level: 2 },
    ]);
    expect(html(<OnThisPage links={links} />)).toBe('');
    expect(html(<OnThisPage links={links} min={2} />)).toContain('href="#b"');
  });

  it('folds the list in a details element named by the count, nesting level 3 under the level 2 before it', () => {
    const out = html(
      <OnThisPage
        links={headingLinks([
          { id: 'check', text: 'Check <the> citation', level: 2 },
          { id: 'notes', text: 'Notes', level: 3 },
          { id: 'send', text: 'Send', level: 2 },
        ])}
      />,
    );
    expect(out).toContain('<nav class="on-this-page" aria-labelledby="on-this-page-title">');
    expect(out).toMatch(
      /<details class="on-this-page-fold"><summary>On this page <span class="muted">\(3 sections\)<\/span><\/summary>/,
    );
    expect(out).toContain(
      '<li><a href="#check">Check &lt;the&gt; citation</a><ol><li><a href="#notes">Notes</a></li></ol></li><li><a href="#send">Send</a></li>',
    );
  });
});
