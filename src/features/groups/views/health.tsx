import type { UnansweredQuestion } from '../../community';
import { DateText, Pagination } from '../../../platform/ui/components';
import { ageInWords } from '../groups.models';
import { HEALTH_LIST_TITLES, type HealthListName, type HealthReport, PAGE_SIZE } from '../health';
import type { HealthItem } from '../health.repository';

function listHref(list: HealthListName, groupSlug: string | undefined, page = 1) {
  const q = new URLSearchParams();
  if (groupSlug) q.set('group', groupSlug);
  if (page > 1) q.set('page', String(page));
  const qs = q.toString();
  return `/health/${list}${qs ? `?${qs}` : ''}`;
}

export function HealthPage({
  report,
  group,
  now,
  extra = [],
}: {
  report: HealthReport;
  group?: { slug: string; name: string } | undefined;
  now: Date;
  /** Other modules' lines (FeatureModule.contentHealth). */
  extra?: Array<{ title: string; about: string; count: number; href: string }>;
}) {
  const rows: Array<[HealthListName, number, string]> = [
    ['overdue', report.overdue, 'Maintained pages past their review date.'],
    [
      'unmaintained',
      report.unmaintained,
      group ? 'Pages in the topics the group looks after that no group maintains.' : 'Pages no group maintains yet.',
    ],
    [
      'suggestions',
      report.pending,
      report.oldestPendingAt
        ? `Waiting for a steward; the oldest for ${ageInWords(now.getTime() - report.oldestPendingAt.getTime())}.`
        : 'Waiting for a steward.',
    ],
    ['stale', report.stale, 'Not edited for a long time: worth a look even when reviewed.'],
    [
      'questions',
      report.unanswered,
      group
        ? 'Forum questions in the group’s topics with no accepted answer.'
        : 'Forum questions with no accepted answer.',
    ],
  ];
  return (
    <>
      <h1>Content health{group ? `: ${group.name}` : ''}</h1>
      <p class="lead">
        {group ? (
          <>
            What needs attention in the pages <a href={`/groups/${group.slug}`}>{group.name}</a> maintains
            {report.topics?.length ? ' and the topics around them' : ''}.
          </>
        ) : (
          'What needs attention across the hub. Each count opens the list.'
        )}
      </p>
      <div class="table-wrap" role="region" aria-label="Content health figures" tabindex={0}>
        <table class="data-table health">
          <caption class="visually-hidden">Content health figures</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Count</th>
              <th scope="col">About</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([list, count, about]) => (
              <tr>
                <th scope="row">{HEALTH_LIST_TITLES[list]}</th>
                <td>
                  <a href={listHref(list, group?.slug)}>
                    {count.toLocaleString('en')}
                    <span class="visually-hidden"> — {HEALTH_LIST_TITLES[list].toLowerCase()}</span>
                  </a>
                </td>
                <td>{about}</td>
              </tr>
            ))}
            {extra.map((x) => (
              <tr>
                <th scope="row">{x.title}</th>
                <td>
                  <a href={x.href}>
                    {x.count.toLocaleString('en')}
                    <span class="visually-hidden"> — {x.title.toLowerCase()}</span>
                  </a>
                </td>
                <td>{x.about}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {group ? (
        <p>
          <a href="/health">Content health of the whole hub</a>
        </p>
      ) : null}
    </>
  );
}

const DATE_LABELS: Record<Exclude<HealthListName, 'questions'>, string> = {
  overdue: 'Review was due',
  unmaintained: 'Last edited',
  suggestions: 'Suggested',
  stale: 'Last edited',
};

export function HealthListPage({
  list,
  items,
  questions,
  total,
  page,
  group,
  now,
}: {
  list: HealthListName;
  items: HealthItem[];
  questions: UnansweredQuestion[];
  total: number;
  page: number;
  group?: { slug: string; name: string } | undefined;
  now: Date;
}) {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>
        {HEALTH_LIST_TITLES[list]}
        {group ? `: ${group.name}` : ''}
      </h1>
      <p>
        {total.toLocaleString('en')} in all.{' '}
        <a href={group ? `/groups/${group.slug}/health` : '/health'}>Back to content health</a>
      </p>
      {list === 'questions' ? (
        questions.length === 0 ? (
          <p class="empty">None.</p>
        ) : (
          <ul>
            {questions.map((q) => (
              <li>
                <a href={q.url}>{q.title}</a>{' '}
                <span class="muted">
                  — asked <DateText date={q.createdAt} /> in {q.categoryName}, {q.replyCount}{' '}
                  {q.replyCount === 1 ? 'reply' : 'replies'}
                </span>
              </li>
            ))}
          </ul>
        )
      ) : items.length === 0 ? (
        <p class="empty">None.</p>
      ) : (
        <div class="table-wrap" role="region" aria-label={HEALTH_LIST_TITLES[list]} tabindex={0}>
          <table class="data-table">
            <caption class="visually-hidden">{HEALTH_LIST_TITLES[list]}</caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">{DATE_LABELS[list]}</th>
                <th scope="col">{list === 'suggestions' ? 'Suggested by' : 'Maintained by'}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <th scope="row">
                    {i.suggestionId ? (
                      <a href={`/suggestions/${i.suggestionId}`}>{i.title}</a>
                    ) : (
                      <a href={`/articles/${i.slug}`}>{i.title}</a>
                    )}
                  </th>
                  <td>
                    <DateText date={i.at} />{' '}
                    <span class="muted">({ageInWords(now.getTime() - i.at.getTime())} ago)</span>
                  </td>
                  <td>
                    {list === 'suggestions' ? (
                      <>
                        {i.proposerName}
                        {i.groupName ? <span class="muted"> for {i.groupName}</span> : null}
                      </>
                    ) : i.groupSlug ? (
                      <a href={`/groups/${i.groupSlug}`}>{i.groupName}</a>
                    ) : (
                      <span class="muted">No group</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageCount={list === 'questions' ? 1 : pageCount}
        hrefFor={(p) => listHref(list, group?.slug, p)}
        label="List pages"
      />
    </>
  );
}
