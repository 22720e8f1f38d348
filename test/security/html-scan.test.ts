import { describe, expect, it } from 'vitest';
import { decodeEntities, scanHtml, tokenize } from './html-scan';

/** The scanner is only worth something if it catches the tricks; these pin that down. */
describe('the page scanner used by the security tests', () => {
  const dirty: Array<[string, RegExp]> = [
    ['<script>alert(1)</script>', /script/],
    ['<SCRIPT SRC=//evil.example/x.js></SCRIPT>', /script/],
    ['<ScRiPt/x src="/build/editor.js" type="module"></script>', /script/],
    ['<script type="module" src="/build/editor.js">alert(1)</script>', /script/],
    ['<script type="module" src="/build/../evil.js"></script>', /script/],
    ['<script type="module" src="https://evil.example/build/x.js"></script>', /script/],
    ['<img src=x onerror=alert(1)>', /event handler onerror/],
    ['<IMG SRC=x ONERROR="alert(1)">', /event handler onerror/],
    ['<img src="x"onerror="alert(1)">', /event handler onerror/],
    ['<img/src="x"/onerror=alert(1)>', /event handler onerror/],
    ['<svg/onload=alert(1)>', /forbidden element/],
    ['<body\nonload\n=\nalert(1)>', /event handler onload/],
    ['<a href="javascript:alert(1)">x</a>', /javascript: URL/],
    ['<a href="jav&#x61;script:alert(1)">x</a>', /javascript: URL/],
    ['<a href="&#106;&#97;vascript&colon;alert(1)">x</a>', /javascript: URL/],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', /javascript: URL/],
    ['<a href="java&Tab;script:alert(1)">x</a>', /javascript: URL/],
    ['<a href="java\tscript:alert(1)">x</a>', /javascript: URL/],
    ["<a href='vbscript:msgbox(1)'>x</a>", /vbscript: URL/],
    [
      '<form action="javascript:alert(1)"><button formaction=javascript:alert(2)>go</button></form>',
      /javascript: URL in formaction/,
    ],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', /data: URL/],
    ['<iframe src="/x"></iframe>', /forbidden element/],
    ['<IFRAME SRCDOC="<script>alert(1)</script>">', /srcdoc/],
    ['<object data="/x.swf"></object>', /forbidden element/],
    ['<embed src="/x">', /forbidden element/],
    ['<base href="https://evil.example/">', /forbidden element/],
    ['<p style="color:red">x</p>', /style attribute/],
    ['<td STYLE=text-align:center>x</td>', /style attribute/],
    ['<style>body{display:none}</style>', /forbidden element/],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', /http-equiv/],
    ['<link rel="stylesheet" href="//evil.example/x.css">', /link to another site/],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>', /javascript: URL in xlink:href/],
  ];
  for (const [html, problem] of dirty) {
    it(`reports ${JSON.stringify(html)}`, () => {
      const problems = scanHtml(`<!DOCTYPE html><html><body><p>before</p>${html}<p>after</p></body></html>`);
      expect(problems.join('\n')).toMatch(problem);
    });
  }

  const clean = [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>&lt;script&gt;alert(1)&lt;/script&gt;</title>',
    '<link rel="stylesheet" href="/css/site.css"><script type="module" src="/build/editor.js"></script></head>',
    '<p>&lt;img src=x onerror=alert(1)&gt; and &lt;a href="javascript:alert(1)"&gt;</p>',
    '<input type="search" name="q" value="&quot;&gt;&lt;svg onload=alert(1)&gt;">',
    '<input name="title" value="javascript:alert(1)">',
    '<textarea name="body"><img src=x onerror=alert(1)></textarea>',
    '<a href="https://x.example/ onmouseover=alert(1)" title="javascript:alert(1)">x</a>',
    '<a href="/search?q=javascript%3Aalert(1)">tag</a>',
    '<!-- <script>alert(1)</script> -->',
    '<p>Written by " onmouseover=alert(1) x="</p>',
  ].join('');
  it('does not report escaped text, form values or harmless links', () => {
    expect(scanHtml(clean)).toEqual([]);
  });

  it('reads attributes the way a browser does', () => {
    const [tag] = tokenize('<A HREF = "x" title=\'a "b"\' data-x=y/z checked>');
    expect(tag).toEqual({
      name: 'a',
      attrs: [
        ['href', 'x'],
        ['title', 'a "b"'],
        ['data-x', 'y/z'],
        ['checked', ''],
      ],
      text: '',
      offset: 0,
    });
    expect(decodeEntities('jav&#x61;script&colon;&#40;1&#41;')).toBe('javascript:(1)');
  });
});
