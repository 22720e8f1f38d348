/**
 * Markdown syntax taken out of a short text without rendering it: for text
 * stored as Markdown before it was stored as plain text (e.g. notification
 * excerpts written before they were rendered at creation). A handful of
 * linear regular expressions, cheap enough to run on every row of a page;
 * conservative, so plain text passes through unchanged in all but odd cases
 * (a lone `*`, `_`, `#`, `>` or `|` between words is left alone).
 */
export function stripMarkdownSyntax(text: string): string {
  return (
    text
      // images and links keep their words: ![alt](src "title"), [text](href), [text][ref], <https://…>
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
      .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
      .replace(/\[([^\]\n]+)\]\[[^\]\n]*\]/g, '$1')
      .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/gi, '$1')
      // a link cut short by the excerpt's length: [text](http…
      .replace(/!?\[([^\]\n]+)\]\([^)\s]*…?$/, '$1…')
      // code fences, inline code, strong, emphasis, strikethrough
      .replace(/(```|~~~)[\w-]*/g, ' ')
      .replace(/`([^`\n]+)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
      .replace(/(^|[\s(])([*_])(?=[^\s*_])([^\n*_]*?[^\s*_])\2(?=$|[\s).,;:!?])/g, '$1$3')
      .replace(/~~(?=\S)([^\n~]*?\S)~~/g, '$1')
      // block markers at the start of the text or of a line: headings, quotes, list bullets, rules
      // (flattened excerpts keep later headings mid-line: `##` and deeper are taken there too)
      .replace(/(^|\n)[ \t]*(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)/g, '$1')
      .replace(/(^|\s)#{2,6}[ \t]+(?=\S)/g, '$1')
      .replace(/(^|\n)[ \t]*([-*_])(?:[ \t]*\2){2,}[ \t]*(?=\n|$)/g, '$1')
      // a table's separator row, and backslash escapes
      .replace(/\|?(?:[ \t]*:?-+:?[ \t]*\|){2,}/g, ' ')
      .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1')
      .replace(/[ \t]{2,}/g, ' ')
      .trim()
  );
}
