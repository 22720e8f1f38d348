import type { SafeHtml } from '../../../platform/content/markdown';
import { Html } from '../../../platform/content/SafeHtml';
import { MAIL_STYLES, MailLayout, MailLink, renderMailHtml } from '../../../platform/mail/layout';

/** The HTML parts of notification mail; the text parts say the same (notifications.email.ts, notifications.digest.ts). */

export interface MailFooterProps {
  canReply: boolean;
  /** Why the person gets this email, in words. */
  because: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

function MailFooter({ canReply, because, unsubscribeUrl, preferencesUrl }: MailFooterProps) {
  return (
    <div>
      <hr style={MAIL_STYLES.hr} />
      {canReply ? (
        <p style={MAIL_STYLES.footer}>
          Reply to this email to post your reply (quoted text and signatures are left out).
        </p>
      ) : null}
      <p style={MAIL_STYLES.footer}>{because}</p>
      <p style={MAIL_STYLES.footer}>
        <MailLink href={unsubscribeUrl}>Unsubscribe</MailLink> ·{' '}
        <MailLink href={preferencesUrl}>Email preferences</MailLink>
      </p>
    </div>
  );
}

export interface NotificationEmailProps {
  site: string;
  subject: string;
  /** What happened, e.g. "Ana replied in “Lending to a closed library”". */
  heading: string;
  /** The post or message, rendered with the email profile; without it, `excerpt` as a paragraph. */
  body?: SafeHtml | undefined;
  excerpt: string;
  readUrl: string;
  footer: MailFooterProps;
}

export function NotificationEmail({ site, subject, heading, body, excerpt, readUrl, footer }: NotificationEmailProps) {
  return (
    <MailLayout title={subject} site={site}>
      <h1 style={MAIL_STYLES.h1}>{heading}</h1>
      {body ? <Html html={body} /> : excerpt ? <p style={MAIL_STYLES.p}>{excerpt}</p> : null}
      <p style={MAIL_STYLES.p}>
        <MailLink href={readUrl}>Read it on {site}</MailLink>
      </p>
      <MailFooter {...footer} />
    </MailLayout>
  );
}

export function notificationEmailHtml(props: NotificationEmailProps): string {
  return renderMailHtml(<NotificationEmail {...props} />);
}

export interface DigestEntry {
  title: string;
  excerpt: string;
  /** Absolute. */
  url: string;
}

/** The items about one thing (a thread, an article, a conversation); `title` null when not known (listed loose). */
export interface DigestSubject {
  title: string | null;
  entries: DigestEntry[];
}

export interface DigestSection {
  heading: string;
  subjects: DigestSubject[];
}

export interface DigestEmailProps {
  site: string;
  subject: string;
  count: number;
  sections: DigestSection[];
  /** Items not listed (over the digest's limit), and where to see them. */
  more: number;
  moreUrl: string;
  footer: MailFooterProps;
}

function newCount(n: number): string {
  return `${n} new`;
}

export function DigestEmail({ site, subject, count, sections, more, moreUrl, footer }: DigestEmailProps) {
  return (
    <MailLayout title={subject} site={site}>
      <h1 style={MAIL_STYLES.h1}>Your daily digest</h1>
      <p style={MAIL_STYLES.p}>
        What happened on {site} since your last digest: {count} new {count === 1 ? 'item' : 'items'}.
      </p>
      {sections.map((section) => (
        <div>
          <h2 style={MAIL_STYLES.h2}>{section.heading}</h2>
          {section.subjects.map((subject) => (
            <div>
              {subject.title ? (
                <h3 style={MAIL_STYLES.h4}>
                  {subject.title} <span style={MAIL_STYLES.small}>({newCount(subject.entries.length)})</span>
                </h3>
              ) : null}
              <ul style={MAIL_STYLES.list}>
                {subject.entries.map((entry) => (
                  <li style={MAIL_STYLES.li}>
                    <MailLink href={entry.url}>{entry.title}</MailLink>
                    {entry.excerpt ? (
                      <>
                        <br />
                        <span style={MAIL_STYLES.small}>{entry.excerpt}</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ))}
      {more > 0 ? (
        <p style={MAIL_STYLES.p}>
          … and {more} more: <MailLink href={moreUrl}>see all your notifications</MailLink>
        </p>
      ) : null}
      <MailFooter {...footer} />
    </MailLayout>
  );
}

export function digestEmailHtml(props: DigestEmailProps): string {
  return renderMailHtml(<DigestEmail {...props} />);
}
