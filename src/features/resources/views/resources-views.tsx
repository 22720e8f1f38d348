import type { Child } from 'hono/jsx';
import { DateText, Pagination } from '../../../platform/ui/components';
import { archiveDate } from '../archive';
import { isDead, isWorking, LINK_STATUS_LABELS, type LinkStatus } from '../link-checker';
import type { ResourceFilters } from '../resources.listing';
import {
  countryUrl,
  type Lender,
  type LenderCountry,
  LETTER_LANGUAGES,
  type Letters,
  NOT_VERIFIED,
  PAYMENTS,
  REQUEST_METHODS,
  RESOURCE_COSTS,
  RESOURCE_FORMATS,
  type Resource,
  resourceUrl,
} from '../resources.models';
import type { BrokenLink, LinkCheckRow } from '../resources.repository';

type Option = { value: string; label: string };
export interface Labels {
  topic(slug: string): string;
  language(slug: string): string;
  country(slug: string): string;
  audience(slug: string): string;
}

function Choose(props: {
  name: keyof ResourceFilters;
  label: string;
  blank: string;
  options: Option[];
  filters: ResourceFilters;
}) {
  const id = `filter-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.blank}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.filters[props.name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const entries = <K extends string>(record: Record<K, string>): Option[] =>
  Object.entries(record).map(([value, label]) => ({ value, label: label as string }));

export function ResourcesPage(props: {
  resources: Resource[];
  total: number;
  filters: ResourceFilters;
  options: { topics: Option[]; languages: Option[]; audiences: Option[] };
  labels: Labels;
}) {
  const { filters } = props;
  return (
    <>
      <h1>Outside resources</h1>
      <p class="lead">
        Good material that lives elsewhere: guidelines, codes, copyright guidance, services and communities for ILL
        staff. Each entry says who keeps it, what it costs and when we last checked it; links are checked on a schedule.
      </p>
      <ul class="actions">
        <li>
          <a href="/resources/lenders">Lender directory by country</a>
        </li>
      </ul>
      <form class="filter-bar" method="get" action="/resources" aria-label="Filter resources">
        <div class="field">
          <label for="filter-q">Words</label>
          <input id="filter-q" type="search" name="q" value={filters.q} maxlength={200} />
        </div>
        <Choose name="topic" label="Topic" blank="Any topic" options={props.options.topics} filters={filters} />
        <Choose name="format" label="Format" blank="Any format" options={entries(RESOURCE_FORMATS)} filters={filters} />
        <Choose name="audience" label="For" blank="Anyone" options={props.options.audiences} filters={filters} />
        <Choose name="cost" label="Cost" blank="Free or fee" options={entries(RESOURCE_COSTS)} filters={filters} />
        <Choose
          name="language"
          label="Language"
          blank="Any language"
          options={props.options.languages}
          filters={filters}
        />
        <button type="submit">Show resources</button>
      </form>
      <p class="meta" aria-live="polite">
        {props.resources.length === props.total
          ? `${props.total} resources.`
          : `${props.resources.length} of ${props.total} resources match.`}{' '}
        {props.resources.length !== props.total ? <a href="/resources">Clear the filters</a> : null}
      </p>
      {props.resources.length === 0 ? (
        <p class="empty">No resources match these filters.</p>
      ) : (
        <ul class="article-list">
          {props.resources.map((r) => (
            <li>
              <h2 class="article-list-title">
                <a href={resourceUrl(r.slug)}>{r.title}</a>
              </h2>
              <p class="meta">
                <span class="badge">{RESOURCE_FORMATS[r.format]}</span> {r.publisher} · {RESOURCE_COSTS[r.cost]} ·{' '}
                {r.languages.map(props.labels.language).join(', ')}
              </p>
              <p class="article-list-summary">{r.description.split('\n')[0]}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function LinkState({ check }: { check: LinkCheckRow | undefined }) {
  if (!check) return <p class="meta">Not checked yet by the hub’s link checker.</p>;
  const status = check.status as LinkStatus;
  return (
    <div class={isWorking(status) ? 'link-state' : 'notice notice-warning link-state'}>
      <p>
        Link check: <strong>{LINK_STATUS_LABELS[status] ?? status}</strong>
        {check.httpStatus ? ` (HTTP ${check.httpStatus})` : ''}, <DateText date={check.checkedAt} />.
        {status === 'redirected' ? (
          <>
            {' '}
            It now lives at <a href={check.finalUrl}>{check.finalUrl}</a>.
          </>
        ) : null}
      </p>
      {!isWorking(status) && check.archivedUrl ? (
        <p>
          <a href={check.archivedUrl}>Read an archived copy</a>
          {check.archivedAt ? ` (captured ${archiveDate(check.archivedAt)})` : ''} in the Internet Archive.
        </p>
      ) : null}
      {isDead(status) && !check.archivedUrl ? <p>No archived copy was found.</p> : null}
    </div>
  );
}

export function ResourcePage(props: {
  resource: Resource;
  check: LinkCheckRow | undefined;
  labels: Labels;
  upkeep?: Child;
}) {
  const r = props.resource;
  const dead = props.check ? isDead(props.check.status as LinkStatus) : false;
  return (
    <>
      <h1>{r.title}</h1>
      <p class="lead">{r.publisher}</p>
      {r.description.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
      <p>
        <a class={dead ? '' : 'button'} href={r.url}>
          {dead ? 'The original address (not working)' : 'Go to the resource'}
          <span class="visually-hidden"> (on another site)</span>
        </a>
      </p>
      <LinkState check={props.check} />
      <h2>About this resource</h2>
      <dl class="facts">
        <dt>Publisher or maintainer</dt>
        <dd>{r.publisher}</dd>
        <dt>Address</dt>
        <dd class="break-anywhere">{r.url}</dd>
        <dt>Format</dt>
        <dd>{RESOURCE_FORMATS[r.format]}</dd>
        <dt>For</dt>
        <dd>{r.audience.map(props.labels.audience).join(', ')}</dd>
        <dt>Licence</dt>
        <dd>{r.licence}</dd>
        <dt>Cost</dt>
        <dd>{RESOURCE_COSTS[r.cost]}</dd>
        <dt>Language</dt>
        <dd>{r.languages.map(props.labels.language).join(', ')}</dd>
        <dt>Topics</dt>
        <dd>
          {r.topics.map((t, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`/resources?topic=${encodeURIComponent(t)}`}>{props.labels.topic(t)}</a>
            </>
          ))}
        </dd>
        {r.regions.length > 0 ? (
          <>
            <dt>Applies to</dt>
            <dd>{r.regions.map(props.labels.country).join(', ')}</dd>
          </>
        ) : null}
        <dt>Entry last checked by an editor</dt>
        <dd>
          <time datetime={r.last_checked}>{r.last_checked}</time>
        </dd>
      </dl>
      <p class="meta">The description is ours (CC BY 4.0); the resource belongs to its publisher.</p>
      {props.upkeep}
    </>
  );
}

const verified = (text: string) => (text === NOT_VERIFIED ? <em>not verified</em> : text);

function LenderBlock({ lender, labels }: { lender: Lender; labels: Labels }) {
  return (
    <section class="lender" aria-labelledby={`lender-${slugOf(lender.name)}`}>
      <h3 id={`lender-${slugOf(lender.name)}`}>
        {lender.name}{' '}
        <span class="badge">{lender.role === 'national' ? 'National document supply' : 'Major lender'}</span>
      </h3>
      {lender.notes ? <p>{lender.notes}</p> : null}
      <dl class="facts">
        <dt>Website</dt>
        <dd>
          <a href={lender.url} class="break-anywhere">
            {lender.url}
          </a>
        </dd>
        <dt>Request methods</dt>
        <dd>
          {lender.request_methods.length
            ? lender.request_methods.map((m) => REQUEST_METHODS[m]).join(', ')
            : verified(NOT_VERIFIED)}
        </dd>
        <dt>Payment accepted</dt>
        <dd>{lender.payment.length ? lender.payment.map((p) => PAYMENTS[p]).join(', ') : verified(NOT_VERIFIED)}</dd>
        <dt>Languages</dt>
        <dd>{lender.languages.length ? lender.languages.map(labels.language).join(', ') : verified(NOT_VERIFIED)}</dd>
        <dt>Typical loan period</dt>
        <dd>{verified(lender.loan_period)}</dd>
        <dt>Turnaround</dt>
        <dd>{verified(lender.turnaround)}</dd>
        <dt>Customs and shipping</dt>
        <dd>{verified(lender.customs)}</dd>
        <dt>Last verified</dt>
        <dd>
          <time datetime={lender.last_verified}>{lender.last_verified}</time>
        </dd>
        <dt>Sources</dt>
        <dd>
          <ul class="plain">
            {lender.sources.map((s) => (
              <li>
                <a href={s} class="break-anywhere">
                  {s}
                </a>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function LendersIndexPage(props: { countries: LenderCountry[]; labels: Labels }) {
  const sorted = [...props.countries].sort((a, b) =>
    props.labels.country(a.country).localeCompare(props.labels.country(b.country), 'en'),
  );
  return (
    <>
      <h1>Lender directory by country</h1>
      <p class="lead">
        Where to send an international request: each country’s national document supply centre and major lenders, how
        they take requests and payment, with sources and the date each record was last verified. Details we could not
        check say “not verified”: confirm with the lender before you rely on them.
      </p>
      <div class="table-wrap" role="region" aria-label="Countries in the lender directory" tabindex={0}>
        <table class="data-table">
          <caption class="visually-hidden">Countries in the lender directory</caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">National document supply</th>
              <th scope="col">Lenders listed</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr>
                <th scope="row">
                  <a href={countryUrl(c.country)}>{props.labels.country(c.country)}</a>
                </th>
                <td>{c.lenders.find((l) => l.role === 'national')?.name ?? 'none listed'}</td>
                <td>{c.lenders.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href="#letters">Request letter templates</a> are on every country page, in English, Spanish, French and
        German.
      </p>
    </>
  );
}

export function LetterTemplates({ letters, prefer }: { letters: Letters; prefer: string[] }) {
  const order = (Object.keys(LETTER_LANGUAGES) as Array<keyof typeof LETTER_LANGUAGES>).sort(
    (a, b) => Number(prefer.includes(b)) - Number(prefer.includes(a)),
  );
  return (
    <section aria-labelledby="letters">
      <h2 id="letters">Request letter templates</h2>
      <p>
        For lenders you reach by email. Replace the words in square brackets; keep the copyright declaration your law
        asks for. {prefer.length ? 'The lender’s languages come first.' : ''}
      </p>
      {order.map((lang) => (
        <details>
          <summary>{LETTER_LANGUAGES[lang]}: loan and copy request</summary>
          <h3 lang={LANG_CODES[lang]}>{LETTER_LANGUAGES[lang]}: loan</h3>
          <pre class="letter" lang={LANG_CODES[lang]}>
            {letters.loan[lang]}
          </pre>
          <h3 lang={LANG_CODES[lang]}>{LETTER_LANGUAGES[lang]}: copy</h3>
          <pre class="letter" lang={LANG_CODES[lang]}>
            {letters.copy[lang]}
          </pre>
        </details>
      ))}
    </section>
  );
}

const LANG_CODES = { english: 'en', spanish: 'es', french: 'fr', german: 'de' } as const;

export function CountryPage(props: { country: LenderCountry; letters: Letters; labels: Labels; upkeep?: Child }) {
  const c = props.country;
  const name = props.labels.country(c.country);
  const languages = [...new Set(c.lenders.flatMap((l) => l.languages))];
  return (
    <>
      <h1>Lending to and from {name}</h1>
      <p class="lead">{c.summary}</p>
      <p class="meta">
        Community-maintained: every record names its sources and when it was last verified. Policies and fees change:
        check the lender’s own pages before sending.
      </p>
      <h2>Lenders</h2>
      {c.lenders.map((l) => (
        <LenderBlock lender={l} labels={props.labels} />
      ))}
      {props.upkeep}
      <LetterTemplates letters={props.letters} prefer={languages} />
      <p>
        <a href="/resources/lenders">All countries</a>
      </p>
    </>
  );
}

export function BrokenLinksPage(props: {
  links: BrokenLink[];
  total: number;
  page: number;
  pageSize: number;
  group: { slug: string; name: string } | undefined;
}) {
  const back = props.group ? `/groups/${props.group.slug}/health` : '/health';
  return (
    <>
      <h1>Broken links{props.group ? `: ${props.group.name}` : ''}</h1>
      <p>
        {props.total.toLocaleString('en')} in all, in {props.group ? 'what the group maintains' : 'the whole hub'}:
        outside resources and links inside articles that the link checker found dead, or failing on several checks in a
        row. <a href={back}>Back to content health</a>
      </p>
      {props.links.length === 0 ? (
        <p class="empty">No broken links. Well kept.</p>
      ) : (
        <ul class="article-list">
          {props.links.map((l) => (
            <li>
              <p class="break-anywhere">
                <strong>{l.url}</strong>
              </p>
              <p class="meta">
                {LINK_STATUS_LABELS[l.status] ?? l.status}
                {l.httpStatus ? ` (HTTP ${l.httpStatus})` : ''}
                {l.detail ? ` — ${l.detail}` : ''}. Checked <DateText date={l.checkedAt} />
                {l.failingSince ? (
                  <>
                    ; failing since <DateText date={l.failingSince} />
                  </>
                ) : null}
                .
              </p>
              {l.redirects.length > 0 ? (
                <p class="meta break-anywhere">
                  Redirects: {l.redirects.map((h) => `${h.status} ${h.url}`).join(' → ')} → {l.finalUrl}
                </p>
              ) : null}
              <p class="meta">
                Appears in:{' '}
                {l.sources.map((s, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={s.href}>{s.title}</a>
                  </>
                ))}
              </p>
              {l.archivedUrl ? (
                <p class="meta">
                  <a href={l.archivedUrl}>Archived copy</a> (a replacement link for the page)
                </p>
              ) : (
                <p class="meta">No archived copy found.</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={props.page}
        pageCount={Math.max(1, Math.ceil(props.total / props.pageSize))}
        hrefFor={(p: number) => {
          const q = new URLSearchParams();
          if (props.group) q.set('group', props.group.slug);
          if (p > 1) q.set('page', String(p));
          const s = q.toString();
          return `/resources/links${s ? `?${s}` : ''}`;
        }}
      />
    </>
  );
}
