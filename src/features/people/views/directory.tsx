import { Pagination } from '../../../platform/ui/components';
import type { DirectoryFilters, DirectoryPage } from '../people.directory';
import type { Vocabulary } from '../../../platform/vocabulary/vocabulary';
import { CONTACT_PREFERENCE_LABELS, WORKING_HOURS } from '../people.models';
import { groupedTimeZones } from '../people.time';
import { Avatar, LocalTime, PeopleNav, TimeZoneSelect, workplaceLine } from './parts';

export function directoryHref(filters: DirectoryFilters, page = 1): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (typeof v === 'boolean') {
      if (v) params.set(k, '1');
    } else if (v) params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `/people/phone-a-friend${qs ? `?${qs}` : ''}`;
}

function Choice({
  id,
  name,
  label,
  value,
  options,
  any,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  any: string;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DirectoryPageView({
  filters,
  result,
  vocabulary,
  zones,
  viewerId,
  now,
  optedIn,
}: {
  filters: DirectoryFilters;
  result: DirectoryPage;
  vocabulary: Vocabulary;
  zones: string[];
  viewerId: number;
  now: Date;
  optedIn: boolean;
}) {
  /** A typed region or language (not in the list) stays a choice, so the form shows what is filtered. */
  const withTyped = (options: Array<{ value: string; label: string }>, value: string) =>
    value && !options.some((o) => o.value === value) ? [{ value, label: value }, ...options] : options;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PeopleNav current="directory" />
      <h1>Phone a Friend</h1>
      <p class="lead">
        Members who are happy to be asked for help. Find someone who knows your system, your kind of library or your
        question, and send them a private message: their email address stays private.
      </p>
      {optedIn ? null : (
        <p>
          Could you help others? <a href="/account/phone-a-friend">Add yourself to the directory</a>.
        </p>
      )}
      <form method="get" action="/people/phone-a-friend" class="search-form" aria-label="Filter the directory">
        <div class="filter-bar">
          <div class="field">
            <label for="d-q">Name or words</label>
            <input id="d-q" type="search" name="q" value={filters.q} maxlength={100} />
          </div>
          <Choice
            id="d-expertise"
            name="expertise"
            label="Expertise"
            value={filters.expertise}
            any="Any expertise"
            options={vocabulary.expertise.options()}
          />
          <Choice
            id="d-system"
            name="system"
            label="ILL system"
            value={filters.system}
            any="Any system"
            options={vocabulary.systems.options()}
          />
          <Choice
            id="d-type"
            name="libraryType"
            label="Library type"
            value={filters.libraryType}
            any="Any library type"
            options={vocabulary.libraryTypes.options()}
          />
          <Choice
            id="d-region"
            name="region"
            label="Country or region"
            value={filters.region}
            any="Anywhere"
            options={withTyped(vocabulary.regions.options(), filters.region)}
          />
          <Choice
            id="d-language"
            name="language"
            label="Language"
            value={filters.language}
            any="Any language"
            options={withTyped(vocabulary.languages.options(), filters.language)}
          />
          <div class="field">
            <label for="d-tz">Time zone</label>
            <TimeZoneSelect
              id="d-tz"
              name="timeZone"
              value={filters.timeZone}
              zones={groupedTimeZones('', zones)}
              blank="Any time zone"
            />
          </div>
          <div class="checkbox filter-check">
            <input id="d-awake" type="checkbox" name="awake" value="1" checked={filters.awake} />
            <label for="d-awake">
              Awake now (between {WORKING_HOURS.from}:00 and {WORKING_HOURS.to}:00 their time)
            </label>
          </div>
          <button type="submit">Filter</button>
          {filtered ? <a href="/people/phone-a-friend">Clear filters</a> : null}
        </div>
      </form>
      <h2 id="results-heading" aria-live="polite">
        {result.total === 0
          ? 'Nobody matches these filters'
          : `${result.totalCapped ? 'More than ' : ''}${result.total.toLocaleString('en')} ${result.total === 1 ? 'person' : 'people'} ${filtered ? (result.total === 1 ? 'matches' : 'match') : 'listed'}`}
      </h2>
      {result.total === 0 ? (
        <p class="empty-state">Try fewer filters, or ask in the forum: someone there may know.</p>
      ) : (
        <ul class="directory" aria-labelledby="results-heading">
          {result.entries.map((e) => {
            const p = e.profile;
            return (
              <li class="directory-entry">
                <Avatar name={p.displayName} photoUrl={p.photoUrl} />
                <div>
                  <h3>
                    <a href={`/people/${p.username}`}>{p.displayName}</a>
                    {p.pronouns ? <span class="pronouns"> ({p.pronouns})</span> : null}
                    {p.userId === viewerId ? (
                      <>
                        {' '}
                        <span class="badge">You</span>
                      </>
                    ) : null}
                  </h3>
                  <p class="meta">{workplaceLine(p, vocabulary)}</p>
                  {p.timeZone ? (
                    <p class="meta">
                      <LocalTime zone={p.timeZone} now={now} />
                    </p>
                  ) : null}
                  <p>{e.howICanHelp}</p>
                  <dl class="facts compact">
                    {p.expertise ? (
                      <>
                        <dt>Expertise</dt>
                        <dd>{p.expertise.map((x) => vocabulary.expertise.label(x)).join(', ')}</dd>
                      </>
                    ) : null}
                    {p.systems ? (
                      <>
                        <dt>Systems</dt>
                        <dd>{p.systems.map((x) => vocabulary.systems.label(x)).join(', ')}</dd>
                      </>
                    ) : null}
                    {p.languages ? (
                      <>
                        <dt>Languages</dt>
                        <dd>{p.languages.map((x) => vocabulary.languages.label(x)).join(', ')}</dd>
                      </>
                    ) : null}
                    <dt>Prefers</dt>
                    <dd>{CONTACT_PREFERENCE_LABELS[e.preferredContact] ?? e.preferredContact}</dd>
                  </dl>
                  {p.userId === viewerId ? null : (
                    <p>
                      <a class="button small" href={`/messages/new?to=${encodeURIComponent(p.username)}`}>
                        Contact {p.displayName}
                      </a>
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Pagination
        page={result.page}
        pageCount={result.pageCount}
        hrefFor={(n) => directoryHref(filters, n)}
        label="Directory pages"
      />
    </>
  );
}
