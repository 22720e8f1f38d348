import type { ArticleListItem } from '../library.repository';
import { describeTopicCount, type Topic, type TopicCount } from '../library.models';
import { ArticleList } from './parts';

export interface WayIn {
  title: string;
  text: string;
  href: string;
}

/** Task-oriented ways in: what people come to the hub to do. */
export const WAYS_IN: WayIn[] = [
  {
    title: 'Fill a tricky request',
    text: 'Verify a hard citation, find who owns it, and know when to try another route.',
    href: '/articles/hard-citations',
  },
  {
    title: 'Copyright question',
    text: 'Section 108, the CONTU “rule of five”, licences and record keeping.',
    href: '/topics/copyright-licensing',
  },
  {
    title: 'Train new staff',
    text: 'A plan for the first weeks, the basics of borrowing and lending, and the words to know.',
    href: '/topics/training-onboarding',
  },
  {
    title: 'International lending',
    text: 'Payment options, shipping, customs forms and longer loan periods.',
    href: '/topics/international-ill',
  },
  {
    title: 'Find a system',
    text: 'A neutral overview of ILL systems and the standards that connect them.',
    href: '/topics/systems-interoperability',
  },
];

export function HomePage({
  recent,
  topics,
  counts,
}: {
  recent: ArticleListItem[];
  topics: Topic[];
  counts: Map<string, TopicCount>;
}) {
  const byslug = new Map(topics.map((t) => [t.slug, t]));
  return (
    <>
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">Practical knowledge for interlibrary loan and resource sharing</h1>
        <p class="lead">
          Guides, workflows and a glossary written by and for ILL staff — vendor-neutral, openly licensed, and kept
          current by the people who use them.
        </p>
      </section>

      <section aria-labelledby="ways-in">
        <h2 id="ways-in">What do you need to do today?</h2>
        <ul class="ways-in">
          {WAYS_IN.map((w) => (
            <li>
              <a href={w.href} class="way-in">
                <span class="way-in-title">{w.title}</span>
                <span class="way-in-text">{w.text}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>

      <div class="two-col">
        <section aria-labelledby="recent">
          <h2 id="recent">Recently updated</h2>
          <ArticleList items={recent} topics={byslug} />
          <p>
            <a href="/articles">See all articles</a>
          </p>
        </section>
        <section aria-labelledby="all-topics">
          <h2 id="all-topics">Every topic</h2>
          <ul class="topic-list compact">
            {topics.map((t) => (
              <li>
                <a href={`/topics/${t.slug}`}>{t.name}</a>{' '}
                <span class="count">({describeTopicCount(counts.get(t.slug))})</span>
              </li>
            ))}
          </ul>
          <p>
            New to the vocabulary? <a href="/glossary">Look a term up in the glossary</a>.
          </p>
        </section>
      </div>
    </>
  );
}

export function AboutPage() {
  return (
    <div class="prose">
      <h1>About ILL Commons</h1>
      <p class="lead">
        ILL Commons is an open, vendor-neutral hub where interlibrary loan and resource-sharing staff learn, look things
        up and keep their shared knowledge alive.
      </p>
      <p>
        It grew out of a 2020–2021 series of focus groups with ILL practitioners, who asked for a successor to the
        much-missed ShareILL wiki: a place that hosts original content, links to what is kept elsewhere, and can be
        maintained by groups together so it does not go stale.
      </p>
      <h2>Principles</h2>
      <ul>
        <li>Neutral: no ILL system or vendor is favoured. Products are named factually, in alphabetical order.</li>
        <li>Open: articles are shared under CC BY 4.0 unless a page says otherwise.</li>
        <li>Honest: every article shows who wrote it, when it last changed and its full history.</li>
        <li>
          Practical: advice says where it applies (library type, size, region, system) and where to verify it locally.
        </li>
      </ul>
      <h2>Nothing here is legal advice</h2>
      <p>
        Articles about copyright and licensing explain common practice. Laws and licences differ by country and
        institution; check with your institution's copyright officer or counsel.
      </p>
    </div>
  );
}
