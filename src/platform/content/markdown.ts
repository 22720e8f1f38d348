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
  engines = { md, sanitize };
  return engines;
}

export function warmUpMarkdown(): void {
  load();
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
    return defaultHeadingOpen ? defaultHeadingOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
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
    'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del', 'ins',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd', 'abbr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    th: ['scope', 'class'],
    td: ['class'],
    ol: ['start'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    abbr: ['title'],
  },
  // The CSP forbids inline styles, so table alignment travels as a class.
  allowedClasses: { th: ALIGN_CLASSES, td: ALIGN_CLASSES },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    // The page title is the only h1.
    h1: 'h2',
    th: alignAsClass,
    td: alignAsClass,
    a: (tagName, attribs) => {
      const { rel: _ignored, ...rest } = attribs;
      const external = /^https?:\/\//i.test(rest.href ?? '');
      return { tagName, attribs: external ? { ...rest, rel: 'nofollow noopener noreferrer ugc' } : rest };
    },
  },
  exclusiveFilter: (frame) => {
    // Images only from the hub's own attachments: the CSP blocks others anyway,
    // and we never want third-party tracking pixels in an article.
    if (frame.tag === 'img') return !/^\/attachments\/[0-9a-f-]{36}\//.test(frame.attribs.src ?? '');
    return false;
  },
};

/** Sanitised HTML. The brand keeps unsanitised strings from being passed where this is expected. */
export type SafeHtml = string & { readonly __safe: unique symbol };

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
