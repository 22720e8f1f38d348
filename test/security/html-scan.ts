/**
 * A small HTML tokenizer that follows the browser's rules closely enough to
 * see markup the way an attacker needs it to be seen: tag and attribute names
 * are case-insensitive, attributes may be unquoted or glued to a closing quote,
 * `/` separates attributes, entities are decoded in attribute values, and the
 * contents of <script>, <style>, <textarea> and <title> are text, not tags.
 * Escaped text (`&lt;script&gt;`) is text and is never reported.
 */

export interface ScannedTag {
  name: string;
  attrs: Array<[name: string, value: string]>;
  /** Raw text content of raw-text and RCDATA elements (script, style, textarea, title …). */
  text: string;
  offset: number;
}

/** The HTML spec's whitespace for the tokenizer: tab, LF, FF, CR, space. */
const WS = /[\t\n\f\r ]/;
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title']);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  nbsp: '\u00a0',
  lpar: '(',
  rpar: ')',
  sol: '/',
  period: '.',
  comma: ',',
  semi: ';',
  equals: '=',
};

export function decodeEntities(value: string): string {
  return value.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

export function tokenize(html: string): ScannedTag[] {
  const tags: ScannedTag[] = [];
  const lower = html.toLowerCase();
  const n = html.length;
  let i = 0;
  const skipTo = (needle: string, from: number) => {
    const at = html.indexOf(needle, from);
    return at < 0 ? n : at + needle.length;
  };
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    i = lt + 1;
    if (html.startsWith('!--', i)) {
      i = skipTo('-->', i + 3);
      continue;
    }
    const first = html[i] ?? '';
    if (first === '!' || first === '?') {
      i = skipTo('>', i);
      continue;
    }
    const closing = first === '/';
    if (closing) i++;
    if (!/[a-zA-Z]/.test(html[i] ?? '')) {
      if (closing) i = skipTo('>', i);
      continue;
    }
    let j = i;
    while (j < n && !WS.test(html[j]!) && html[j] !== '/' && html[j] !== '>') j++;
    const name = lower.slice(i, j);
    i = j;
    const attrs: Array<[string, string]> = [];
    for (;;) {
      while (i < n && (WS.test(html[i]!) || html[i] === '/')) i++;
      if (i >= n) break;
      if (html[i] === '>') {
        i++;
        break;
      }
      // The first character of a name may be anything, even "=".
      let k = i + 1;
      while (k < n && !WS.test(html[k]!) && html[k] !== '/' && html[k] !== '>' && html[k] !== '=') k++;
      const attrName = lower.slice(i, k);
      i = k;
      while (i < n && WS.test(html[i]!)) i++;
      let value = '';
      if (html[i] === '=') {
        i++;
        while (i < n && WS.test(html[i]!)) i++;
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, i + 1);
          value = html.slice(i + 1, end < 0 ? n : end);
          i = end < 0 ? n : end + 1;
        } else {
          let e = i;
          while (e < n && !WS.test(html[e]!) && html[e] !== '>') e++;
          value = html.slice(i, e);
          i = e;
        }
      }
      attrs.push([attrName, decodeEntities(value)]);
    }
    if (closing) continue;
    let text = '';
    if (name === 'plaintext') {
      text = html.slice(i);
      i = n;
    } else if (RAW_TEXT.has(name)) {
      const close = lower.indexOf(`</${name}`, i);
      text = html.slice(i, close < 0 ? n : close);
      i = close < 0 ? n : close;
    }
    tags.push({ name, attrs, text, offset: lt });
  }
  return tags;
}

const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'poster',
  'background',
  'cite',
  'data',
  'codebase',
  'ping',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'manifest',
  'icon',
  'srcset',
  'imagesrcset',
  'usemap',
  'archive',
  'profile',
]);
const FORBIDDEN_TAGS = new Set([
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'svg',
  'math',
  'style',
  'xmp',
  'plaintext',
  'noscript',
  'portal',
  'template',
]);
const OUR_SCRIPT = /^\/build\/[\w-]+(\.[\w-]+)*\.js$/;

/** How a browser reads a URL: entities decoded, tabs and newlines dropped, leading controls and spaces trimmed. */
export function normaliseUrl(value: string): string {
  return value.replace(/[\p{Cc} ]+/gu, '').toLowerCase();
}

function dangerousUrl(value: string): string | undefined {
  const url = normaliseUrl(value);
  const scheme = url.match(/^([a-z][a-z0-9+.-]*):/)?.[1];
  if (scheme && ['javascript', 'vbscript', 'livescript', 'data', 'blob', 'filesystem'].includes(scheme)) return scheme;
  return undefined;
}

/**
 * Everything on a page that could run script or restyle it: any <script>
 * except our own module bundles, event-handler attributes, javascript:/data:
 * URLs, frames and plugins, inline styles, <base>, <meta http-equiv>, and
 * stylesheets from elsewhere. An empty list is a clean page.
 */
export function scanHtml(html: string): string[] {
  const problems: string[] = [];
  const where = (tag: ScannedTag) => `<${tag.name}> at ${tag.offset}: ${html.slice(tag.offset, tag.offset + 120)}`;
  for (const tag of tokenize(html)) {
    if (tag.name === 'script') {
      const names = tag.attrs
        .map(([k]) => k)
        .sort()
        .join(',');
      const src = tag.attrs.find(([k]) => k === 'src')?.[1] ?? '';
      const type = tag.attrs.find(([k]) => k === 'type')?.[1] ?? '';
      if (names !== 'src,type' || type !== 'module' || !OUR_SCRIPT.test(src) || tag.text.trim() !== '') {
        problems.push(`script that is not one of our module bundles: ${where(tag)}`);
      }
    }
    if (FORBIDDEN_TAGS.has(tag.name)) problems.push(`forbidden element: ${where(tag)}`);
    if (tag.name === 'meta' && tag.attrs.some(([k]) => k === 'http-equiv'))
      problems.push(`meta http-equiv: ${where(tag)}`);
    if (tag.name === 'link') {
      const href = tag.attrs.find(([k]) => k === 'href')?.[1] ?? '';
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/\\'))
        problems.push(`link to another site: ${where(tag)}`);
    }
    for (const [name, value] of tag.attrs) {
      if (name.startsWith('on')) problems.push(`event handler ${name}: ${where(tag)}`);
      if (name === 'style') problems.push(`style attribute: ${where(tag)}`);
      if (name === 'srcdoc') problems.push(`srcdoc attribute: ${where(tag)}`);
      if (URL_ATTRS.has(name)) {
        const parts = name.endsWith('srcset') ? value.split(',') : [value];
        for (const part of parts) {
          const scheme = dangerousUrl(part.trim());
          if (scheme) problems.push(`${scheme}: URL in ${name}: ${where(tag)}`);
        }
      }
    }
  }
  return problems;
}
