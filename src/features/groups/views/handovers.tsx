import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, Select } from '../../../platform/ui/components';
import type { Group } from '../groups.models';
import type { HandoverListItem, MaintainedArticle } from '../stewardship.repository';

const STATUS_LABELS: Record<string, string> = {
  proposed: 'Waiting for the receiving group',
  completed: 'Completed',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

export function HandoversPage({
  group,
  handovers,
  maintained,
  targets,
  canPropose,
  values,
  errors,
  csrfToken,
  notice,
}: {
  group: Group;
  handovers: HandoverListItem[];
  maintained: MaintainedArticle[];
  targets: Array<{ slug: string; name: string }>;
  canPropose: boolean;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const chosen = new Set(
    Array.isArray(values.articleIds) ? values.articleIds : values.articleIds ? [values.articleIds] : [],
  );
  return (
    <>
      <h1>Handovers: {group.name}</h1>
      <p class="lead">
        A group can hand pages over to another group, for example at a committee’s annual rotation. The pages move when
        an owner of the receiving group accepts.
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title">Handovers</h2>
        {handovers.length === 0 ? (
          <p class="empty">None yet.</p>
        ) : (
          <ul>
            {handovers.map((h) => (
              <li>
                <a href={`/handovers/${h.id}`}>
                  {h.articleIds.length} {h.articleIds.length === 1 ? 'page' : 'pages'} from {h.fromName} to {h.toName}
                </a>{' '}
                <span class="muted">
                  — {STATUS_LABELS[h.status]}, <DateText date={h.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {canPropose ? (
        <section aria-labelledby="propose-title">
          <h2 id="propose-title">Hand pages over</h2>
          <ErrorSummary
            errors={errors}
            labels={{ toGroup: 'Group to hand over to', articleIds: 'Pages' }}
            ids={{ articleIds: 'f-articleIds' }}
          />
          {maintained.length === 0 ? (
            <p class="empty">The group maintains no pages.</p>
          ) : (
            <form method="post" action={`/groups/${group.slug}/handovers`} novalidate>
              <CsrfField token={csrfToken} />
              <Select
                name="toGroup"
                label="Group to hand over to"
                required
                blank="Choose a group"
                options={targets.map((t) => ({ value: t.slug, label: t.name }))}
                errors={errors}
                values={values}
              />
              <fieldset
                class={errors?.articleIds ? 'field checkboxes has-error' : 'field checkboxes'}
                id="f-articleIds"
                aria-describedby={errors?.articleIds ? 'f-articleIds-error' : undefined}
              >
                <legend>Pages</legend>
                {errors?.articleIds ? (
                  <p class="field-error" id="f-articleIds-error">
                    <span class="visually-hidden">Error: </span>
                    {errors.articleIds}
                  </p>
                ) : null}
                {maintained.map((m) => (
                  <div class="checkbox">
                    <input
                      type="checkbox"
                      id={`page-${m.articleId}`}
                      name="articleIds"
                      value={String(m.articleId)}
                      checked={chosen.has(String(m.articleId))}
                    />
                    <label for={`page-${m.articleId}`}>{m.title}</label>
                  </div>
                ))}
              </fieldset>
              <div class="form-actions">
                <button type="submit">Propose the handover</button>
              </div>
            </form>
          )}
        </section>
      ) : null}
      <p>
        <a href={`/groups/${group.slug}`}>Back to {group.name}</a>
      </p>
    </>
  );
}

export function HandoverPage({
  handover,
  pages,
  can,
  csrfToken,
  notice,
}: {
  handover: HandoverListItem;
  pages: Array<{ slug: string; title: string }>;
  can: { accept: boolean; decline: boolean; cancel: boolean };
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <>
      <h1>
        Handover from {handover.fromName} to {handover.toName}
      </h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        Status: <strong>{STATUS_LABELS[handover.status]}</strong>. Proposed <DateText date={handover.createdAt} />
        {handover.decidedAt ? (
          <>
            , decided <DateText date={handover.decidedAt} />
          </>
        ) : null}
        .
      </p>
      <h2>Pages</h2>
      <ul>
        {pages.map((p) => (
          <li>
            <a href={`/articles/${p.slug}`}>{p.title}</a>
          </li>
        ))}
      </ul>
      {can.accept || can.decline || can.cancel ? (
        <ul class="actions" aria-label="Handover actions">
          {can.accept ? (
            <li>
              <form method="post" action={`/handovers/${handover.id}/accept`} class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit">Accept for {handover.toName}</button>
              </form>
            </li>
          ) : null}
          {can.decline ? (
            <li>
              <form method="post" action={`/handovers/${handover.id}/decline`} class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  Decline
                </button>
              </form>
            </li>
          ) : null}
          {can.cancel ? (
            <li>
              <form method="post" action={`/handovers/${handover.id}/cancel`} class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  Cancel the handover
                </button>
              </form>
            </li>
          ) : null}
        </ul>
      ) : null}
      <p>
        <a href={`/groups/${handover.fromSlug}`}>{handover.fromName}</a> ·{' '}
        <a href={`/groups/${handover.toSlug}`}>{handover.toName}</a>
      </p>
    </>
  );
}
