import { expect } from 'vitest';
import { scanHtml } from './html-scan';

/**
 * Short payloads (at most 40 characters, no commas) so that each one fits in
 * every field, tags included, without being cut or split.
 */
export const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x61;script:alert(1)">x</a>',
  '"><svg onload=alert(1)>',
  "'><img src=x onerror=alert(1)>",
  '" onmouseover="alert(1)" x="',
  '[x](javascript:alert(1))',
  '<iframe src=//evil.example/></iframe>',
  '<p style="background:url(//x.example)">',
  '![x](data:image/png;base64,AAAA)',
  '<img src="data:image/svg+xml;base64,AA">',
  '<details open ontoggle=alert(1)>',
  'javascript:alert(1)',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<math><a xlink:href=javascript:alert(1)>',
  '<base href=//evil.example/>',
  '<SCRIPT SRC=//evil.example/x></SCRIPT>',
  '<meta http-equiv=refresh content=0>',
] as const;

/** Markdown-only tricks, for the article body and the previews. */
export const MARKDOWN_PAYLOADS = [
  '[a](javascript:alert(1))',
  '[b](JAVASCRIPT:alert(1))',
  '[c](jav&#x61;script:alert(1))',
  '[d](&#106;avascript:alert(1))',
  '[e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[f](vbscript:msgbox(1))',
  '[g]( javascript:alert(1))',
  '<javascript:alert(1)>',
  '![h](javascript:alert(1))',
  '![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![j](https://evil.example/pixel.png)',
  '[k](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '![l](/attachments/00000000-0000-0000-0000-000000000000/x.png "\\" onerror=\\"alert(1)")',
  '[m][evil]\n\n[evil]: javascript:alert(1)',
  '<div onclick="alert(1)">an html block</div>',
  '<style>body{display:none}</style>',
  '| left | centre | right |\n|:--|:-:|--:|\n| 1 | 2 | 3 |',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '# A heading <img src=x onerror=alert(1)>',
].join('\n\n');

/** A page is inert: nothing in it can run script, frame, restyle or leave for javascript:/data: URLs. */
export function expectInert(html: string, where: string): void {
  expect(scanHtml(html), where).toEqual([]);
  // Belt and braces: a payload that contains markup must never appear verbatim.
  for (const payload of PAYLOADS) {
    if (payload.includes('<')) expect(html.includes(payload), `${where}: raw ${payload}`).toBe(false);
  }
}
