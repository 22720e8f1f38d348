/**
 * A small reader for XML that the schema has already accepted (well formed, no DTD): elements with their
 * namespace, attributes, text and the line each starts on, so the meaning checks can point at a line.
 * Not a general XML parser: it relies on the validator having refused anything malformed first.
 */
export interface XmlElement {
  /** The name without its prefix. */
  local: string;
  /** The namespace URI, resolved from xmlns declarations. */
  ns: string | undefined;
  line: number;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded, trimmed. */
  text: string;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[\s\S]*?>|<\/?[^\s/>!?][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>|[^<]+/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name] ?? '';
    const code = hex ? Number.parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

interface Open {
  el: XmlElement;
  scope: Map<string, string>;
  text: string[];
}

function lineCounter(source: string) {
  let line = 1;
  let at = 0;
  return (index: number) => {
    for (; at < index; at++) if (source.charCodeAt(at) === 10) line++;
    return line;
  };
}

/** The root element, or undefined when there is none. */
export function scanXml(source: string): XmlElement | undefined {
  const lineAt = lineCounter(source);
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  for (const m of source.matchAll(TOKEN)) {
    const token = m[0];
    const top = stack.at(-1);
    if (token.startsWith('<![CDATA[')) {
      top?.text.push(m[1] ?? '');
      continue;
    }
    if (token.startsWith('<!') || token.startsWith('<?')) continue;
    if (!token.startsWith('<')) {
      top?.text.push(decodeEntities(token));
      continue;
    }
    if (token.startsWith('</')) {
      const done = stack.pop();
      if (done) done.el.text = done.text.join('').trim();
      continue;
    }
    const selfClosing = token.endsWith('/>');
    const inner = token.slice(1, selfClosing ? -2 : -1);
    const name = inner.match(/^[^\s]+/)?.[0] ?? '';
    const scope = new Map(top?.scope ?? []);
    const rawAttrs: Array<[string, string]> = [];
    for (const a of inner.slice(name.length).matchAll(ATTR)) {
      const [key, value] = [a[1] ?? '', decodeEntities(a[2] ?? a[3] ?? '')];
      if (key === 'xmlns') scope.set('', value);
      else if (key.startsWith('xmlns:')) scope.set(key.slice(6), value);
      else rawAttrs.push([key, value]);
    }
    const colon = name.indexOf(':');
    const prefix = colon >= 0 ? name.slice(0, colon) : '';
    const el: XmlElement = {
      local: colon >= 0 ? name.slice(colon + 1) : name,
      ns: scope.get(prefix),
      line: lineAt(m.index),
      // Attributes by local name: ISO 18626 1.2 writes `ill:version`, older senders `version`.
      attrs: Object.fromEntries(rawAttrs.map(([k, v]) => [k.slice(k.indexOf(':') + 1), v])),
      children: [],
      text: '',
    };
    if (top) top.el.children.push(el);
    else root ??= el;
    if (!selfClosing) stack.push({ el, scope, text: [] });
  }
  return root;
}

export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** Follow a path of child names, e.g. `path(msg, 'header', 'timestamp')`. */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let at = el;
  for (const n of names) at = child(at, n);
  return at;
}
