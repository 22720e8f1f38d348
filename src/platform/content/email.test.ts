import { describe, expect, it } from 'vitest';
import { absoluteUrl, renderMarkdownForEmail } from './email';
import { stripMarkdownSyntax } from './strip-markdown';

const base = { baseUrl: 'https://hub.example', pageUrl: 'https://hub.example/forum/p/7' };
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('renderMarkdownForEmail', () => {
  it('makes every link absolute: site paths on BASE_URL, fragments on the page the mail is about', () => {
    const html = renderMarkdownForEmail(
      '[policy](/articles/lost-books), [part](#costs), [ALA](https://www.ala.org/) and <mailto:ill@library.test>',
      base,
    );
    expect(hrefs(html)).toEqual([
      'https://hub.example/articles/lost-books',
      'https://hub.example/forum/p/7#costs',
      'https://www.ala.org/',
      'mailto:ill@library.test',
    ]);
  });

  it('turns an image into a link carrying its alt text, and never emits <img>', () => {
    const html = renderMarkdownForEmail(
      '![Invoice template](https://cdn.example/invoice.png) ![](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/a.png)',
      base,
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).toMatch(/<a href="https:\/\/cdn\.example\/invoice\.png"[^>]*>Image: Invoice template<\/a>/);
    expect(html).toMatch(
      /<a href="https:\/\/hub\.example\/attachments\/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11\/a\.png"[^>]*>Image<\/a>/,
    );
  });

  it('keeps an image inside a link as its words only (a link cannot hold another)', () => {
    const html = renderMarkdownForEmail('[![Logo](/attachments/x.png)](https://www.ala.org/)', base);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toMatch(/<a href="https:\/\/www\.ala\.org\/"[^>]*>Image: Logo<\/a>/);
  });

  it('marks a quotation with a left border and the word "Quoted:"', () => {
    const html = renderMarkdownForEmail('> Do you bill the patron?', base);
    expect(html).toMatch(
      /^<blockquote style="[^"]*border-left:4px solid [^"]*"><p [^>]*>Quoted:<\/p>\s*<p [^>]*>Do you bill the patron\?<\/p>/,
    );
  });

  it('runs nothing and styles only with its own inline styles', () => {
    const html = renderMarkdownForEmail(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <p style="background:url(https://t.example/p)">\n\n| a |\n|--:|\n| 1 |',
      base,
    );
    const tags = [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)].map(([, name, attributes]) => ({
      name,
      attributes: [...attributes!.matchAll(/([a-z-]+)="([^"]*)"/g)],
    }));
    expect(
      tags.map((t) => t.name).filter((name) => ['script', 'img', 'style', 'link', 'iframe'].includes(name!)),
    ).toEqual([]);
    for (const tag of tags) {
      for (const [, name, value] of tag.attributes) {
        expect(['style', 'href', 'start', 'title']).toContain(name);
        if (name === 'style') expect(value).not.toMatch(/url\(|expression|background:url/i);
        if (name === 'href') expect(value).toMatch(/^(https?|mailto):/);
      }
    }
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('text-align:right');
  });
});

describe('absoluteUrl', () => {
  it('refuses schemes a mail must not link to', () => {
    expect(absoluteUrl('javascript:alert(1)', 'https://hub.example/')).toBeUndefined();
    expect(absoluteUrl('data:text/html,hi', 'https://hub.example/')).toBeUndefined();
    expect(absoluteUrl('/x', 'https://hub.example/')).toBe('https://hub.example/x');
  });
});

describe('stripMarkdownSyntax (excerpts stored before they were rendered)', () => {
  it('keeps the words of links, images, emphasis, code and headings, without their syntax', () => {
    expect(
      stripMarkdownSyntax(
        '## Costs **Short answer:** see [the form](https://x.org/a "Form") and ![chart](/c.png) `ILL-1` ~~old~~ _now_',
      ),
    ).toBe('Costs Short answer: see the form and chart ILL-1 old now');
    expect(stripMarkdownSyntax('> Alice wrote: hi')).toBe('Alice wrote: hi');
    expect(stripMarkdownSyntax('cut short [link text](https://exa…')).toBe('cut short link text…');
  });

  it('leaves plain text alone', () => {
    for (const text of ['5 * 3 * 2 = 30', 'a > b and C# or issue # 5', 'file_name_here and 2_000', 'Costs | fees']) {
      expect(stripMarkdownSyntax(text)).toBe(text);
    }
  });
});
