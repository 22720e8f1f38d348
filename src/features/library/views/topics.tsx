import type { Child } from 'hono/jsx';
import { Pagination } from '../../../platform/ui/components';
import type { ArticleListItem } from '../library.repository';
import {
  ARTICLE_TYPE_LABELS,
  ARTICLE_TYPES,
  AUDIENCE_LABELS,
  AUDIENCES,
  describeTopicCount,
  type Topic,
  type TopicCount,
} from '../library.models';
import { AlsoKnownAs, ArticleList } from './parts';

export function TopicsPage({ topics, counts }: { topics: Topic[]; counts: Map<string, TopicCount> }) {
  return (
    <>
      <h1>Topics</h1>
      <p class="lead">
        Every article belongs to at least one topic. Pick one to see its guides, workflows and glossary terms.
      </p>
      <ul class="topic-cards">
        {topics.map((t) => (
          <li>
            <h2>
              <a href={`/topics/${t.slug}`}>{t.name}</a>
            </h2>
            <p>{t.description}</p>
            <p class="meta">{describeTopicCount(counts.get(t.slug))}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function TopicPage({
  topic,
  articles,
  glossary,
  topics,
  canCreate,
  extraActions = [],
  fitsToggle = null,
}: {
  topic: Topic;
  articles: ArticleListItem[];
  glossary: ArticleListItem[];
  topics: Map<string, Topic>;
  canCreate: boolean;
  /** Controls other features add (each a Child or null), e.g. the watch control. */
  extraActions?: Child[];
  /** "Show what applies to me", for members whose profile gives a context. */
  fitsToggle?: Child;
}) {
  const forNewcomers = articles.filter((a) => a.audience === 'new');
  const rest = articles.filter((a) => a.audience !== 'new');
  return (
    <>
      <h1>{topic.name}</h1>
      <p class="lead">{topic.description}</p>
      <p>
        <a href={`/search?topic=${topic.slug}`}>Search within {topic.name}</a>
        {canCreate ? (
          <>
            {' · '}
            <a href={`/articles/new?topic=${topic.slug}`}>Write an article about {topic.name}</a>
          </>
        ) : null}
      </p>
      {extraActions.filter(Boolean).length ? <div class="topic-actions">{extraActions}</div> : null}
      {fitsToggle}
      {articles.length === 0 ? <p class="empty">No articles in this topic yet.</p> : null}
      {forNewcomers.length ? (
        <section aria-labelledby="start-here">
          <h2 id="start-here">Start here if you are new</h2>
          <ArticleList items={forNewcomers} topics={topics} />
        </section>
      ) : null}
      {rest.length ? (
        <section aria-labelledby="more">
          <h2 id="more">{forNewcomers.length ? 'For experienced staff and managers' : 'Articles'}</h2>
          <ArticleList items={rest} topics={topics} />
        </section>
      ) : null}
      {glossary.length ? (
        <section aria-labelledby="terms">
          <h2 id="terms">Terms to know</h2>
          <ul class="term-list">
            {glossary.map((g) => (
              <li>
                <a href={`/articles/${g.slug}`}>{g.title}</a> — {g.summary}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function ArticlesPage({
  items,
  total,
  page,
  pageCount,
  filter,
  topics,
  fitsToggle = null,
}: {
  items: ArticleListItem[];
  total: number;
  page: number;
  pageCount: number;
  filter: { topic: string; type: string; audience: string; sort: string; fits?: string };
  topics: Topic[];
  /** "Show what applies to me", for members whose profile gives a context. */
  fitsToggle?: Child;
}) {
  const hrefFor = (p: number) => `/articles?${new URLSearchParams({ ...filter, page: String(p) })}`;
  return (
    <>
      <h1>All articles</h1>
      <form class="filter-bar" method="get" action="/articles" aria-label="Filter articles">
        <div class="field">
          <label for="af-topic">Topic</label>
          <select id="af-topic" name="topic">
            <option value="">Any topic</option>
            {topics.map((t) => (
              <option value={t.slug} selected={t.slug === filter.topic}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="af-type">Kind</label>
          <select id="af-type" name="type">
            <option value="">Any kind</option>
            {ARTICLE_TYPES.map((t) => (
              <option value={t} selected={t === filter.type}>
                {ARTICLE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="af-audience">Audience</label>
          <select id="af-audience" name="audience">
            <option value="">Anyone</option>
            {AUDIENCES.map((a) => (
              <option value={a} selected={a === filter.audience}>
                {AUDIENCE_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="af-sort">Order</label>
          <select id="af-sort" name="sort">
            <option value="updated" selected={filter.sort !== 'title'}>
              Recently updated
            </option>
            <option value="title" selected={filter.sort === 'title'}>
              Title A–Z
            </option>
          </select>
        </div>
        {filter.fits ? <input type="hidden" name="fits" value={filter.fits} /> : null}
        <button type="submit">Show articles</button>
      </form>
      {fitsToggle}
      <p role="status">
        {total} {total === 1 ? 'article' : 'articles'}
      </p>
      <ArticleList items={items} topics={new Map(topics.map((t) => [t.slug, t]))} headingLevel={2} />
      <Pagination page={page} pageCount={pageCount} hrefFor={hrefFor} label="Article list pages" />
    </>
  );
}

export function GlossaryPage({ terms }: { terms: ArticleListItem[] }) {
  const groups = new Map<string, ArticleListItem[]>();
  for (const term of terms) {
    const first = term.title.charAt(0).toUpperCase();
    const key = /[A-Z]/.test(first) ? first : '#';
    groups.set(key, [...(groups.get(key) ?? []), term]);
  }
  const letters = [...groups.keys()];
  return (
    <>
      <h1>Glossary</h1>
      <p class="lead">
        {terms.length} terms an ILL practitioner meets, each with a plain definition. Select a term for examples, common
        confusions and sources.
      </p>
      <nav aria-label="Glossary letters" class="letter-nav">
        <ul>
          {letters.map((l) => (
            <li>
              <a href={`#letter-${l}`}>{l}</a>
            </li>
          ))}
        </ul>
      </nav>
      {letters.map((l) => (
        <section aria-labelledby={`letter-${l}`}>
          <h2 id={`letter-${l}`}>{l}</h2>
          <dl class="glossary">
            {(groups.get(l) ?? []).map((t) => (
              <>
                <dt id={t.slug}>
                  <a href={`/articles/${t.slug}`}>{t.title}</a>
                </dt>
                <dd>
                  {t.summary}
                  {t.aka?.length ? <AlsoKnownAs names={t.aka} /> : null}
                </dd>
              </>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
