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

  it('turns an image from elsewhere into a link carrying its alt text, never dropping it silently', () => {
    const html = renderMarkdown('See ![Returns workflow chart](https://example.org/chart.png "Chart").');
    expect(html).toContain(
      '<a href="https://example.org/chart.png" rel="nofollow noopener noreferrer ugc">Image: Returns workflow chart</a>',
    );
    expect(html).not.toContain('<img');
    // Inside a link: the alt text alone, no nested link.
    const linked = renderMarkdown('[![Badge](https://example.org/b.svg)](https://example.org/)');
    expect(linked).toContain('<a href="https://example.org/" rel="nofollow noopener noreferrer ugc">Image: Badge</a>');
    expect(linked.match(/<a /g)).toHaveLength(1);
    // Not a web address: the alt text as text, no link to a hub path.
    const traversal = renderMarkdown('![x](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/../../sign-out)');
    expect(traversal).toContain('Image: x');
    expect(traversal).not.toContain('sign-out');
    const hostile = renderMarkdown('![<b>bold</b>](javascript:alert(1))');
    expect(hostile).not.toMatch(/href="javascript|<b>|<a /);
  });

  it.each([
    '/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/../../sign-out',
    '/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/%2e%2e/%2E%2E/account/delete',
    '/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/..%2f..%2fsign-out',
    '/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/x.png/../../../forum',
    '/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/..\\..\\sign-out',
    '/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/x.png?next=/sign-out',
    '//tracker.example/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/x.png',
    'https://tracker.example/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/x.png',
    '/attachments/------------------------------------/x.png',
  ])('refuses an image that only looks like an attachment: %s', (src) => {
    const html = renderMarkdown(`![x](${src})`);
    expect(html).not.toContain('<img');
  });

  it('keeps an attachment image written with a harmless ./ and shows the resolved path', () => {
    const html = renderMarkdown('![Label](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/./label.png)');
    expect(html).toContain('<img src="/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/label.png"');
  });

  it('renders tables with alignment and nothing else in style', () => {
    const html = renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |');
    expect(html).toContain('<th class="align-left">');
    expect(html).not.toContain('style=');
    expect(html).not.toMatch(/style="[^"]*(url|expression)/);
  });

  it('puts each table in a labelled region the keyboard can scroll, named after its section', () => {
    const html = renderMarkdown(
      '## Loan periods\n\n| a |\n|-|\n| 1 |\n\n| b |\n|-|\n| 2 |\n\n## Fees & “charges”\n\n| c |\n|-|\n| 3 |',
    );
    expect(html).toContain(
      '<div class="table-wrap" role="region" tabindex="0" aria-label="Table: Loan periods">\n<table>',
    );
    expect(html).toContain('aria-label="Table: Loan periods (2)"');
    expect(html).toContain('aria-label="Table: Fees &amp; “charges”"');
    expect(html.match(/<\/table>\n<\/div>/g)).toHaveLength(3);
    expect(renderMarkdown('| a |\n|-|\n| 1 |')).toContain('aria-label="Table"');
  });

  it('lets no other div or attribute through the table wrapper’s allowance', () => {
    const html = renderMarkdown('<div class="x" role="button" tabindex="5" onclick="alert(1)">hi</div>');
    expect(html).not.toContain('<div');
  });
});

describe('task lists', () => {
  it('renders “- [ ] item” and “- [x] item” as disabled checkboxes named by the item, not as literal brackets', () => {
    const html = renderMarkdown('- [ ] Verify the **citation**\n- [x] Check holdings & "copies"\n- A plain item');
    expect(html).not.toContain('[ ]');
    expect(html).not.toContain('[x]');
    expect(html).toContain('<ul class="task-list">');
    expect(html).toContain(
      '<li class="task-list-item"><input type="checkbox" class="task-box" disabled aria-label="Verify the citation" /> Verify the <strong>citation</strong></li>',
    );
    expect(html).toMatch(
      /<input type="checkbox" class="task-box" disabled checked aria-label="Check holdings &amp; [^"]*copies[^"]*" \/>/,
    );
    expect(html).toContain('<li>A plain item</li>');
  });

  it('leaves brackets elsewhere alone and lets no other input through the sanitiser', () => {
    expect(renderMarkdown('Tick [ ] this, and [x] that.')).toBe('<p>Tick [ ] this, and [x] that.</p>\n');
    const html = renderMarkdown('<input type="text" onfocus="alert(1)"> and\n\n- [ ] <input type="text"> item');
    const inputs = html.match(/<input[^>]*>/g) ?? [];
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatch(/^<input type="checkbox" class="task-box" disabled aria-label="[^"<>]*" \/>$/);
  });
});

describe('markdownToText', () => {
  it('reduces Markdown to plain words for the search index', () => {
    expect(markdownToText('## Heading\n\nSome **bold** text & a [link](https://x.org).')).toBe(
      'Heading Some bold text & a link.',
    );
  });
});

describe('headingId', () => {
  it('makes URL-safe ids from any heading text', () => {
    expect(headingId('Section 108 & the “rule of five”')).toBe('section-108-the-rule-of-five');
    expect(headingId('¿¿??')).toBe('section');
  });
});
