import type { Child } from 'hono/jsx';
import { DateText } from '../../../platform/ui/components';
import { DRAFT_KIND_LABELS } from '../../drafts';
import type { Counted, HomeSections } from '../home.sections';
import { SHOWN } from '../home.sections';

/** "3", or "20 or more" when a section's read limit was reached. */
function howMany(list: { total: number; more: boolean }): string {
  return list.more ? `${list.total} or more` : String(list.total);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

function Section(props: { id: string; title: string; count: string; children: Child; all?: Child }) {
  return (
    <section class="home-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p class="home-count">{props.count}</p>
      {props.children}
      {props.all ? <p class="home-all">{props.all}</p> : null}
    </section>
  );
}

function hidden<T>(list: Counted<T>): number {
  return list.total - list.items.length;
}

export function PersonalHomePage({
  name,
  sections,
  isMember,
}: {
  name: string;
  sections: HomeSections;
  isMember: boolean;
}) {
  const { replies, watched, messages, suggestions, reviews, drafts, newcomer } = sections;
  const nothingWaits = [replies, watched, messages, suggestions, reviews, drafts].every((s) => s.total === 0);
  return (
    <div class="personal-home">
      <h1>{newcomer ? `Welcome to ILL Commons, ${name}` : `Welcome back, ${name}`}</h1>
      {newcomer ? (
        <p class="home-intro">
          This page is yours: replies to your posts, mentions of you{isMember ? ', messages' : ''} and your drafts will
          show up here as they come.
        </p>
      ) : null}

      {replies.total > 0 ? (
        <Section
          id="home-replies"
          title="Replies and mentions"
          count={
            `${howMany(replies)} unread ${plural(replies.total, 'reply or mention', 'replies and mentions')} ` +
            '(replies in threads you wrote in, mentions of you, your answers accepted).'
          }
          all={<a href="/notifications">All notifications</a>}
        >
          <ul class="home-list">
            {replies.items.map((n) => (
              <li>
                <a href={n.href}>{n.title}</a>
                {n.excerpt ? <span class="home-excerpt"> {n.excerpt}</span> : null}
                <span class="meta">
                  {' '}
                  · <DateText date={n.createdAt} withTime />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {messages.total > 0 ? (
        <Section
          id="home-messages"
          title="Messages"
          count={`${howMany(messages)} ${plural(messages.total, 'conversation')} with unread messages.`}
          all={<a href="/messages">All messages</a>}
        >
          <ul class="home-list">
            {messages.items.map((m) => (
              <li>
                <a href={m.href}>{m.subject}</a>
                <span class="meta">
                  {' '}
                  {m.people.length ? `with ${m.people.join(', ')} · ` : '· '}
                  <DateText date={m.lastMessageAt} withTime />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {watched.total > 0 ? (
        <Section
          id="home-watched"
          title="Watched threads with news"
          count={
            `${howMany(watched)} ${plural(watched.total, 'thread')} you watch (or whose category or topic you watch) ` +
            `with ${watched.posts} unread ${plural(watched.posts, 'post')}.`
          }
          all={
            <>
              <a href="/notifications">All notifications</a> · <a href="/notifications/watching">What you watch</a>
            </>
          }
        >
          <ul class="home-list">
            {watched.items.map((t) => (
              <li>
                <a href={t.href}>{t.title}</a>
                <span class="meta">
                  {' '}
                  · {t.newPosts} new {plural(t.newPosts, 'post')} · latest <DateText date={t.latestAt} withTime />
                </span>
              </li>
            ))}
          </ul>
          {hidden(watched) > 0 ? (
            <p class="hint">
              And {hidden(watched)} more {plural(hidden(watched), 'thread')}.
            </p>
          ) : null}
        </Section>
      ) : null}

      {suggestions.total > 0 ? (
        <Section
          id="home-suggestions"
          title="Suggestions awaiting your review"
          count={
            `${howMany(suggestions)} suggested ${plural(suggestions.total, 'edit')} on pages your groups maintain, ` +
            "waiting for a steward's decision."
          }
          all={<a href="/suggestions">All suggested edits</a>}
        >
          <ul class="home-list">
            {suggestions.items.map((s) => (
              <li>
                <a href={s.href}>{s.articleTitle}</a>
                <span class="meta">
                  {' '}
                  · suggested by {s.proposerName} for {s.groupName} · <DateText date={s.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {reviews.total > 0 ? (
        <Section
          id="home-reviews"
          title="Pages due for review"
          count={
            `${howMany(reviews)} ${plural(reviews.total, 'page')} your groups maintain ` +
            `${reviews.total === 1 ? 'is' : 'are'} overdue or due within 30 days.`
          }
          all={reviews.queues.map((q, i) => (
            <>
              {i > 0 ? ' · ' : null}
              <a href={`/groups/${encodeURIComponent(q.slug)}/reviews`}>Review queue: {q.name}</a>
            </>
          ))}
        >
          <ul class="home-list">
            {reviews.items.map((r) => (
              <li>
                <a href={r.href}>{r.articleTitle}</a>
                <span class="meta">
                  {' '}
                  · <strong>{r.state}</strong> (<DateText date={r.nextReviewDue} />) · {r.groupName}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {drafts.total > 0 ? (
        <Section
          id="home-drafts"
          title="Your drafts"
          count={
            `${drafts.total} ${plural(drafts.total, 'draft')}, kept privately until you submit or discard ` +
            `${drafts.total === 1 ? 'it' : 'them'}.`
          }
        >
          <DraftList items={drafts.items.slice(0, SHOWN)} />
          {drafts.total > SHOWN ? (
            <details class="home-more">
              <summary>
                The other {drafts.total - SHOWN} {plural(drafts.total - SHOWN, 'draft')}
              </summary>
              <DraftList items={drafts.items.slice(SHOWN)} />
            </details>
          ) : null}
        </Section>
      ) : null}

      {nothingWaits ? (
        <p class="home-clear">
          {newcomer
            ? 'Nothing here yet. A good place to start is a topic you work with, or a question in the forum.'
            : `You’re all caught up: no new replies or mentions${isMember ? ' and no unread messages' : ''}.`}
        </p>
      ) : null}

      <p class="home-ways">
        Find your way: <a href="/topics">Topics</a> · <a href="/articles">Recently updated articles</a> ·{' '}
        <a href="/forum">Forum</a> · <a href="/forum/unanswered">Unanswered questions</a> ·{' '}
        <a href="/glossary">Glossary</a>
      </p>
    </div>
  );
}

function DraftList({ items }: { items: HomeSections['drafts']['items'] }) {
  return (
    <ul class="home-list">
      {items.map((d) => (
        <li>
          <a href={d.href}>{d.title || 'Untitled'}</a>
          <span class="meta">
            {' '}
            · {(DRAFT_KIND_LABELS as Record<string, string>)[d.kind] ?? d.kind} · saved{' '}
            <DateText date={d.updatedAt} withTime />
          </span>
        </li>
      ))}
    </ul>
  );
}
