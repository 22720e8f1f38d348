import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import type { ContentHealthSection } from '../../feature-module';
import type { AppContext, AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { pageParam } from '../../platform/http/params';
import { renderPage } from '../../platform/ui/render';
import { groupErrors } from './groups.errors';
import { deps, loadGroup, requireActor } from './groups.http';
import { groupPolicies } from './groups.policies';
import {
  HEALTH_LIST_TITLES,
  HEALTH_LISTS,
  type HealthListName,
  healthItems,
  healthReport,
  unansweredItems,
} from './health';
import { HealthListPage, HealthPage } from './views/health';

const HOME = { label: 'Home', href: '/' };

/** Content health is for signed-in people: it is a working list, not a public page. */
async function scopeOf(c: AppContext, slug: string | undefined) {
  const actor = requireActor(c);
  authorize(actor, groupPolicies.viewHealth(actor));
  if (!slug) return undefined;
  const { group } = await loadGroup(c, slug);
  if (group.status !== 'active') throw groupErrors.groupNotFound();
  return group;
}

const COUNT_OF: Record<HealthListName, 'overdue' | 'unmaintained' | 'pending' | 'stale' | 'unanswered'> = {
  overdue: 'overdue',
  unmaintained: 'unmaintained',
  suggestions: 'pending',
  stale: 'stale',
  questions: 'unanswered',
};

/** `sections`: other modules' lines on the same page (e.g. broken links), each counted for the group or the hub. */
export function createHealthRoutes(sections: ContentHealthSection[] = []): RouteMounts {
  const healthRoutes = new Hono<AppEnv>();
  const groupRoutes = new Hono<AppEnv>();

  async function summary(c: AppContext, slug?: string) {
    const group = await scopeOf(c, slug);
    const { db, now } = deps(c);
    const [report, counts] = await Promise.all([
      healthReport(db, group?.id ?? null, now),
      Promise.all(sections.map((s) => s.count(db, group?.id ?? null, now))),
    ]);
    const extra = sections.map((s, i) => ({
      title: s.title,
      about: s.about,
      count: counts[i] ?? 0,
      href: s.href(group?.slug),
    }));
    const crumbs = group
      ? [
          HOME,
          { label: 'Groups', href: '/groups' },
          { label: group.name, href: `/groups/${group.slug}` },
          { label: 'Content health' },
        ]
      : [HOME, { label: 'Content health' }];
    return renderPage(
      c,
      { title: group ? `Content health: ${group.name}` : 'Content health', breadcrumbs: crumbs },
      <HealthPage report={report} group={group} now={now} extra={extra} />,
    );
  }

  healthRoutes.get('/', (c) => summary(c));
  groupRoutes.get('/:slug/health', (c) => summary(c, c.req.param('slug')));

  for (const list of HEALTH_LISTS) {
    healthRoutes.get(`/${list}`, async (c) => {
      const group = await scopeOf(c, c.req.query('group') || undefined);
      const { db, now } = deps(c);
      const page = pageParam(c.req.query('page'));
      const groupId = group?.id ?? null;
      const [report, items, questions] = await Promise.all([
        healthReport(db, groupId, now),
        list === 'questions' ? [] : healthItems(db, list, groupId, now, page),
        list === 'questions' ? unansweredItems(db, groupId, now) : [],
      ]);
      const healthCrumb = { label: 'Content health', href: group ? `/groups/${group.slug}/health` : '/health' };
      return renderPage(
        c,
        { title: HEALTH_LIST_TITLES[list], breadcrumbs: [HOME, healthCrumb, { label: HEALTH_LIST_TITLES[list] }] },
        <HealthListPage
          list={list}
          items={items}
          questions={questions}
          total={report[COUNT_OF[list]]}
          page={page}
          group={group}
          now={now}
        />,
      );
    });
  }

  return { '/health': healthRoutes, '/groups': groupRoutes };
}
