import { Html } from '../../../platform/content/SafeHtml';
import type { SafeHtml } from '../../../platform/content/markdown';
import { storedHtml } from '../../../platform/content/stored-html';
import type { FieldErrors } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice } from '../../../platform/ui/components';
import { DELETED_DISPLAY_NAME } from '../people.models';
import { PeopleNav } from './parts';

export function DataPage() {
  return (
    <div class="narrow">
      <PeopleNav current="data" />
      <h1>Your data</h1>
      <section aria-labelledby="download-heading">
        <h2 id="download-heading">Download all your data</h2>
        <p>
          One JSON file with everything the hub holds about you: your account, your profile (every field, whoever can
          see it), your Phone a Friend listing, your conversations, the people you blocked and the reports you made, and
          what every other part of the hub keeps about you.
        </p>
        <p>
          <a class="button" href="/account/data/export.json" download="ill-commons-data.json">
            Download my data (JSON)
          </a>
        </p>
      </section>
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete your account</h2>
        <p>
          This removes your profile and messages and signs you out everywhere. What you published for everyone stays,
          marked as written by a former member. <a href="/account/delete">Read exactly what happens, then decide</a>.
        </p>
      </section>
    </div>
  );
}

export function DeletePage({
  csrfToken,
  errors,
  displayName,
}: {
  csrfToken: string;
  errors?: FieldErrors | undefined;
  displayName: string;
}) {
  return (
    <div class="narrow">
      <PeopleNav current="data" />
      <h1>Delete your account</h1>
      <Notice kind="warning" title="This cannot be undone">
        <p>Consider downloading your data first.</p>
      </Notice>
      <h2>What is removed</h2>
      <ul>
        <li>Your profile and photo, and your Phone a Friend listing.</li>
        <li>
          Every private message you sent, and you leave every conversation. The other people keep their own messages.
        </li>
        <li>The members you blocked, the reports you made, your notifications, watches and email settings.</li>
        <li>Your email address, username and password. You are signed out on every device.</li>
      </ul>
      <h2>What stays</h2>
      <ul>
        <li>
          Articles, revisions and public forum posts you wrote stay, so others' work still makes sense, but your name is
          replaced with “{DELETED_DISPLAY_NAME}”. Where “{displayName}” appeared, readers will see “
          {DELETED_DISPLAY_NAME}”.
        </li>
        <li>A record that an account was deleted, without your details.</li>
      </ul>
      <ErrorSummary errors={errors} labels={{ password: 'Password', understood: 'Confirmation' }} />
      <form method="post" action="/account/delete" novalidate>
        <CsrfField token={csrfToken} />
        <div class={errors?.password ? 'field has-error' : 'field'}>
          <label for="f-password">Your password</label>
          {errors?.password ? (
            <p class="field-error" id="f-password-error">
              <span class="visually-hidden">Error: </span>
              {errors.password}
            </p>
          ) : null}
          <input
            id="f-password"
            type="password"
            name="password"
            required
            autocomplete="current-password"
            aria-describedby={errors?.password ? 'f-password-error' : undefined}
            aria-invalid={errors?.password ? 'true' : undefined}
          />
        </div>
        <div class={errors?.understood ? 'field has-error' : 'field'}>
          {errors?.understood ? (
            <p class="field-error" id="f-understood-error">
              <span class="visually-hidden">Error: </span>
              {errors.understood}
            </p>
          ) : null}
          <div class="checkbox">
            <input
              id="f-understood"
              type="checkbox"
              name="understood"
              value="yes"
              aria-describedby={errors?.understood ? 'f-understood-error' : undefined}
            />
            <label for="f-understood">
              I understand that my profile and messages will be removed and that this cannot be undone.
            </label>
          </div>
        </div>
        <div class="form-actions">
          <button type="submit" class="danger">
            Delete my account
          </button>
          <a href="/account/data">Keep my account</a>
        </div>
      </form>
    </div>
  );
}

export function DeletedPage() {
  return (
    <div class="narrow">
      <h1>Your account has been deleted</h1>
      <p>
        Your profile and messages are gone and you have been signed out everywhere. Thank you for being part of ILL
        Commons.
      </p>
      <p>
        <a href="/">Back to the home page</a>
      </p>
    </div>
  );
}

export interface ReportItem {
  id: number;
  reason: string;
  createdAt: Date;
  reporterName: string;
  messageId: number;
  body: string;
  bodyHtml: SafeHtml | null;
  sentAt: Date;
  authorName: string;
  authorUsername: string;
}

export function ModerationPage({
  reports,
  csrfToken,
  notice,
}: {
  reports: ReportItem[];
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <>
      <h1>Reported private messages</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        Only the reported message is shown, never the rest of the conversation. Removing a message replaces its text
        with a note that a moderator removed it; every decision is recorded in the audit log.
      </p>
      {reports.length === 0 ? (
        <p class="empty-state">No open reports.</p>
      ) : (
        <ol class="article-list">
          {reports.map((r) => (
            <li id={`report-${r.id}`}>
              <h2 class="article-list-title">
                Report {r.id}: message from <a href={`/people/${r.authorUsername}`}>{r.authorName}</a>
              </h2>
              <p class="meta">
                Reported by {r.reporterName} on <DateText date={r.createdAt} withTime />; sent{' '}
                <DateText date={r.sentAt} withTime />
              </p>
              <p>
                <strong>Reason:</strong> {r.reason}
              </p>
              <blockquote class="reported">
                <Html html={storedHtml(r.bodyHtml, r.body)} />
              </blockquote>
              <div class="form-actions">
                <form method="post" action={`/moderation/messages/${r.id}`} class="inline-form">
                  <CsrfField token={csrfToken} />
                  <input type="hidden" name="decision" value="remove" />
                  <button type="submit">
                    Remove the message<span class="visually-hidden"> of report {r.id}</span>
                  </button>
                </form>
                <form method="post" action={`/moderation/messages/${r.id}`} class="inline-form">
                  <CsrfField token={csrfToken} />
                  <input type="hidden" name="decision" value="dismiss" />
                  <button type="submit" class="secondary">
                    No action needed<span class="visually-hidden"> for report {r.id}</span>
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
