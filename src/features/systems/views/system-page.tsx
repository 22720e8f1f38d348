import { Html } from '../../../platform/content/SafeHtml';
import type { SafeHtml } from '../../../platform/content/markdown';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, TextArea, TextField } from '../../../platform/ui/components';
import {
  type Community,
  type Fact,
  type InteropReport,
  matrixUrl,
  PROTOCOL_LABELS,
  RESULT_LABELS,
  type Source,
  STANDARD_LABELS,
  type StandardSupport,
  SUPPORT_LABELS,
  SYSTEM_LIMITS,
  type SystemPage,
  type SystemResponse,
  type SystemRevision,
  systemUrl,
} from '../systems.models';

type Link = { title: string; url: string; summary?: string };

export interface SystemPageProps {
  page: SystemPage;
  notice?: string | undefined;
  maintainer: { name: string; url: string } | null;
  reviewOverdue: boolean;
  labels: Map<string, string>;
  related: {
    category?: { name: string; url: string; threadCount: number } | undefined;
    articles: Link[];
    workflows: Link[];
    events: Array<{ title: string; url: string; startsAt: Date }>;
    peopleUrl: string;
  };
  responses: Array<SystemResponse & { authorName: string | null }>;
  representatives: Array<{ userId: number; displayName: string; organisation: string }>;
  reports: InteropReport[];
  pending: SystemRevision[];
  can: { edit: boolean; decide: boolean; respond: boolean; verify: boolean; signedIn: boolean };
  csrfToken: string;
  forms?: {
    response?: { values: FormValues; errors: FieldErrors };
    representative?: { values: FormValues; errors: FieldErrors };
  };
}

/** "Source: … · last verified 2026-12-04", or "Not verified" when nobody could check the claim. */
function Provenance({ source, verified }: { source?: Source | undefined; verified?: string | undefined }) {
  return (
    <span class="provenance">
      {source ? (
        <>
          Source: <a href={source.url}>{source.title}</a>
        </>
      ) : (
        'No source given'
      )}
      {' · '}
      {verified ? (
        <>
          last verified <time datetime={verified}>{verified}</time>
        </>
      ) : (
        <strong>not verified</strong>
      )}
    </span>
  );
}

function FactRow({ label, fact }: { label: string; fact: Fact }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>
        {fact.text}
        <br />
        <Provenance source={fact.source} verified={fact.verified} />
      </dd>
    </div>
  );
}

function StandardsTable({ standards }: { standards: StandardSupport[] }) {
  if (standards.length === 0) return <p>No standards recorded yet.</p>;
  return (
    <div class="table-wrap" role="region" aria-label="Standards table" tabindex={0}>
      <table class="standards">
        <caption class="visually-hidden">Standards this system supports, with roles and sources</caption>
        <thead>
          <tr>
            <th scope="col">Standard</th>
            <th scope="col">Support</th>
            <th scope="col">Role</th>
            <th scope="col">Notes and source</th>
          </tr>
        </thead>
        <tbody>
          {standards.map((s) => (
            <tr>
              <th scope="row">{STANDARD_LABELS[s.standard]}</th>
              <td>{SUPPORT_LABELS[s.support]}</td>
              <td>{s.roles.length ? s.roles.join(', ') : '—'}</td>
              <td>
                {s.note ? (
                  <>
                    {s.note}
                    <br />
                  </>
                ) : null}
                <Provenance source={s.source} verified={s.verified} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const COMMUNITY_KINDS: Record<Community['kind'], string> = {
  'user-group': 'User group',
  'mailing-list': 'Mailing list',
  forum: 'Forum',
  conference: 'Conference',
};

function ReportLine({ r, labels }: { r: InteropReport; labels: Map<string, string> }) {
  return (
    <li>
      {PROTOCOL_LABELS[r.protocol]}: {labels.get(r.fromSystem) ?? r.fromSystem} → {labels.get(r.toSystem) ?? r.toSystem}
      {' — '}
      <strong>{RESULT_LABELS[r.result]}</strong> (tested <time datetime={r.testedOn}>{r.testedOn}</time>)
    </li>
  );
}

export function SystemPageView(props: SystemPageProps) {
  const { page, related } = props;
  const d = page.data;
  return (
    <article class="system-page">
      <h1>{d.name}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p class="lead">{d.summary.text}</p>
      <p class="meta">
        <Provenance source={d.summary.source} verified={d.summary.verified} />
      </p>
      <p class="meta">
        {props.maintainer ? (
          <>
            Maintained by <a href={props.maintainer.url}>{props.maintainer.name}</a>.{' '}
          </>
        ) : (
          'No group maintains this page yet. '
        )}
        {page.reviewDue ? (
          props.reviewOverdue ? (
            <strong>Review overdue (was due {page.reviewDue}).</strong>
          ) : (
            <>Next review due {page.reviewDue}.</>
          )
        ) : null}{' '}
        Last changed <DateText date={page.updatedAt} />. This page is written by the community and is vendor-neutral;
        check details with your own system before relying on them.
      </p>
      {props.can.edit ? (
        <p>
          <a href={`${systemUrl(page.slug)}/edit`}>Suggest a change to this page</a>
        </p>
      ) : null}

      <section aria-labelledby="facts-title">
        <h2 id="facts-title">At a glance</h2>
        <dl class="facts">
          <FactRow label="Who makes it" fact={d.maker} />
          <FactRow label="Licence" fact={d.licence} />
          <FactRow label="Pricing model" fact={d.pricing} />
        </dl>
      </section>

      <section aria-labelledby="standards-title">
        <h2 id="standards-title">Standards</h2>
        <StandardsTable standards={d.standards} />
        <p>
          How this system works with others in practice: see the{' '}
          <a href={matrixUrl('iso18626')}>interoperability matrix</a>.
        </p>
      </section>

      <section aria-labelledby="integrations-title">
        <h2 id="integrations-title">Integrations</h2>
        {d.integrations.length ? (
          <ul>
            {d.integrations.map((i) => (
              <li>
                {i.text} <Provenance source={i.source} verified={i.verified} />
              </li>
            ))}
          </ul>
        ) : (
          <p>None recorded yet.</p>
        )}
      </section>

      <section aria-labelledby="communities-title">
        <h2 id="communities-title">User groups and mailing lists</h2>
        {d.communities.length ? (
          <ul>
            {d.communities.map((c) => (
              <li>
                {COMMUNITY_KINDS[c.kind]}: <a href={c.url}>{c.name}</a>{' '}
                <Provenance source={c.source} verified={c.verified} />
              </li>
            ))}
          </ul>
        ) : (
          <p>None recorded yet.</p>
        )}
      </section>

      <section aria-labelledby="docs-title">
        <h2 id="docs-title">Maker’s documentation</h2>
        {d.docs.length ? (
          <ul>
            {d.docs.map((s) => (
              <li>
                <a href={s.url}>{s.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>None recorded yet.</p>
        )}
      </section>

      <section aria-labelledby="vendor-title" class="vendor-responses">
        <h2 id="vendor-title">Responses from the maker</h2>
        <p class="hint">
          A verified representative of the maker may respond here
          {related.category ? (
            <>
              {' '}
              and in the forum’s <a href={related.category.url}>{related.category.name}</a> category
            </>
          ) : null}
          . Responses are labelled and never change the community’s text.
        </p>
        {props.responses.length ? (
          <ul class="responses">
            {props.responses.map((r) => (
              <li id={`response-${r.id}`}>
                <article class="vendor-response">
                  <p class="vendor-label">
                    <strong>Vendor response</strong> from {r.organisation}
                    {r.authorName ? <> ({r.authorName}, verified representative)</> : null},{' '}
                    <DateText date={r.createdAt} />
                  </p>
                  <Html html={r.bodyHtml as SafeHtml} />
                </article>
              </li>
            ))}
          </ul>
        ) : (
          <p>No responses yet.</p>
        )}
        {props.can.respond ? (
          <form method="post" action={`${systemUrl(page.slug)}/responses`} class="response-form">
            <CsrfField token={props.csrfToken} />
            <ErrorSummary errors={props.forms?.response?.errors} />
            <TextArea
              name="body"
              label="Your response (Markdown)"
              required
              maxLength={SYSTEM_LIMITS.responseChars}
              values={props.forms?.response?.values}
              errors={props.forms?.response?.errors}
            />
            <button type="submit">Post response</button>
          </form>
        ) : null}
        {props.representatives.length && props.can.verify ? (
          <>
            <h3>Verified representatives</h3>
            <ul class="representatives">
              {props.representatives.map((r) => (
                <li>
                  {r.displayName} ({r.organisation}){' '}
                  <form
                    method="post"
                    action={`${systemUrl(page.slug)}/representatives/${r.userId}/withdraw`}
                    class="inline-form"
                  >
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" class="link-button">
                      Withdraw the verification<span class="visually-hidden"> of {r.displayName}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : props.representatives.length ? (
          <p>
            Verified representatives:{' '}
            {props.representatives.map((r, i) => (
              <>
                {i ? ', ' : ''}
                {r.displayName} ({r.organisation})
              </>
            ))}
          </p>
        ) : null}

        {props.can.verify ? (
          <details>
            <summary>Verify a vendor representative (administrators)</summary>
            <form method="post" action={`${systemUrl(page.slug)}/representatives`}>
              <CsrfField token={props.csrfToken} />
              <ErrorSummary errors={props.forms?.representative?.errors} />
              <TextField
                name="username"
                label="Username of the account"
                required
                maxLength={100}
                values={props.forms?.representative?.values}
                errors={props.forms?.representative?.errors}
              />
              <TextField
                name="organisation"
                label="Organisation it speaks for"
                required
                maxLength={200}
                values={props.forms?.representative?.values}
                errors={props.forms?.representative?.errors}
              />
              <button type="submit">Verify</button>
            </form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="community-title">
        <h2 id="community-title">From the community</h2>
        <h3>Forum</h3>
        {related.category ? (
          <p>
            <a href={related.category.url}>{related.category.name}</a> ({related.category.threadCount} threads)
          </p>
        ) : (
          <p>
            No forum category for this system yet; ask in the <a href="/forum">forum</a>.
          </p>
        )}
        <h3>Articles</h3>
        {related.articles.length ? (
          <ul>
            {related.articles.map((a) => (
              <li>
                <a href={a.url}>{a.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>No articles name this system yet.</p>
        )}
        <h3>Workflows</h3>
        {related.workflows.length ? (
          <ul>
            {related.workflows.map((w) => (
              <li>
                <a href={w.url}>{w.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>No workflows name this system yet.</p>
        )}
        <h3>Events</h3>
        {related.events.length ? (
          <ul>
            {related.events.map((e) => (
              <li>
                <a href={e.url}>{e.title}</a>, <DateText date={e.startsAt} />
              </li>
            ))}
          </ul>
        ) : (
          <p>No upcoming events name this system.</p>
        )}
        <h3>People who can help</h3>
        <p>
          <a href={related.peopleUrl}>Phone a Friend: members who use {d.name}</a> (for signed-in members).
        </p>
        <h3>Test reports</h3>
        {props.reports.length ? (
          <ul>
            {props.reports.map((r) => (
              <ReportLine r={r} labels={props.labels} />
            ))}
          </ul>
        ) : (
          <p>No test reports yet.</p>
        )}
      </section>

      {props.can.decide ? (
        <section aria-labelledby="upkeep-title">
          <h2 id="upkeep-title">Upkeep</h2>
          <form method="post" action={`${systemUrl(page.slug)}/reviewed`}>
            <CsrfField token={props.csrfToken} />
            <button type="submit">Record a review: every claim checked</button>
          </form>
          <h3>Changes waiting for review</h3>
          {props.pending.length ? (
            <ul>
              {props.pending.map((r) => (
                <li>
                  {r.reviewReason} {r.note ? <>Note: “{r.note}”.</> : null}{' '}
                  <form method="post" action={`${systemUrl(page.slug)}/changes/${r.id}`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" name="decision" value="apply">
                      Apply change {r.id}
                    </button>{' '}
                    <button type="submit" name="decision" value="reject">
                      Reject change {r.id}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ) : (
            <p>None.</p>
          )}
        </section>
      ) : null}
    </article>
  );
}

export function SystemsIndexView({ pages }: { pages: SystemPage[] }) {
  return (
    <article class="systems">
      <h1>ILL systems</h1>
      <p>
        Vendor-neutral pages about the systems interlibrary loan runs on, written and checked by the community. Every
        claim names its source and the day it was last checked.
      </p>
      <p>
        <a href={matrixUrl('iso18626')}>Interoperability matrix</a>: which systems exchange ISO 18626 and NCIP messages
        with which, from community test reports.
      </p>
      <ul class="system-list">
        {pages.map((p) => (
          <li>
            <h2>
              <a href={systemUrl(p.slug)}>{p.data.name}</a>
            </h2>
            <p>{p.data.summary.text}</p>
          </li>
        ))}
      </ul>
    </article>
  );
}

export function SystemEditView(props: {
  page: SystemPage;
  content: string;
  note: string;
  errors?: FieldErrors | undefined;
  csrfToken: string;
}) {
  const values = { content: props.content, note: props.note };
  return (
    <article>
      <h1>Change {props.page.data.name}</h1>
      <p>
        The page is kept as YAML: every claim has its words (<code>text</code>), its <code>source</code> (title and
        address) and the day you checked it there (<code>verified</code>, YYYY-MM-DD). Leave <code>verified</code> out
        when you could not check a claim: the page then says “not verified”.
      </p>
      <p>A change that removes a source waits for the maintaining group’s review; other changes show at once.</p>
      <form method="post" action={`${systemUrl(props.page.slug)}/edit`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="revision" value={String(props.page.revision)} />
        <ErrorSummary errors={props.errors} />
        <TextArea
          name="content"
          label="Page (YAML)"
          required
          rows={30}
          maxLength={SYSTEM_LIMITS.dataChars}
          values={values}
          errors={props.errors}
          class="code"
        />
        <TextField
          name="note"
          label="What you changed and why"
          maxLength={SYSTEM_LIMITS.noteChars}
          values={values}
          errors={props.errors}
        />
        <button type="submit">Save change</button>
      </form>
    </article>
  );
}
