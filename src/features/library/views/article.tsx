import type { Child } from 'hono/jsx';
import type { SafeHtml } from '../../../platform/content/markdown';
import { contentsOf } from '../../../platform/content/headings';
import { Html } from '../../../platform/content/SafeHtml';
import { CsrfField, DateText } from '../../../platform/ui/components';
import { headingLinks, OnThisPage } from '../../../platform/ui/reading';
import type { Vocabulary } from '../../../platform/vocabulary/vocabulary';
import type { ArticleListItem, AttachmentRow } from '../library.repository';
import { type Article, describeContext, LICENCES, type LicenceId, type Topic } from '../library.models';
import { attachmentUrl } from '../attachments';
import { AlsoKnownAs, articleHref, AudienceBadge, TypeBadge } from './parts';

export interface ArticleActions {
  canEdit: boolean;
  canProtect: boolean;
}

export function ArticlePage({
  article,
  parts,
  actions,
  csrfToken,
  notice,
  extraActions = [],
  contextNotice = null,
}: {
  article: Article;
  /** What every reader sees alike: the heading (with other features' notices) and the text with its facts. */
  parts: { heading: Child; reading: Child };
  actions: ArticleActions;
  csrfToken: string;
  notice?: string | undefined;
  /** From other features (see library.extensions.ts). */
  extraActions?: Child[];
  /** "Written for … libraries": when the article's context does not include the reader's (see library.context.ts). */
  contextNotice?: Child;
}) {
  return (
    <article class="article" aria-labelledby="article-title">
      {contextNotice}
      {notice ? (
        <div class="notice notice-success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <header class="article-header">
        {parts.heading}
        <ul class="actions" aria-label="Article actions">
          {actions.canEdit ? (
            <li>
              <a class="button" href={`/articles/${article.slug}/edit`}>
                Edit this article
              </a>
            </li>
          ) : null}
          {actions.canEdit ? (
            <li>
              <a class="button secondary" href={`/articles/${article.slug}/files`}>
                Manage files
              </a>
            </li>
          ) : null}
          {actions.canProtect ? (
            <li>
              <form method="post" action={`/articles/${article.slug}/protection`} class="inline-form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="protected" value={article.protected ? 'false' : 'true'} />
                <button type="submit" class="secondary">
                  {article.protected ? 'Unprotect this article' : 'Protect this article'}
                </button>
              </form>
            </li>
          ) : null}
          {extraActions}
        </ul>
      </header>
      {parts.reading}
    </article>
  );
}

/** The top of the article page (no actions): the same for every reader. */
export function ArticleHeading({
  article,
  updatedByName,
  extraNotices = [],
}: {
  article: Article;
  updatedByName: string;
  extraNotices?: Child[];
}) {
  return (
    <>
      <p class="meta">
        <TypeBadge type={article.type} /> <AudienceBadge audience={article.audience} />
        {article.protected ? <span class="badge badge-protected">Protected</span> : null}
      </p>
      <h1 id="article-title">{article.title}</h1>
      <p class="lead">{article.summary}</p>
      {article.aka?.length ? <AlsoKnownAs names={article.aka} /> : null}
      <p class="meta byline">
        Last updated <DateText date={article.updatedAt} /> by {updatedByName} · revision {article.revision} ·{' '}
        <a href={`/articles/${article.slug}/history`}>View history</a>
      </p>
      {extraNotices.filter(Boolean).length ? <div class="article-notices">{extraNotices}</div> : null}
    </>
  );
}

/** The text, what it applies to, files, sources, facts and related articles: the same for every reader. */
export function ArticleReading({
  article,
  html,
  topics,
  authors,
  related,
  files,
  vocabulary,
}: {
  article: Article;
  html: SafeHtml;
  topics: Map<string, Topic>;
  authors: Array<{ id: number; displayName: string }>;
  related: ArticleListItem[];
  files: AttachmentRow[];
  /** The hub's vocabulary: "where this applies" in the labels every other page uses. */
  vocabulary: Vocabulary;
}) {
  const licence = LICENCES[article.licence as LicenceId];
  const contextEntries = describeContext(article.context, vocabulary);
  const pdfs = files.filter((f) => f.contentType === 'application/pdf');
  return (
    <div class="reading">
      <OnThisPage links={headingLinks(contentsOf(html))} />
      <div class="reading-body">
        {contextEntries.length ? (
          <aside class="applies" aria-labelledby="applies-title">
            <h2 id="applies-title">Where this applies</h2>
            <dl>
              {contextEntries.map((entry) => (
                <>
                  <dt>{entry.label}</dt>
                  <dd>{entry.values.join(', ')}</dd>
                </>
              ))}
            </dl>
            <p class="hint">
              Practice differs between libraries, consortia and countries: check locally before relying on it.
            </p>
          </aside>
        ) : null}

        <div class="prose">
          <Html html={html} />
        </div>

        {pdfs.length ? (
          <section aria-labelledby="files-title">
            <h2 id="files-title">Files</h2>
            <ul>
              {pdfs.map((f) => (
                <li>
                  <a href={attachmentUrl(f.id, f.filename)}>
                    {f.filename} <span class="muted">(PDF, {Math.max(1, Math.round(f.byteSize / 1024))} KB)</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {article.sources.length ? (
          <section aria-labelledby="sources-title" class="sources">
            <h2 id="sources-title">Sources and further reading</h2>
            <ul>
              {article.sources.map((s) => (
                <li>
                  <a href={s.url} rel="nofollow noopener noreferrer">
                    {s.title}
                  </a>
                  {s.note ? <span class="muted"> — {s.note}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <footer class="article-footer">
          <dl class="facts">
            <dt>Topics</dt>
            <dd>
              <ul class="inline-list">
                {article.topicSlugs.map((s) => (
                  <li>
                    <a href={`/topics/${s}`}>{topics.get(s)?.name ?? s}</a>
                  </li>
                ))}
              </ul>
            </dd>
            {article.tags.length ? (
              <>
                <dt>Tags</dt>
                <dd>
                  <ul class="inline-list tags">
                    {article.tags.map((t) => (
                      <li>
                        <a href={`/search?q=${encodeURIComponent(t)}`}>{t}</a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            <dt>Written by</dt>
            <dd>{authors.map((a) => a.displayName).join(', ')}</dd>
            <dt>Licence</dt>
            <dd>
              {licence ? (
                <a href={licence.url} rel="license">
                  {licence.name}
                </a>
              ) : (
                article.licence
              )}
              : you may share and adapt it with credit.
            </dd>
            <dt>First published</dt>
            <dd>
              <DateText date={article.createdAt} />
            </dd>
          </dl>
        </footer>
      </div>
      <RelatedArticles items={related} />
    </div>
  );
}

/** Beside the text on a wide screen, after it on a phone. */
function RelatedArticles({ items }: { items: ArticleListItem[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="related-title" class="related">
      <h2 id="related-title">Related articles</h2>
      <ul class="related-list">
        {items.map((item) => (
          <li>
            <a href={articleHref(item)}>{item.title}</a>
            <span class="related-summary">{item.summary}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
