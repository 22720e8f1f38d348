import { Html } from '../../../platform/content/SafeHtml';
import type { SafeHtml } from '../../../platform/content/markdown';
import { storedHtml } from '../../../platform/content/stored-html';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import {
  CsrfField,
  DateText,
  ErrorSummary,
  Notice,
  Pagination,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import type { InboxRow } from '../messages.repository';
import { MESSAGE_LIMITS } from '../people.models';
import { PeopleNav } from './parts';

export function InboxPage({
  rows,
  total,
  unread,
  page,
  pageCount,
  notice,
}: {
  rows: InboxRow[];
  total: number;
  unread: number;
  page: number;
  pageCount: number;
  notice?: string | undefined;
}) {
  return (
    <>
      <PeopleNav current="messages" />
      <h1>
        Messages
        {unread ? <span class="count"> ({unread} unread)</span> : null}
      </h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        Private conversations with other members, one to one or up to {MESSAGE_LIMITS.people} people.{' '}
        <a href="/messages/new">Write a new message</a> or find someone in the{' '}
        <a href="/people/phone-a-friend">Phone a Friend directory</a>.
      </p>
      {total === 0 ? (
        <p class="empty-state">No conversations yet.</p>
      ) : (
        <ul class="inbox">
          {rows.map((r) => (
            <li class={r.unread ? 'inbox-row unread' : 'inbox-row'}>
              <a href={`/messages/${r.id}`}>
                {r.unread ? <span class="badge badge-unread">Unread</span> : null}
                <span class="inbox-subject">{r.subject}</span>
              </a>
              <p class="meta">
                With {r.people.length ? r.people.join(', ') : 'nobody else now'} · last message{' '}
                <DateText date={r.lastMessageAt} withTime />
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} hrefFor={(n) => `/messages?page=${n}`} label="Message pages" />
    </>
  );
}

export interface ConversationView {
  id: number;
  subject: string;
  people: Array<{ userId: number; username: string; displayName: string; leftAt: Date | null }>;
  messages: Array<{
    id: number;
    authorId: number;
    authorName: string;
    authorUsername: string;
    body: string;
    bodyHtml: SafeHtml | null;
    via: 'web' | 'email';
    createdAt: Date;
  }>;
}

export function ConversationPage({
  conversation,
  actorId,
  csrfToken,
  idempotencyKey,
  errors,
  values,
  refusal,
  notice,
}: {
  conversation: ConversationView;
  actorId: number;
  csrfToken: string;
  idempotencyKey: string;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
  refusal?: string | undefined;
  notice?: string | undefined;
}) {
  const others = conversation.people.filter((p) => p.userId !== actorId && !p.leftAt);
  return (
    <>
      <PeopleNav current="messages" />
      <h1>{conversation.subject}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p class="meta">
        Private conversation with{' '}
        {others.length
          ? others.map((p, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={`/people/${p.username}`}>{p.displayName}</a>
              </>
            ))
          : 'nobody else now'}
        .
      </p>
      <ol class="messages">
        {conversation.messages.map((m) => (
          <li class={m.authorId === actorId ? 'message mine' : 'message'} id={`message-${m.id}`}>
            <p class="message-meta">
              <strong>{m.authorId === actorId ? 'You' : m.authorName}</strong> ·{' '}
              <DateText date={m.createdAt} withTime />
              {m.via === 'email' ? ' · by email' : ''}
            </p>
            <div class="message-body prose">
              <Html html={storedHtml(m.bodyHtml, m.body)} />
            </div>
            {m.authorId === actorId ? null : (
              <p class="message-actions">
                <a href={`/messages/${conversation.id}/report?message=${m.id}`}>
                  Report this message<span class="visually-hidden"> from {m.authorName}</span>
                </a>
              </p>
            )}
          </li>
        ))}
      </ol>
      <section aria-labelledby="reply-heading">
        <h2 id="reply-heading">Reply</h2>
        {refusal ? (
          <div class="error-summary" role="alert">
            <p>{refusal}</p>
          </div>
        ) : null}
        <ErrorSummary errors={errors} labels={{ body: 'Message' }} />
        <form method="post" action={`/messages/${conversation.id}`} novalidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="key" value={idempotencyKey} />
          <TextArea
            name="body"
            label="Message"
            hint="Markdown works. Only the people in this conversation can read it."
            required
            rows={5}
            maxLength={MESSAGE_LIMITS.body}
            values={values}
            errors={errors}
          />
          <button type="submit">Send reply</button>
        </form>
      </section>
      <section aria-labelledby="manage-heading">
        <h2 id="manage-heading">Manage</h2>
        <ul class="actions">
          {others.length === 1 ? (
            <li>
              <form method="post" action={`/people/${others[0]!.username}/block`} class="inline-form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="back" value={`/messages/${conversation.id}`} />
                <button type="submit" class="secondary">
                  Block {others[0]!.displayName}
                </button>
              </form>
            </li>
          ) : null}
          <li>
            <form method="post" action={`/messages/${conversation.id}/leave`} class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary">
                Leave this conversation
              </button>
            </form>
          </li>
        </ul>
      </section>
    </>
  );
}

export function NewMessagePage({
  values,
  errors,
  refusal,
  csrfToken,
  idempotencyKey,
  recipientName,
}: {
  values: FormValues;
  errors?: FieldErrors | undefined;
  refusal?: string | undefined;
  csrfToken: string;
  idempotencyKey: string;
  recipientName?: string | undefined;
}) {
  return (
    <div class="narrow">
      <PeopleNav current="messages" />
      <h1>{recipientName ? `Write to ${recipientName}` : 'New message'}</h1>
      <p>Your email address is not shared: replies come back here, and by email if you have email notifications on.</p>
      {refusal ? (
        <div class="error-summary" role="alert">
          <h2>Message not sent</h2>
          <p>{refusal}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} labels={{ to: 'To', subject: 'Subject', body: 'Message' }} />
      <form method="post" action="/messages" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="key" value={idempotencyKey} />
        <TextField
          name="to"
          label="To"
          hint={`Usernames, separated by commas, e.g. @jsmith. Up to ${MESSAGE_LIMITS.people - 1} people.`}
          required
          maxLength={MESSAGE_LIMITS.recipientsField}
          values={values}
          errors={errors}
          spellcheck={false}
          showLimit={false}
        />
        <TextField
          name="subject"
          label="Subject"
          required
          maxLength={MESSAGE_LIMITS.subject}
          values={values}
          errors={errors}
        />
        <TextArea
          name="body"
          label="Message"
          hint="Markdown works."
          required
          rows={8}
          maxLength={MESSAGE_LIMITS.body}
          values={values}
          errors={errors}
        />
        <button type="submit">Send message</button>
      </form>
    </div>
  );
}

export function ReportPage({
  conversationId,
  message,
  errors,
  values,
  csrfToken,
}: {
  conversationId: number;
  message: { id: number; authorName: string; body: string; bodyHtml: SafeHtml | null; createdAt: Date };
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
  csrfToken: string;
}) {
  return (
    <div class="narrow">
      <h1>Report a message to the moderators</h1>
      <p>
        The moderators will see this message and your reason, nothing else from the conversation. {message.authorName}{' '}
        is not told who reported it.
      </p>
      <blockquote class="reported">
        <p class="message-meta">
          {message.authorName} · <DateText date={message.createdAt} withTime />
        </p>
        <Html html={storedHtml(message.bodyHtml, message.body)} />
      </blockquote>
      <ErrorSummary errors={errors} labels={{ reason: 'Reason', messageId: 'Message' }} />
      <form method="post" action={`/messages/${conversationId}/report`} novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="messageId" value={String(message.id)} />
        <TextArea
          name="reason"
          label="What is wrong with it?"
          hint="For example: harassment, spam, or someone selling something."
          required
          rows={4}
          maxLength={MESSAGE_LIMITS.reason}
          values={values}
          errors={errors}
        />
        <div class="form-actions">
          <button type="submit">Send report</button>
          <a href={`/messages/${conversationId}`}>Cancel</a>
        </div>
      </form>
    </div>
  );
}

export function BlockedPage({
  people,
  csrfToken,
  notice,
}: {
  people: Array<{ username: string; displayName: string; since: Date }>;
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <div class="narrow">
      <PeopleNav current="blocked" />
      <h1>Blocked members</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        People you block cannot send you private messages or add you to a conversation. They are not told; they are only
        told that you are not accepting messages from them. To block someone, use the button on their profile or in a
        conversation with them.
      </p>
      {people.length === 0 ? (
        <p class="empty-state">You have not blocked anyone.</p>
      ) : (
        <ul class="article-list">
          {people.map((p) => (
            <li>
              <a href={`/people/${p.username}`}>{p.displayName}</a>{' '}
              <span class="meta">
                blocked <DateText date={p.since} />
              </span>{' '}
              <form method="post" action={`/people/${p.username}/unblock`} class="inline-form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="back" value="/messages/blocked" />
                <button type="submit" class="small secondary">
                  Unblock<span class="visually-hidden"> {p.displayName}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
