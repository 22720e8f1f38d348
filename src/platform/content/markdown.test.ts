import { describe, expect, it } from 'vitest';
import { headingId, markdownToText, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings with linkable ids and demotes a level-one heading below the page title', () => {
    const html = renderMarkdown('# Top\n\n## Fill rate, defined\n\n## Fill rate, defined');
    expect(html).toContain('<h2 id="top">Top</h2>');
    expect(html).toContain('<h2 id="fill-rate-defined">');
    expect(html).toContain('<h2 id="fill-rate-defined-2">');
  });

  it('shows raw HTML as text instead of running it', () => {
    const html = renderMarkdown('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](jav&#x61;script:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](vbscript:msgbox(1))',
  ])('refuses the dangerous link %s', (source) => {
    const html = renderMarkdown(source);
    expect(html.toLowerCase()).not.toMatch(/href="\s*(javascript|data|vbscript):/);
  });

  it('marks links that leave the hub and leaves internal links alone', () => {
    const html = renderMarkdown('[code](https://www.ala.org/) and [glossary](/glossary/fill-rate)');
    expect(html).toContain('<a href="https://www.ala.org/" rel="nofollow noopener noreferrer ugc">');
    expect(html).toContain('<a href="/glossary/fill-rate">');
  });

  it('keeps images only when they are the hub’s own attachments', () => {
    const own = renderMarkdown('![Label](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/label.png)');
    expect(own).toContain('<img src="/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/label.png" alt="Label"');
    const tracker = renderMarkdown('![pixel](https://tracker.example/p.gif)');
    expect(tracker).not.toContain('<img');
  });

  it('renders tables with alignment and nothing else in style', () => {
    const html = renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |');
    expect(html).toContain('<th class="align-left">');
    expect(html).not.toContain('style=');
    expect(html).not.toMatch(/style="[^"]*(url|expression)/);
  });
});

describe('markdownToText', () => {
  it('reduces Markdown to plain words for the search index', () => {
    expect(markdownToText('## Heading\n\nSome **bold** text & a [link](https://x.org).')).toBe('Heading Some bold text & a link.');
  });
});

describe('headingId', () => {
  it('makes URL-safe ids from any heading text', () => {
    expect(headingId('Section 108 & the “rule of five”')).toBe('section-108-the-rule-of-five');
    expect(headingId('¿¿??')).toBe('section');
  });
});
