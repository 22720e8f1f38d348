import { DateText } from '../../../platform/ui/components';
import type { ArticleListItem } from '../library.repository';
import { ARTICLE_TYPE_LABELS, AUDIENCE_LABELS, type Audience, type Topic } from '../library.models';

export function articleHref(item: { slug: string }) {
  return `/articles/${item.slug}`;
}

export function TypeBadge({ type }: { type: keyof typeof ARTICLE_TYPE_LABELS }) {
  return <span class={`badge badge-${type}`}>{ARTICLE_TYPE_LABELS[type]}</span>;
}

export function AudienceBadge({ audience }: { audience: string }) {
  const label = AUDIENCE_LABELS[audience as Audience];
  return label ? <span class="badge badge-audience">{label}</span> : null;
}

export function ArticleList({
  items,
  topics,
  headingLevel = 3,
}: {
  items: ArticleListItem[];
  topics?: Map<string, Topic>;
  headingLevel?: 2 | 3;
}) {
  if (items.length === 0) return <p class="empty">No articles yet.</p>;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="article-list">
      {items.map((item) => (
        <li>
          <H class="article-list-title">
            <a href={articleHref(item)}>{item.title}</a>
          </H>
          <p class="article-list-summary">{item.summary}</p>
          <p class="meta">
            <TypeBadge type={item.type} /> <AudienceBadge audience={item.audience} />
            {topics && item.topicSlugs.length ? (
              <span class="meta-topics"> in {item.topicSlugs.map((s) => topics.get(s)?.name ?? s).join(', ')} ·</span>
            ) : null}{' '}
            updated <DateText date={item.updatedAt} />
          </p>
        </li>
      ))}
    </ul>
  );
}

/** "Also known as: …": the other names a term goes by (search finds the page by them too). */
export function AlsoKnownAs({ names }: { names: string[] }) {
  return (
    <p class="also-known-as">
      <span class="also-known-as-label">Also known as:</span> {names.join(', ')}
    </p>
  );
}
