import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';

/**
 * The one path from user text to HTML: markdown-it with raw HTML disabled,
 * then sanitize-html with an allow-list. Nothing else may produce HTML from
 * user input.
 *
 * Both libraries are loaded on first use (or by `warmUpMarkdown` just after
 * the hub starts listening) rather than at start-up: together they cost about
 * 0.15 s of a cold start that is budgeted at 2 s.
 */
const requireCjs = createRequire(import.meta.url);
type Md = InstanceType<typeof MarkdownIt>;
let engines: { md: Md; sanitize: typeof sanitizeHtml } | undefined;

function load() {
  if (engines) return engines;
  const MarkdownItClass = requireCjs('markdown-it') as typeof MarkdownIt;
  const sanitize = requireCjs('sanitize-html') as typeof sanitizeHtml;
  const md = new MarkdownItClass({ html: false, linkify: true, typographer: true, breaks: false });
  configureHeadings(md);
  configureTables(md);
  configureImages(md);
  configureTaskLists(md);
  engines = { md, sanitize };
  return engines;
}

export function warmUpMarkdown(): void {
  load();
}

/** The loaded engines, for this folder's other output profiles (email.ts): the same parser, its own sanitiser options. */
export function markdownEngines(): { md: Md; sanitize: typeof sanitizeHtml } {
  return load();
}

// Headings get ids so sections can be linked; links leaving the hub are marked.
function configureHeadings(md: Md) {
  const defaultHeadingOpen = md.renderer.rules.heading_open;
  md.renderer.rules.heading_open = (tokens, idx, options, env, self) => {
    const inline = tokens[idx + 1];
    const text = inline?.children?.map((t) => t.content).join('') ?? '';
    const used: Map<string, number> = (env as { ids?: Map<string, number> }).ids ?? new Map();
    (env as { ids?: Map<string, number> }).ids = used;
    let id = headingId(text);
    const n = used.get(id) ?? 0;
    used.set(id, n + 1);
    if (n > 0) id = `${id}-${n + 1}`;
    tokens[idx]?.attrSet('id', id);
    (env as TableEnv).heading = text;
    return defaultHeadingOpen
      ? defaultHeadingOpen(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };
}

interface TableEnv {
  heading?: string;
  tableLabels?: Map<string, number>;
}

/**
 * A table sits in its own labelled region that scrolls sideways (Tab reaches it,
 * so keyboard users can scroll it too): a wide table never widens the page on a
 * phone. The label names the section the table is in.
 */
function configureTables(md: Md) {
  md.renderer.rules.table_open = (tokens, idx, options, env, self) => {
    const e = env as TableEnv;
    const base = e.heading ? `Table: ${e.heading}`.slice(0, 120) : 'Table';
    const labels = e.tableLabels ?? new Map<string, number>();
    e.tableLabels = labels;
    const n = (labels.get(base) ?? 0) + 1;
    labels.set(base, n);
    const label = n > 1 ? `${base} (${n})` : base;
    return `<div class="table-wrap" role="region" tabindex="0" aria-label="${md.utils.escapeHtml(label)}">\n${self.renderToken(tokens, idx, options)}`;
  };
  md.renderer.rules.table_close = (tokens, idx, options, _env, self) =>
    `${self.renderToken(tokens, idx, options)}</div>\n`;
}

/**
 * Only the hub's own attachments are shown as images (the CSP blocks the rest,
 * and third-party pixels would track readers). Any other image becomes a link
 * to it carrying its alt text, so nothing the writer meant is silently dropped;
 * inside a link (no nested links) it becomes the alt text alone.
 */
function configureImages(md: Md) {
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    if (ownAttachmentSrc(src) !== undefined) {
      return defaultImage ? defaultImage(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    }
    const alt = self.renderInlineAsText(token.children ?? [], options, env).trim();
    let depth = 0;
    for (let i = 0; i < idx; i++) {
      if (tokens[i]?.type === 'link_open') depth++;
      else if (tokens[i]?.type === 'link_close') depth--;
    }
    const text = md.utils.escapeHtml(alt ? `Image: ${alt}` : 'Image');
    if (depth > 0 || !/^https?:\/\//i.test(src)) return text;
    return `<a href="${md.utils.escapeHtml(src)}">${text}</a>`;
  };
}

const TASK_MARK = /^\[([ xX])\]\s+/;

/**
 * Task lists ("- [ ] item", "- [x] item"): each item starts with a real checkbox, disabled (the page is not a
 * form: a reader cannot tick it, a workflow run is where ticking is saved), named by the item's text so a screen
 * reader says what is checked. Only a list item's first paragraph can start one; raw HTML stays off, so the
 * checkbox is the only input the renderer ever writes (and the sanitiser keeps no other).
 */
function configureTaskLists(md: Md) {
  md.core.ruler.after('inline', 'task_lists', (state) => {
    const tokens = state.tokens;
    // The lists open around the current token (one pass: linear in the document's size).
    const lists: Array<InstanceType<typeof state.Token>> = [];
    for (let i = 0; i < tokens.length; i++) {
      const inline = tokens[i]!;
      if (inline.type === 'bullet_list_open' || inline.type === 'ordered_list_open') lists.push(inline);
      else if (inline.type === 'bullet_list_close' || inline.type === 'ordered_list_close') lists.pop();
      if (i < 2 || inline.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open') continue;
      const item = tokens[i - 2];
      if (item?.type !== 'list_item_open') continue;
      const first = inline.children?.[0];
      const mark = first?.type === 'text' ? first.content.match(TASK_MARK) : null;
      if (!first || !mark) continue;
      first.content = first.content.slice(mark[0].length);
      inline.content = inline.content.replace(TASK_MARK, '');
      const label = (inline.children ?? [])
        .map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' ? ' ' : ''))
        .join('')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200);
      const box = new state.Token('html_inline', '', 0);
      box.content = `<input type="checkbox" class="task-box" disabled${mark[1] === ' ' ? '' : ' checked'} aria-label="${md.utils.escapeHtml(label || 'Task')}"> `;
      inline.children!.unshift(box);
      item.attrJoin('class', 'task-list-item');
      const list = lists[lists.length - 1];
      if (list && list.attrGet('class') === null) list.attrSet('class', 'task-list');
    }
  });
}

export function headingId(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'section'
  );
}

const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right'];

function alignAsClass(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { style, class: _ignored, ...rest } = attribs;
  const align = style?.match(/^text-align:\s*(left|center|right)$/)?.[1];
  return { tagName, attribs: align ? { ...rest, class: `align-${align}` } : rest };
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'del',
    'ins',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'sub',
    'kbd',
    'abbr',
    'div',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    th: ['scope', 'class'],
    td: ['class'],
    ol: ['start', 'class'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    abbr: ['title'],
    div: ['class', 'role', 'tabindex', 'aria-label'],
    ul: ['class'],
    li: ['class'],
    input: ['type', 'class', 'disabled', 'checked', 'aria-label'],
  },
  // The CSP forbids inline styles, so table alignment travels as a class.
  allowedClasses: {
    th: ALIGN_CLASSES,
    td: ALIGN_CLASSES,
    div: ['table-wrap'],
    ul: ['task-list'],
    ol: ['task-list'],
    li: ['task-list-item'],
    input: ['task-box'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    // The page title is the only h1.
    h1: 'h2',
    th: alignAsClass,
    td: alignAsClass,
    // Only the table wrapper is a div (raw HTML is off), and it keeps exactly its own attributes.
    div: (tagName, attribs) => ({
      tagName,
      attribs: {
        class: 'table-wrap',
        role: 'region',
        tabindex: '0',
        'aria-label': (attribs['aria-label'] ?? 'Table').slice(0, 140),
      },
    }),
    // Only a task list's checkbox is an input (raw HTML is off): always a disabled checkbox with its label.
    input: (tagName, attribs) => ({
      tagName,
      attribs: {
        type: 'checkbox',
        class: 'task-box',
        disabled: '',
        ...(attribs.checked !== undefined ? { checked: '' } : {}),
        'aria-label': (attribs['aria-label'] ?? 'Task').slice(0, 200),
      },
    }),
    a: (tagName, attribs) => {
      const { rel: _ignored, ...rest } = attribs;
      const external = /^https?:\/\//i.test(rest.href ?? '');
      return { tagName, attribs: external ? { ...rest, rel: 'nofollow noopener noreferrer ugc' } : rest };
    },
    img: (tagName, attribs) => {
      const src = ownAttachmentSrc(attribs.src ?? '');
      return { tagName, attribs: src ? { ...attribs, src } : attribs };
    },
  },
  exclusiveFilter: (frame) => {
    // Images only from the hub's own attachments: the CSP blocks others anyway,
    // and we never want third-party tracking pixels in an article.
    // The address is checked as the browser will resolve it (see ownAttachmentSrc).
    if (frame.tag === 'img') return ownAttachmentSrc(frame.attribs.src ?? '') === undefined;
    return false;
  },
};

const ATTACHMENT_PATH = /^\/attachments\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/([^/]+)$/;

/**
 * The path an image address really points at, when that is one of the hub's
 * attachments; otherwise undefined. A browser resolves `../`, `%2e%2e` and
 * backslashes before it asks, so `/attachments/<id>/../../sign-out` is a
 * request for `/sign-out`: the check is made on the resolved path, and the
 * image then carries that path. Only a same-site path is accepted (no scheme,
 * host, query or fragment), and the file name may not hide a slash.
 */
export function ownAttachmentSrc(src: string): string | undefined {
  if (!/^\/(?![/\\])/.test(src)) return undefined;
  let url: URL;
  try {
    url = new URL(src, 'http://hub.invalid');
  } catch {
    return undefined;
  }
  if (url.host !== 'hub.invalid' || url.search || url.hash) return undefined;
  const name = url.pathname.match(ATTACHMENT_PATH)?.[1];
  if (name === undefined) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return undefined;
  }
  if (/[/\\]/.test(decoded) || decoded === '.' || decoded === '..') return undefined;
  return url.pathname;
}

/** Sanitised HTML. The brand keeps unsanitised strings from being passed where this is expected. */
export type SafeHtml = string & { readonly __safe: unique symbol };

/**
 * The version of what `renderMarkdown` (and the sanitiser) produce. User Markdown
 * is rendered once when it is saved and stored beside its source with this
 * number; raise it whenever a change here alters the output, and the hub renders
 * older rows again in the background at its next start (see stored-html.ts and
 * docs/decisions/012-render-once.md).
 */
// 2: tables sit in a labelled region that scrolls sideways on its own (configureTables).
// 3: attachment image paths are written as the normalised path the browser requests.
// 4: an image from elsewhere becomes a link carrying its alt text (configureImages).
// 5: task list items ("- [ ] item") start with a disabled, labelled checkbox (configureTaskLists).
export const RENDER_VERSION = 5;

export function renderMarkdown(source: string): SafeHtml {
  const { md, sanitize } = load();
  const html = md.render(source, {});
  return sanitize(html, SANITIZE) as SafeHtml;
}

/** Plain text of a Markdown document, for search indexing and snippets. */
export function markdownToText(source: string): string {
  const { md, sanitize } = load();
  return sanitize(md.render(source, {}), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
