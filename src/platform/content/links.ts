import { renderMarkdown } from './markdown';

/** Links a reader would see in rendered (sanitised) HTML: one linear pass, no Markdown parsing. */
export function countLinksInHtml(html: string): number {
  return (html.match(/<a\s[^>]*href=/gi) ?? []).length;
}

/** Links a reader would see in the rendered Markdown (Markdown links, autolinks and bare addresses). */
export function countLinks(markdown: string): number {
  if (!/[:.@[<]/.test(markdown)) return 0;
  return countLinksInHtml(renderMarkdown(markdown));
}
