import type { SearchKind } from '../../../platform/search/kinds';
import type { SearchHit, SearchResult } from '../../../platform/search/search';
import { DateText, Pagination } from '../../../platform/ui/components';
import { FORUM_POST_LABEL, FORUM_POST_TYPE } from '../../community';
import { ARTICLE_TYPE_LABELS, ARTICLE_TYPES, AUDIENCE_LABELS, AUDIENCES, type Topic } from '../../library';

/** Every kind of result the filter offers: the library's article types, then forum posts. */
const KIND_LABELS: Record<string, string> = { ...ARTICLE_TYPE_LABELS, [FORUM_POST_TYPE]: FORUM_POST_LABEL };

export interface SearchFilters {
  q: string;
  topic: string;
  type: string;
  audience: string;
  /** One kind of thing (a facet), or '' for all. */
  kind: string;
  /** '1': search the words as typed, without spelling correction ("search anyway"). */
  exact: string;
  /** 'me': only what applies to the signed-in reader's library ("Show what applies to me"), else ''. */
  fits: string;
}

const NO_FILTERS = { topic: '', type: '', audience: '', kind: '', exact: '', fits: '' } as const;

/** The topics nearest a query that found little: those sharing a word (or its start) with it, at most three. */
export function closestTopics(topics: Topic[], q: string): Topic[] {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3)
    .map((w) => w.slice(0, 5));
  if (words.length === 0) return [];
  const scored = topics.map((t) => {
    const text = ` ${`${t.name} ${t.description ?? ''}`.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')}`;
    return { t, score: words.filter((w) => text.includes(` ${w}`)).length };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.t.name.localeCompare(b.t.name))
    .slice(0, 3)
    .map((s) => s.t);
}

/** The new-thread form, its title filled in with what the person searched for (through sign-in when needed). */
export function askHref(q: string, signedIn: boolean): string {
  const form = `/forum/new?${new URLSearchParams({ title: q })}`;
  return signedIn ? form : `/sign-in?${new URLSearchParams({ next: form })}`;
}

function href(filters: SearchFilters, page: number, overrides: Partial<SearchFilters> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...overrides })) if (v) params.set(k, v);
  if (page > 1) params.set('page', String(page));
  return `/search?${params}`;
}

function Hit({ hit, topics, kinds }: { hit: SearchHit; topics: Map<string, Topic>; kinds: Map<string, string> }) {
  const typeLabel = KIND_LABELS[hit.docType] ?? kinds.get(hit.kind) ?? hit.docType;
  return (
    <li class="search-hit">
      <h2 class="search-hit-title">
        <a href={hit.url}>{hit.title}</a>
      </h2>
      <p class="meta">
        <span class="badge">{typeLabel}</span>
        {hit.audience && AUDIENCE_LABELS[hit.audience as keyof typeof AUDIENCE_LABELS] ? (
          <span class="badge badge-audience">{AUDIENCE_LABELS[hit.audience as keyof typeof AUDIENCE_LABELS]}</span>
        ) : null}{' '}
        {hit.topics.length ? <>in {hit.topics.map((t) => topics.get(t)?.name ?? t).join(', ')} · </> : null}
        updated <DateText date={hit.updatedAt} />
      </p>
      <p class="search-hit-summary">{hit.summary}</p>
      {hit.snippet.length ? (
        <p class="snippet">{hit.snippet.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</p>
      ) : null}
    </li>
  );
}

export function SearchPage({
  filters,
  result,
  topics,
  kinds,
  closest,
  signedIn,
  fitsYours = '',
}: {
  filters: SearchFilters;
  result: SearchResult | undefined;
  topics: Topic[];
  kinds: SearchKind[];
  /** Whether the reader is signed in (asking the community needs an account). */
  signedIn: boolean;
  /** Topics near a query that found little. */
  closest: Topic[];
  /** The reader's library in words, from their profile: offers "Show what applies to me" ('' for none). */
  fitsYours?: string;
}) {
  const topicMap = new Map(topics.map((t) => [t.slug, t]));
  const kindLabels = new Map(kinds.map((k) => [k.kind, k.label]));
  const hasFilters = Boolean(filters.topic || filters.type || filters.audience || filters.kind);
  const bestBet = result?.page === 1 ? result.bestBet : undefined;
  const hits = bestBet ? (result?.hits ?? []).filter((h) => h.url !== bestBet.url) : (result?.hits ?? []);
  return (
    <>
      <h1>{filters.q ? `Search results for “${result?.query ?? filters.q}”` : 'Search the hub'}</h1>
      <form method="get" action="/search" role="search" class="search-form" aria-label="Search with filters">
        <div class="field search-main">
          <label for="search-q">Search for</label>
          <input id="search-q" type="search" name="q" value={filters.q} maxlength={200} autocomplete="off" />
        </div>
        {filters.kind ? <input type="hidden" name="kind" value={filters.kind} /> : null}
        <div class="filter-bar">
          <div class="field">
            <label for="search-topic">Topic</label>
            <select id="search-topic" name="topic">
              <option value="">Any topic</option>
              {topics.map((t) => (
                <option value={t.slug} selected={t.slug === filters.topic}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="search-type">Kind</label>
            <select id="search-type" name="type">
              <option value="">Any kind</option>
              {[...ARTICLE_TYPES, FORUM_POST_TYPE].map((t) => (
                <option value={t} selected={t === filters.type}>
                  {KIND_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="search-audience">Audience</label>
            <select id="search-audience" name="audience">
              <option value="">Anyone</option>
              {AUDIENCES.map((a) => (
                <option value={a} selected={a === filters.audience}>
                  {AUDIENCE_LABELS[a]}
                </option>
              ))}
            </select>
          </div>
          {fitsYours ? (
            <div class="checkbox field">
              <input id="search-fits" type="checkbox" name="fits" value="me" checked={filters.fits === 'me'} />
              <label for="search-fits">
                Show what applies to me <span class="muted">({fitsYours}, from your profile)</span>
              </label>
            </div>
          ) : null}
          <button type="submit">Search</button>
        </div>
      </form>

      {result ? <Facets filters={filters} result={result} kinds={kinds} /> : null}

      {result ? <Summary filters={filters} result={result} hasFilters={hasFilters} /> : <Tips />}

      {bestBet ? <BestBet hit={bestBet} label={kindLabels.get(bestBet.kind) ?? bestBet.kind} /> : null}

      {hits.length ? (
        <>
          <ol class="search-results">
            {hits.map((hit) => (
              <Hit hit={hit} topics={topicMap} kinds={kindLabels} />
            ))}
          </ol>
          <Pagination
            page={result?.page ?? 1}
            pageCount={result?.pageCount ?? 1}
            hrefFor={(p) => href({ ...filters, q: result?.query ?? filters.q }, p)}
            label="Search result pages"
          />
        </>
      ) : null}

      {result && filters.q && !result.onlyStopWords && result.total < 3 ? (
        <AskTheCommunity q={result.correctedFrom ?? filters.q} closest={closest} signedIn={signedIn} />
      ) : null}
    </>
  );
}

/** Counts per kind for the same words: links that keep the query and the other filters. */
function Facets({ filters, result, kinds }: { filters: SearchFilters; result: SearchResult; kinds: SearchKind[] }) {
  const facets = (result.facets ?? []).filter((f) => f.count > 0);
  if (facets.length === 0 && !filters.kind) return null;
  const order = new Map(kinds.map((k) => [k.kind, k.order]));
  const plurals = new Map(kinds.map((k) => [k.kind, k.plural]));
  const sorted = [...facets].sort((a, b) => (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99));
  const all = facets.reduce((n, f) => n + f.count, 0);
  const q = result.correctedFrom ? result.query : filters.q;
  return (
    <nav class="search-facets" aria-label="Kinds of result">
      <ul>
        <li>
          <a href={href({ ...filters, q }, 1, { kind: '' })} aria-current={filters.kind ? undefined : 'page'}>
            Everything <span class="facet-count">({all.toLocaleString('en')})</span>
          </a>
        </li>
        {sorted.map((f) => (
          <li>
            <a
              href={href({ ...filters, q }, 1, { kind: f.kind })}
              aria-current={f.kind === filters.kind ? 'page' : undefined}
            >
              {plurals.get(f.kind) ?? f.label} <span class="facet-count">({f.count.toLocaleString('en')})</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An exact title, "also known as" or acronym match, shown first as a card. */
function BestBet({ hit, label }: { hit: SearchHit; label: string }) {
  return (
    <section class="best-bet" aria-labelledby="best-bet-title">
      <p class="best-bet-label">Best match</p>
      <h2 id="best-bet-title" class="search-hit-title">
        <a href={hit.url}>{hit.title}</a>
      </h2>
      <p class="meta">
        <span class="badge">{KIND_LABELS[hit.docType] ?? label}</span>
      </p>
      {hit.summary ? <p class="search-hit-summary">{hit.summary}</p> : null}
      {hit.snippet.length ? (
        <p class="snippet">{hit.snippet.map((s) => (s.hit ? <mark>{s.text}</mark> : s.text))}</p>
      ) : null}
    </section>
  );
}

/** Nothing or little found: ask the people who know, or look in the nearest topics. */
function AskTheCommunity({ q, closest, signedIn }: { q: string; closest: Topic[]; signedIn: boolean }) {
  return (
    <section class="ask-community" aria-labelledby="ask-community-title">
      <h2 id="ask-community-title">Not what you were looking for?</h2>
      <p>
        <a class="button" href={askHref(q, signedIn)}>
          Ask the community
        </a>{' '}
        — start a forum thread titled “{q}”{signedIn ? '' : ' (after signing in)'}; people who have handled it will
        answer.
      </p>
      {closest.length ? (
        <>
          <p>Or look in the closest topics:</p>
          <ul>
            {closest.map((t) => (
              <li>
                <a href={`/topics/${encodeURIComponent(t.slug)}`}>{t.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          Or <a href="/topics">browse the topics</a> and the <a href="/glossary">glossary</a>.
        </p>
      )}
    </section>
  );
}

function Summary({
  filters,
  result,
  hasFilters,
}: {
  filters: SearchFilters;
  result: SearchResult;
  hasFilters: boolean;
}) {
  return (
    <div role="status" class="search-summary">
      {result.correctedFrom ? (
        <p class="notice notice-info">
          Showing results for <strong>“{result.query}”</strong> instead of “{result.correctedFrom}”.{' '}
          <a href={href(filters, 1, { q: result.correctedFrom, exact: '1' })}>
            Search for “{result.correctedFrom}” anyway
          </a>
        </p>
      ) : null}
      {result.suggestion ? (
        <p>
          Did you mean <a href={href(filters, 1, { q: result.suggestion, exact: '' })}>{result.suggestion}</a>?
        </p>
      ) : null}
      {result.onlyStopWords ? (
        <div class="empty-state">
          <p>
            “{filters.q}” is made only of very common words, which the search leaves out. Add a more specific word, for
            example “loan period” rather than “the”.
          </p>
        </div>
      ) : result.total === 0 ? (
        <NoResults filters={filters} hasFilters={hasFilters} />
      ) : (
        <p>
          {result.totalCapped ? `More than ${result.total.toLocaleString('en')}` : result.total.toLocaleString('en')}{' '}
          {result.total === 1 ? 'result' : 'results'}
          {result.totalCapped ? ' — the best matches are first; add words or filters to narrow them down.' : '.'}
          {result.relaxed ? ' No page has every word you typed, so these match some of them.' : ''}
          {result.mixed
            ? ` ${result.total === 1 ? 'That page holds' : 'These hold'} every word you typed; pages holding most of them are listed among them.`
            : ''}
        </p>
      )}
    </div>
  );
}

function NoResults({ filters, hasFilters }: { filters: SearchFilters; hasFilters: boolean }) {
  return (
    <div class="empty-state">
      <p>
        <strong>Nothing matched{filters.q ? ` “${filters.q}”` : ''}.</strong>
      </p>
      <ul>
        {hasFilters ? (
          <li>
            <a href={href({ ...NO_FILTERS, q: filters.q }, 1)}>Search again without the filters</a>
          </li>
        ) : null}
        <li>Check the spelling, or try a shorter or more general word (“voucher” rather than “vouchers from IFLA”).</li>
        <li>
          Look the term up in the <a href="/glossary">glossary</a> or <a href="/topics">browse the topics</a>.
        </li>
        <li>
          Know the answer? <a href="/articles/new">Write an article</a> so the next person finds it.
        </li>
      </ul>
    </div>
  );
}

function Tips() {
  return (
    <div class="search-tips">
      <h2>Search tips</h2>
      <ul>
        <li>
          Put a phrase in quotes: <code>"rule of five"</code>.
        </li>
        <li>
          Leave a word out with a minus sign: <code>copyright -international</code>.
        </li>
        <li>
          Use <code>or</code> for either word: <code>voucher or invoice</code>.
        </li>
        <li>
          Use the filters to choose a topic, kind of article or audience; a search with no words lists everything that
          matches the filters.
        </li>
      </ul>
    </div>
  );
}
