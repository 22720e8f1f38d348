import { renderMarkdown, type SafeHtml } from '../../platform/content/markdown';

/** `@username` where a username may start (not inside an email address or a path). */
const MENTION = /(^|[^\w@/.+-])@([a-z][a-z0-9_-]{2,29})\b/gi;

function withoutCode(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/~~~[\s\S]*?(~~~|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ');
}

/** Usernames mentioned in a post (lowercase, each once), ignoring code. */
export function mentionedUsernames(markdown: string): string[] {
  const names = new Set<string>();
  for (const m of withoutCode(markdown).matchAll(MENTION)) names.add(m[2]!.toLowerCase());
  return [...names];
}

export function profileUrl(username: string): string {
  return `/people/${encodeURIComponent(username)}`;
}

/**
 * A post's HTML: the one Markdown renderer and sanitiser, then `@username`
 * linked for people who exist. Only text outside links and code is touched,
 * and a username is letters, digits, `-` and `_`, so nothing can be injected.
 */
export function renderPost(markdown: string, known: ReadonlySet<string>): SafeHtml {
  const html = renderMarkdown(markdown);
  if (known.size === 0 || !html.includes('@')) return html;
  let skip = 0;
  const out = html.split(/(<[^>]*>)/).map((part) => {
    if (part.startsWith('<')) {
      const tag = part.match(/^<(\/?)(a|code|pre)\b/i);
      if (tag) skip += tag[1] ? -1 : 1;
      return part;
    }
    if (skip > 0 || !part.includes('@')) return part;
    return part.replace(MENTION, (whole, before: string, name: string) => {
      const lower = name.toLowerCase();
      return known.has(lower) ? `${before}<a class="mention" href="${profileUrl(lower)}">@${name}</a>` : whole;
    });
  });
  return out.join('') as SafeHtml;
}

/** The Markdown a reply starts with when quoting a post. */
export function quoteMarkdown(authorName: string, body: string): string {
  const lines = body.trim().split('\n').slice(0, 40);
  return `> **${authorName.replace(/[*_`[\]\\]/g, '')} wrote:**\n>\n${lines.map((l) => `> ${l}`).join('\n')}\n\n`;
}
