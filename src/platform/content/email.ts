import type sanitizeHtml from 'sanitize-html';
import { markdownEngines, type SafeHtml } from './markdown';

/**
 * The email profile of the one Markdown renderer: the same parser, a sanitiser
 * for mail clients. Mail clients drop style sheets, resolve nothing against the
 * hub and may fetch images on opening, so:
 * - every link is absolute (resolved against the page the mail is about, on BASE_URL);
 * - an image becomes a link to it carrying its alt text (nothing is fetched on opening);
 * - a quotation keeps a left border and starts with the word "Quoted:", for
 *   readers and listeners whose client shows no border;
 * - each element carries its own inline style; no classes, ids or scripts.
 */

/** Inline styles shared by the email profile and the mail layout (text/background pairs above WCAG AA). */
export const EMAIL_STYLES = {
  text: 'color:#1f2328',
  muted: 'color:#4b5563',
  p: 'margin:0 0 16px',
  h2: 'margin:24px 0 8px;font-size:20px;line-height:1.3',
  h3: 'margin:20px 0 8px;font-size:18px;line-height:1.3',
  h4: 'margin:16px 0 8px;font-size:16px;line-height:1.3',
  a: 'color:#0b57a4;text-decoration:underline',
  blockquote: 'margin:0 0 16px;padding:4px 0 4px 12px;border-left:4px solid #6b7280;color:#374151',
  quoted: 'margin:0 0 4px;font-size:14px;color:#4b5563',
  pre: 'margin:0 0 16px;padding:8px;background:#f3f4f6;white-space:pre-wrap;word-wrap:break-word;font-family:Consolas,Menlo,monospace;font-size:14px',
  code: 'font-family:Consolas,Menlo,monospace;font-size:14px;background:#f3f4f6',
  list: 'margin:0 0 16px;padding-left:24px',
  li: 'margin:0 0 4px',
  table: 'border-collapse:collapse;margin:0 0 16px',
  cell: 'border:1px solid #9ca3af;padding:4px 8px',
  hr: 'border:0;border-top:1px solid #d1d5db;margin:24px 0',
} as const;

export interface EmailMarkdownOptions {
  /** The hub's public address (BASE_URL), no trailing slash. */
  baseUrl: string;
  /** The absolute address of the page the text belongs to: relative links (`#part`, `page`) resolve against it. */
  pageUrl?: string;
}

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** An address made absolute, or undefined when it is not one a mail may link to. */
export function absoluteUrl(href: string, base: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    return LINK_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const QUOTE_OPEN = `<blockquote style="${EMAIL_STYLES.blockquote}">`;
const QUOTE_LABEL = `<p style="${EMAIL_STYLES.quoted}">Quoted:</p>`;

type Md = ReturnType<typeof markdownEngines>['md'];
type Token = ReturnType<Md['parse']>[number];

/**
 * Images become links to the image carrying the alt text ("Image: alt"), or
 * just that text inside a link (a link cannot hold another).
 */
function imagesAsLinks(md: Md, tokens: Token[], env: Record<string, unknown>): void {
  for (const block of tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    let depth = 0;
    const out: Token[] = [];
    for (const token of block.children) {
      if (token.type === 'link_open') depth++;
      if (token.type === 'link_close') depth--;
      if (token.type !== 'image') {
        out.push(token);
        continue;
      }
      const TokenClass = token.constructor as new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;
      const alt = md.renderer.renderInlineAsText(token.children ?? [], md.options, env).trim();
      const label = new TokenClass('text', '', 0);
      label.content = alt ? `Image: ${alt}` : 'Image';
      if (depth > 0) {
        out.push(label);
        continue;
      }
      const open = new TokenClass('link_open', 'a', 1);
      open.attrs = [['href', token.attrGet('src') ?? '']];
      out.push(open, label, new TokenClass('link_close', 'a', -1));
    }
    block.children = out;
  }
}

function cellStyle(attribs: sanitizeHtml.Attributes): string {
  const align = attribs.style?.match(/^text-align:\s*(left|center|right)$/)?.[1];
  return `${EMAIL_STYLES.cell};text-align:${align ?? 'left'}`;
}

/** The tags given a style below; only they may carry one, and only the one set here. */
const STYLED_TAGS = [
  'h2',
  'h3',
  'h4',
  'p',
  'blockquote',
  'pre',
  'code',
  'ul',
  'ol',
  'li',
  'table',
  'th',
  'td',
  'hr',
  'a',
];

function emailSanitizer(base: string): sanitizeHtml.IOptions {
  const styled = (style: string, tagName?: string) => (name: string) => ({
    tagName: tagName ?? name,
    attribs: { style },
  });
  return {
    allowedTags: [
      'h2',
      'h3',
      'h4',
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
    ],
    allowedAttributes: {
      ...Object.fromEntries(STYLED_TAGS.map((tag) => [tag, ['style']])),
      a: ['href', 'style'],
      ol: ['start', 'style'],
      abbr: ['title'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    // Every styled tag gets fresh attributes here, so no style from the source survives (bar a cell's alignment, re-made).
    transformTags: {
      h1: styled(EMAIL_STYLES.h2, 'h2'),
      h2: styled(EMAIL_STYLES.h3, 'h3'),
      h3: styled(EMAIL_STYLES.h4, 'h4'),
      h4: styled(EMAIL_STYLES.h4, 'h4'),
      h5: styled(EMAIL_STYLES.h4, 'h4'),
      h6: styled(EMAIL_STYLES.h4, 'h4'),
      p: styled(EMAIL_STYLES.p),
      blockquote: styled(EMAIL_STYLES.blockquote),
      pre: styled(EMAIL_STYLES.pre),
      code: styled(EMAIL_STYLES.code),
      ul: styled(EMAIL_STYLES.list),
      li: styled(EMAIL_STYLES.li),
      table: styled(EMAIL_STYLES.table),
      hr: styled(EMAIL_STYLES.hr),
      ol: (tagName, attribs) => ({
        tagName,
        attribs: {
          style: EMAIL_STYLES.list,
          ...(/^\d{1,9}$/.test(attribs.start ?? '') ? { start: attribs.start! } : {}),
        },
      }),
      th: (tagName, attribs) => ({ tagName, attribs: { style: cellStyle(attribs) } }),
      td: (tagName, attribs) => ({ tagName, attribs: { style: cellStyle(attribs) } }),
      a: (tagName, attribs) => {
        const href = absoluteUrl(attribs.href ?? '', base);
        const attribs2: sanitizeHtml.Attributes = href ? { href, style: EMAIL_STYLES.a } : { style: EMAIL_STYLES.a };
        return { tagName, attribs: attribs2 };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img',
  };
}

/**
 * Markdown as HTML for an email body (a fragment, to place inside the mail
 * layout). Same parser and options as pages; see the profile above.
 */
export function renderMarkdownForEmail(source: string, options: EmailMarkdownOptions): SafeHtml {
  const { md, sanitize } = markdownEngines();
  const base = options.pageUrl ?? `${options.baseUrl}/`;
  const env: Record<string, unknown> = {};
  const tokens = md.parse(source, env);
  imagesAsLinks(md, tokens, env);
  const html = sanitize(md.renderer.render(tokens, md.options, env), emailSanitizer(base));
  // Only the sanitiser writes this exact opening tag (no user attribute survives it).
  return html.replaceAll(QUOTE_OPEN, `${QUOTE_OPEN}${QUOTE_LABEL}`) as SafeHtml;
}
