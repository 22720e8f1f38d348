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
}

function href(filters: SearchFilters, page: number, overrides: Partial<SearchFilters> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...overrides })) if (v) params.set(k, v);
  if (page > 1) params.set('page', String(page));
  return `/search?${params}`;
}

function Hit({ hit, topics }: { hit: SearchHit; topics: Map<string, Topic> }) {
  const typeLabel = KIND_LABELS[hit.docType] ?? hit.docType;
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
}: {
  filters: SearchFilters;
  result: SearchResult | undefined;
  topics: Topic[];
}) {
  const topicMap = new Map(topics.map((t) => [t.slug, t]));
  const hasFilters = Boolean(filters.topic || filters.type || filters.audience);
  return (
    <>
      <h1>{filters.q ? `Search results for “${result?.query ?? filters.q}”` : 'Search the hub'}</h1>
      <form method="get" action="/search" role="search" class="search-form" aria-label="Search with filters">
        <div class="field search-main">
          <label for="search-q">Search for</label>
          <input id="search-q" type="search" name="q" value={filters.q} maxlength={200} />
        </div>
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
          <button type="submit">Search</button>
        </div>
      </form>

      {result ? <Summary filters={filters} result={result} hasFilters={hasFilters} /> : <Tips />}

      {result?.hits.length ? (
        <>
          <ol class="search-results">
            {result.hits.map((hit) => (
              <Hit hit={hit} topics={topicMap} />
            ))}
          </ol>
          <Pagination
            page={result.page}
            pageCount={result.pageCount}
            hrefFor={(p) => href({ ...filters, q: result.query }, p)}
            label="Search result pages"
          />
        </>
      ) : null}
    </>
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
          Nothing matched “{result.correctedFrom}”, so these are results for <strong>“{result.query}”</strong>.{' '}
          <a href={href(filters, 1, { q: result.correctedFrom })}>Search for “{result.correctedFrom}” anyway</a>
        </p>
      ) : null}
      {result.suggestion ? (
        <p>
          Did you mean <a href={href(filters, 1, { q: result.suggestion })}>{result.suggestion}</a>?
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
            <a href={href({ q: filters.q, topic: '', type: '', audience: '' }, 1)}>Search again without the filters</a>
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
