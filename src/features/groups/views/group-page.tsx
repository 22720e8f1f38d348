import type { Child } from 'hono/jsx';
import { CsrfField, DateText, Notice } from '../../../platform/ui/components';
import type { ExpertList } from '../experts';
import { GROUP_KIND_LABELS, GROUP_ROLE_LABELS, type Group, type GroupRole, type Member } from '../groups.models';
import type { Activity } from '../groups.repository';
import type { MaintainedArticle } from '../stewardship.repository';
import { PageReviewCells, PersonLink, RoleBadge } from './parts';

export interface GroupPageActions {
  health: boolean;
  manage: boolean;
  steward: boolean;
  leave: boolean;
  handover: boolean;
}

export function GroupPage({
  group,
  members,
  maintained,
  lists,
  activity,
  now,
  myRole,
  can,
  csrfToken,
  notice,
}: {
  group: Group;
  members: Member[];
  maintained: MaintainedArticle[];
  lists: ExpertList[];
  activity: Activity[];
  now: Date;
  myRole: GroupRole | null;
  can: GroupPageActions;
  csrfToken: string;
  notice?: string | undefined;
}) {
  const owners = members.filter((m) => m.role === 'owner').length;
  return (
    <>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {group.status === 'pending' ? (
        <Notice kind="info" title="Waiting for approval">
          <p>An administrator will look at this request. Only you and administrators can see the group until then.</p>
        </Notice>
      ) : null}
      {group.status === 'rejected' ? (
        <Notice kind="warning" title="This request was not approved">
          {group.decisionNote ? <p>Note from the administrator: {group.decisionNote}</p> : null}
        </Notice>
      ) : null}
      <header class="article-header">
        <p class="meta">
          <span class="badge">{GROUP_KIND_LABELS[group.kind]}</span>
          {myRole ? <span class="muted"> · You are {GROUP_ROLE_LABELS[myRole].toLowerCase()}</span> : null}
        </p>
        <h1>{group.name}</h1>
        <p class="lead pre-wrap">{group.purpose}</p>
        {group.website ? (
          <p>
            Website:{' '}
            <a href={group.website} rel="nofollow noopener noreferrer">
              {group.website}
            </a>
          </p>
        ) : null}
        <ul class="actions" aria-label="Group actions">
          {can.steward ? (
            <li>
              <a class="button" href={`/groups/${group.slug}/reviews`}>
                Review queue
              </a>
            </li>
          ) : null}
          {can.manage ? (
            <>
              <li>
                <a class="button secondary" href={`/groups/${group.slug}/members`}>
                  Manage members
                </a>
              </li>
              <li>
                <a class="button secondary" href={`/groups/${group.slug}/edit`}>
                  Edit details
                </a>
              </li>
            </>
          ) : null}
          {can.handover ? (
            <li>
              <a class="button secondary" href={`/groups/${group.slug}/handovers`}>
                Hand over pages
              </a>
            </li>
          ) : null}
          {can.health ? (
            <li>
              <a class="button secondary" href={`/groups/${group.slug}/health`}>
                Content health
              </a>
            </li>
          ) : null}
          {can.leave ? (
            <li>
              <form method="post" action={`/groups/${group.slug}/leave`} class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  Leave this group
                </button>
              </form>
            </li>
          ) : null}
        </ul>
      </header>

      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {owners === 0 && group.status === 'active' ? (
          <Notice kind="warning" title="This group has no owner">
            <p>An administrator can appoint one on the members page.</p>
          </Notice>
        ) : null}
        <MemberTable members={members} />
      </section>

      <section aria-labelledby="maintains-title">
        <h2 id="maintains-title">What it maintains</h2>
        {maintained.length === 0 ? (
          <p class="empty">No pages yet. A steward can choose the group as a page’s maintainer from the page itself.</p>
        ) : (
          <div class="table-wrap" role="region" aria-label="Pages the group maintains" tabindex={0}>
            <table class="data-table">
              <caption class="visually-hidden">Pages {group.name} maintains and their review status</caption>
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Review</th>
                  <th scope="col">Every</th>
                </tr>
              </thead>
              <tbody>
                {maintained.map((m) => (
                  <tr>
                    <PageReviewCells page={m} now={now} />
                    <td>{m.reviewIntervalMonths} months</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="lists-title">
        <h2 id="lists-title">Expert lists</h2>
        {lists.length === 0 ? <p class="empty">None yet.</p> : null}
        <ul>
          {lists.map((l) => (
            <li>
              <a href={`/experts/${l.slug}`}>{l.title}</a> <span class="muted">({l.accepted} listed)</span>
            </li>
          ))}
        </ul>
        {can.steward ? (
          <p>
            <a href={`/groups/${group.slug}/experts/new`}>Start an expert list</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="activity-title">
        <h2 id="activity-title">Recent activity</h2>
        {activity.length === 0 ? (
          <p class="empty">Nothing yet.</p>
        ) : (
          <ul class="activity">
            {activity.map((a) => (
              <li>
                <ActivityText activity={a} />{' '}
                <span class="muted">
                  — <DateText date={a.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function MemberTable({ members, manage }: { members: Member[]; manage?: (m: Member) => Child }) {
  if (members.length === 0) return <p class="empty">No members.</p>;
  return (
    <div class="table-wrap" role="region" aria-label="Members and their roles" tabindex={0}>
      <table class="data-table">
        <caption class="visually-hidden">Members and their roles</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Term ends</th>
            {manage ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr>
              <th scope="row">
                <PersonLink username={m.username} name={m.displayName} />
              </th>
              <td>
                <RoleBadge role={m.role} />
              </td>
              <td>
                {m.termEndsOn ? (
                  <DateText date={new Date(`${m.termEndsOn}T00:00:00Z`)} />
                ) : (
                  <span class="muted">No end date</span>
                )}
              </td>
              {manage ? <td>{manage(m)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function str(data: Record<string, unknown>, key: string): string {
  const v = data[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function PageLink({ data }: { data: Record<string, unknown> }) {
  const slug = str(data, 'slug');
  return slug ? <a href={`/articles/${slug}`}>{str(data, 'title') || slug}</a> : <>a page</>;
}

/** One event of the group's history, in words. */
export function ActivityText({ activity }: { activity: Activity }) {
  const who = activity.actorName ?? 'Someone';
  const d = activity.data;
  const role = GROUP_ROLE_LABELS[str(d, 'role') as GroupRole]?.toLowerCase() ?? str(d, 'role');
  switch (activity.type) {
    case 'group.requested':
      return <>{who} asked for the group.</>;
    case 'group.approved':
      return <>{who} approved the group.</>;
    case 'group.rejected':
      return <>{who} did not approve the group.</>;
    case 'group.edited':
      return <>{who} updated the group’s details.</>;
    case 'group.member_added':
      return (
        <>
          {who} added {str(d, 'name')} as {role}.
        </>
      );
    case 'group.member_changed':
      return (
        <>
          {who} made {str(d, 'name')} {role}
          {d.termEndsOn ? ` until ${str(d, 'termEndsOn')}` : ''}.
        </>
      );
    case 'group.member_removed':
      return (
        <>
          {who} removed {str(d, 'name')} from the group.
        </>
      );
    case 'group.member_left':
      return <>{str(d, 'name')} left the group.</>;
    case 'group.term_ended':
      return (
        <>
          {str(d, 'name') || 'A member'}’s term as {role} ended.
        </>
      );
    case 'stewardship.assigned':
      return (
        <>
          {who} took on <PageLink data={d} />, reviewed every {str(d, 'intervalMonths')} months.
        </>
      );
    case 'stewardship.interval_changed':
      return (
        <>
          {who} set <PageLink data={d} /> to be reviewed every {str(d, 'intervalMonths')} months.
        </>
      );
    case 'stewardship.released':
      return (
        <>
          {who} stopped maintaining <PageLink data={d} />.
        </>
      );
    case 'stewardship.reviewed':
      return (
        <>
          {who} reviewed <PageLink data={d} />
          {d.note ? `: “${str(d, 'note')}”` : '.'}
        </>
      );
    case 'stewardship.overdue':
      return (
        <>
          <PageLink data={d} /> became overdue for review.
        </>
      );
    case 'handover.proposed':
      return (
        <>
          {who} proposed handing {str(d, 'pages')} pages over to {str(d, 'to')}.
        </>
      );
    case 'handover.completed':
      return (
        <>
          {str(d, 'pages')} pages were handed over to {str(d, 'to')} ({who} accepted).
        </>
      );
    case 'handover.received':
      return (
        <>
          {who} accepted {str(d, 'pages')} pages from {str(d, 'from')}.
        </>
      );
    case 'handover.declined':
    case 'handover.cancelled':
      return (
        <>
          The handover to {str(d, 'to')} was {activity.type.endsWith('declined') ? 'declined' : 'cancelled'} by {who}.
        </>
      );
    case 'suggestion.approved':
      return (
        <>
          {who} approved {str(d, 'proposer')}’s suggested edit to <PageLink data={d} />.
        </>
      );
    case 'stewardship.topic_adopted':
      return d.newPages ? (
        <>
          {str(d, 'pages')} new page(s) in <a href={`/topics/${str(d, 'topicSlug')}`}>{str(d, 'topicSlug')}</a> came
          with the topic.
        </>
      ) : (
        <>
          The group now maintains the topic <a href={`/topics/${str(d, 'topicSlug')}`}>{str(d, 'topic')}</a> (
          {str(d, 'pages')} pages).
        </>
      );
    case 'stewardship.topic_released':
      return (
        <>
          {who} gave up the topic <a href={`/topics/${str(d, 'topicSlug')}`}>{str(d, 'topic')}</a>; its{' '}
          {str(d, 'pages')} page(s) went back to the hub’s editors.
        </>
      );
    case 'stewardship.topic_declined':
      return (
        <>
          {who} declined the group’s request to maintain the topic {str(d, 'topicSlug')}.
        </>
      );
    case 'experts.list_created':
      return (
        <>
          {who} started the expert list <a href={`/experts/${str(d, 'listSlug')}`}>{str(d, 'title')}</a>.
        </>
      );
    case 'experts.accepted':
      return (
        <>
          {str(d, 'name')} joined the expert list <a href={`/experts/${str(d, 'listSlug')}`}>{str(d, 'title')}</a>.
        </>
      );
    case 'experts.removed':
      return (
        <>
          Someone was taken off the expert list <a href={`/experts/${str(d, 'listSlug')}`}>{str(d, 'title')}</a>.
        </>
      );
    default:
      return <>{activity.type}</>;
  }
}
