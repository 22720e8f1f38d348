import type { Child } from 'hono/jsx';
import { EMAIL_STYLES } from '../content/email';

/**
 * The HTML part of the hub's mail: one narrow column, system fonts, inline
 * styles only (mail clients drop style sheets), no images, fonts, scripts or
 * anything else fetched from elsewhere. Views compose it with JSX, so text is
 * escaped by default and sanitised Markdown enters only through `Html`.
 */

export const MAIL_FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export const MAIL_STYLES = {
  ...EMAIL_STYLES,
  body: `margin:0;padding:0;background:#ffffff;${EMAIL_STYLES.text};font-family:${MAIL_FONT};font-size:16px;line-height:1.5`,
  column: 'max-width:640px;margin:0 auto;padding:16px',
  site: `margin:0 0 8px;font-size:14px;${EMAIL_STYLES.muted}`,
  h1: 'margin:0 0 16px;font-size:22px;line-height:1.3',
  footer: `margin:0 0 8px;font-size:14px;${EMAIL_STYLES.muted}`,
  small: `font-size:14px;${EMAIL_STYLES.muted}`,
} as const;

export function MailLayout({ title, site, children }: { title: string; site: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{title}</title>
      </head>
      <body style={MAIL_STYLES.body}>
        <div role="article" aria-label={title} lang="en" style={MAIL_STYLES.column}>
          <p style={MAIL_STYLES.site}>{site}</p>
          {children}
        </div>
      </body>
    </html>
  );
}

/** A link in a mail: always an absolute address, underlined, in the accent colour. */
export function MailLink({ href, children }: { href: string; children?: Child }) {
  return (
    <a href={href} style={MAIL_STYLES.a}>
      {children}
    </a>
  );
}

/** The finished HTML part. */
export function renderMailHtml(node: Child): string {
  return `<!DOCTYPE html>${String(node)}`;
}
