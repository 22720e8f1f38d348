import type { SafeHtml } from '../../../platform/content/markdown';
import { Html } from '../../../platform/content/SafeHtml';
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
import { FLAG_REASON_LABELS, FORUM_LIMITS, type PostStatus, postUrl } from '../community.models';
import type { AuditEntry, QueueItem } from '../moderation.repository';
import { FORM_LABELS } from './forms';
import { ModeratorPostActions, PostButton } from './parts';

export interface QueueSection {
  id: string;
  title: string;
  intro: string;
  items: Array<QueueItem & { html: SafeHtml }>;
}

export function ModerationQueuePage({
  sections,
  suspensions,
  csrfToken,
  isAdmin,
  notice,
}: {
  sections: QueueSection[];
  suspensions: Array<{ id: number; until: Date; reason: string; memberName: string; username: string }>;
  csrfToken: string;
  isAdmin: boolean;
  notice?: string | undefined;
}) {
  return (
    <div>
      <h1>Moderation queue</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p class="lead">
        Flagged posts, posts waiting for approval, and what was recently hidden or deleted. Every decision is recorded
        in the audit log.
      </p>
      {isAdmin ? (
        <ul class="actions">
          <li>
            <a href="/admin/audit">Audit log of moderator actions</a>
          </li>
          <li>
            <a href="/admin/forum">Forum settings</a>
          </li>
        </ul>
      ) : null}
      <nav aria-label="Queue sections">
        <ul class="inline-list">
          {sections.map((s) => (
            <li>
              <a href={`#${s.id}`}>
                {s.title} ({s.items.length})
              </a>
            </li>
          ))}
          <li>
            <a href="#suspensions">Suspended members ({suspensions.length})</a>
          </li>
        </ul>
      </nav>
      {sections.map((s) => (
        <section aria-labelledby={s.id}>
          <h2 id={s.id}>{s.title}</h2>
          <p class="hint">{s.intro}</p>
          {s.items.length === 0 ? (
            <p class="empty">Nothing here.</p>
          ) : (
            <ul class="queue">
              {s.items.map((item) => (
                <QueueEntry item={item} csrfToken={csrfToken} />
              ))}
            </ul>
          )}
        </section>
      ))}
      <section aria-labelledby="suspensions">
        <h2 id="suspensions">Suspended members</h2>
        {suspensions.length === 0 ? (
          <p class="empty">Nobody is suspended.</p>
        ) : (
          <ul class="queue">
            {suspensions.map((s) => (
              <li>
                <p>
                  <strong>{s.memberName}</strong> (@{s.username}) until <DateText date={s.until} withTime />. Reason: “
                  {s.reason}”
                </p>
                <PostButton
                  action={`/moderation/suspensions/${s.id}/lift`}
                  csrfToken={csrfToken}
                  label={`Lift the suspension of ${s.memberName}`}
                  cls="secondary small"
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function QueueEntry({ item, csrfToken }: { item: QueueItem & { html: SafeHtml }; csrfToken: string }) {
  const which = `post #${item.number} by ${item.authorName}`;
  return (
    <li class="queue-item">
      <p class="meta">
        <a href={postUrl(item.postId)}>
          Post #{item.number} in “{item.threadTitle}”
        </a>{' '}
        by {item.authorName}, <DateText date={item.createdAt} withTime /> · status: {item.status}
      </p>
      <blockquote class="prose queue-body">
        <Html html={item.html} />
      </blockquote>
      {item.flags.length ? (
        <ul class="flags" aria-label={`Flags on ${which}`}>
          {item.flags.map((f) => (
            <li>
              <strong>{FLAG_REASON_LABELS[f.reason]}</strong> from {f.reporterName}, <DateText date={f.createdAt} />
              {f.note ? <>: “{f.note}”</> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ul class="post-actions">
        <ModeratorPostActions
          post={{ id: item.postId, status: item.status as PostStatus, authorId: item.authorId }}
          csrfToken={csrfToken}
          which={which}
          next="/moderation"
        />
        {item.flags.length ? (
          <li>
            <PostButton
              action={`${postUrl(item.postId)}/dismiss-flags`}
              csrfToken={csrfToken}
              fields={{ next: '/moderation' }}
              label={
                <>
                  Dismiss the flags<span class="visually-hidden"> on {which}</span>
                </>
              }
            />
          </li>
        ) : null}
      </ul>
    </li>
  );
}

export function SuspendPage({
  member,
  values,
  errors,
  csrfToken,
}: {
  member: { id: number; displayName: string; username: string };
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
}) {
  return (
    <div class="narrow-wide">
      <h1>Suspend {member.displayName}</h1>
      <p>
        @{member.username} will be able to read but not post, reply or edit until the suspension ends. They see the
        reason you give here when they try to post.
      </p>
      <ErrorSummary errors={errors} labels={FORM_LABELS} />
      <form method="post" action={`/moderation/members/${member.id}/suspend`} novalidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="days"
          label="Days"
          type="number"
          required
          maxLength={4}
          errors={errors}
          values={values}
          hint="How many days, from now."
        />
        <TextArea
          name="reason"
          label="Reason"
          required
          rows={3}
          maxLength={FORUM_LIMITS.reason}
          errors={errors}
          values={values}
          hint="Written to the member: say what they did and what you expect."
        />
        <div class="form-actions">
          <button type="submit">Suspend</button>
          <a href="/moderation">Cancel</a>
        </div>
      </form>
    </div>
  );
}

const AUDIT_LABELS: Record<string, string> = {
  'moderation.post.hidden': 'Hid a post',
  'moderation.post.restored': 'Restored a post',
  'moderation.post.approved': 'Approved a post',
  'moderation.post.deleted': 'Deleted someone else’s post',
  'moderation.flags.dismissed': 'Dismissed flags',
  'moderation.thread.locked': 'Locked a thread',
  'moderation.thread.unlocked': 'Unlocked a thread',
  'moderation.thread.pinned': 'Pinned a thread',
  'moderation.thread.unpinned': 'Unpinned a thread',
  'moderation.thread.moved': 'Moved a thread',
  'moderation.member.suspended': 'Suspended a member',
  'moderation.member.unsuspended': 'Lifted a suspension',
  'moderation.answer.accepted': 'Accepted an answer for the asker',
  'moderation.answer.unaccepted': 'Took back an accepted answer',
  'moderation.settings.changed': 'Changed a forum setting',
};

function subjectLink(e: AuditEntry) {
  if (e.subjectType === 'forum_post') return <a href={postUrl(Number(e.subjectId))}>post {e.subjectId}</a>;
  if (e.subjectType === 'forum_thread') return <a href={`/forum/t/${e.subjectId}`}>thread {e.subjectId}</a>;
  if (e.subjectType === 'user') return <>member {String(e.data.member ?? e.subjectId)}</>;
  return <>{e.subjectId}</>;
}

function details(e: AuditEntry): string {
  const d = e.data;
  const parts: string[] = [];
  if (typeof d.title === 'string') parts.push(`“${d.title}”`);
  if (typeof d.to === 'string') parts.push(`to ${d.to}`);
  if (typeof d.reason === 'string') parts.push(`reason: “${d.reason}”`);
  if (typeof d.until === 'string') parts.push(`until ${d.until.slice(0, 16).replace('T', ' ')} UTC`);
  if (typeof d.excerpt === 'string') parts.push(`“${d.excerpt}”`);
  if (typeof d.value === 'boolean') parts.push(d.value ? 'on' : 'off');
  if (typeof d.flags === 'number') parts.push(`${d.flags} flag${d.flags === 1 ? '' : 's'}`);
  return parts.join('; ');
}

export function AuditLogPage({
  entries,
  total,
  page,
  pageCount,
}: {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageCount: number;
}) {
  return (
    <div>
      <h1>Audit log</h1>
      <p class="lead">Every moderator action, newest first ({total.toLocaleString('en')} in all).</p>
      {entries.length === 0 ? (
        <p class="empty">No moderator has acted yet.</p>
      ) : (
        <div class="table-wrap" role="region" aria-label="Moderator actions" tabindex={0}>
          <table class="data-table">
            <caption class="visually-hidden">Moderator actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>
                    <DateText date={e.createdAt} withTime />
                  </td>
                  <td>{e.actorName ?? 'the system'}</td>
                  <td>
                    {AUDIT_LABELS[e.type] ?? e.type} <span class="muted">({e.type})</span>
                  </td>
                  <td>{subjectLink(e)}</td>
                  <td>{details(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} hrefFor={(p) => `/admin/audit?page=${p}`} label="Audit log pages" />
    </div>
  );
}

export function ForumSettingsPage({
  holdFirstPosts,
  csrfToken,
  notice,
}: {
  holdFirstPosts: boolean;
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <div class="narrow-wide">
      <h1>Forum settings</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <form method="post" action="/admin/forum">
        <CsrfField token={csrfToken} />
        <div class="checkbox field">
          <input
            type="checkbox"
            id="f-hold"
            name="holdFirstPosts"
            value="true"
            checked={holdFirstPosts}
            aria-describedby="f-hold-hint"
          />
          <label for="f-hold">Hold new members’ first posts for a moderator’s approval</label>
        </div>
        <p class="hint" id="f-hold-hint">
          When on, the first {FORUM_LIMITS.newMemberPosts} posts of each new member wait in the moderation queue until a
          moderator approves them. Editors, moderators and administrators are never held. Currently{' '}
          <strong>{holdFirstPosts ? 'on' : 'off'}</strong>.
        </p>
        <div class="form-actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
    </div>
  );
}
