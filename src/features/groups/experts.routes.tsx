import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { publicPage } from '../../platform/cache/public-page';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { type FieldErrors, type FormValues, readForm, validate } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { privateHtml } from '../../platform/http/private-html';
import { pageHtml, renderPage } from '../../platform/ui/render';
import * as experts from './experts';
import * as expertUsecases from './experts.usecases';
import { groupErrors } from './groups.errors';
import { deps, idParam, loadGroup, noticeOf, requireActor } from './groups.http';
import { groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { expertListSchema, inviteSchema } from './groups.schemas';
import { ExpertListPage, ExpertListsPage, InvitationsPage, NewExpertListPage } from './views/experts';

const HOME = { label: 'Home', href: '/' };
const EXPERTS = { label: 'Expert lists', href: '/experts' };

async function listPage(
  c: AppContext,
  slug: string,
  extra: { values?: FormValues; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const { db, now } = deps(c);
  const list = await experts.findExpertList(db, slug);
  if (!list) throw groupErrors.listNotFound();
  const group = await groupsRepo.findGroupById(db, list.groupId);
  if (group?.status !== 'active') throw groupErrors.listNotFound();
  const actor = actorOf(c);
  const role = actor ? await groupsRepo.roleIn(db, list.groupId, actor.id, now) : null;
  const canManage = groupPolicies.manageExpertList(actor, role);
  const all = actor ? await experts.listEntries(db, list.id, true) : [];
  const entries = actor ? all.filter((e) => e.status === 'accepted') : await experts.listEntries(db, list.id);
  const render = () =>
    pageHtml(
      c,
      {
        title: list.title,
        description: list.description.slice(0, 200),
        breadcrumbs: [HOME, EXPERTS, { label: list.title }],
      },
      <ExpertListPage
        list={list}
        entries={entries}
        pending={canManage ? all.filter((e) => e.status !== 'accepted') : []}
        canManage={canManage}
        myEntry={actor ? all.find((e) => e.userId === actor.id) : undefined}
        values={extra.values ?? {}}
        errors={extra.errors}
        csrfToken={actor ? csrfTokenFor(c) : ''}
        notice={noticeOf(c)}
      />,
    );
  if (status !== 200) return privateHtml(c, render(), status);
  return publicPage(c, render);
}

async function newListPage(
  c: AppContext,
  slug: string,
  extra: { values?: FormValues; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const actor = requireActor(c);
  const { group, role } = await loadGroup(c, slug);
  authorize(
    actor,
    group.status === 'active' && groupPolicies.manageExpertList(actor, role),
    `Only stewards of ${group.name} can start its expert lists.`,
  );
  return renderPage(
    c,
    {
      title: `New expert list: ${group.name}`,
      breadcrumbs: [
        HOME,
        { label: 'Groups', href: '/groups' },
        { label: group.name, href: `/groups/${group.slug}` },
        { label: 'New expert list' },
      ],
    },
    <NewExpertListPage group={group} values={extra.values ?? {}} errors={extra.errors} csrfToken={csrfTokenFor(c)} />,
    status,
  );
}

export function createExpertRoutes(): RouteMounts {
  const expertRoutes = new Hono<AppEnv>();
  const invitationRoutes = new Hono<AppEnv>();
  const groupRoutes = new Hono<AppEnv>();

  expertRoutes.get('/', async (c) => {
    const lists = await experts.listExpertLists(deps(c).db);
    return publicPage(c, () =>
      pageHtml(
        c,
        { title: 'Expert lists', breadcrumbs: [HOME, { label: 'Expert lists' }] },
        <ExpertListsPage lists={lists} />,
      ),
    );
  });

  invitationRoutes.get('/', async (c) => {
    const actor = requireActor(c);
    const invitations = await experts.invitationsOf(deps(c).db, actor.id);
    const key = c.req.query('notice');
    const notice =
      key === 'accepted'
        ? 'Thank you: you are now listed.'
        : key === 'declined'
          ? 'Declined: you will not be listed.'
          : undefined;
    return renderPage(
      c,
      { title: 'Expert list invitations', breadcrumbs: [HOME, EXPERTS, { label: 'Invitations' }] },
      <InvitationsPage invitations={invitations} csrfToken={csrfTokenFor(c)} notice={notice} />,
    );
  });

  expertRoutes.get('/:slug', (c) => listPage(c, c.req.param('slug')));

  groupRoutes.get('/:slug/experts/new', (c) => newListPage(c, c.req.param('slug')));

  groupRoutes.post('/:slug/experts', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(expertListSchema, values);
    if (!form.ok) return newListPage(c, c.req.param('slug'), { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const result = await expertUsecases.createExpertList({
      db,
      actor,
      now,
      groupSlug: c.req.param('slug'),
      title: form.data.title,
      description: form.data.description,
    });
    if (!result.ok) return newListPage(c, c.req.param('slug'), { values, errors: result.errors }, 400);
    return seeOther(c, `/experts/${result.slug}?notice=list`);
  });

  expertRoutes.post('/:slug/invitations', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(inviteSchema, values);
    if (!form.ok) return listPage(c, c.req.param('slug'), { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const result = await expertUsecases.inviteExpert({
      db,
      actor,
      now,
      listSlug: c.req.param('slug'),
      username: form.data.username,
      note: form.data.note,
    });
    if (!result.ok) return listPage(c, c.req.param('slug'), { values, errors: result.errors }, 400);
    return seeOther(c, `/experts/${result.slug}?notice=invited`);
  });

  for (const answer of ['accept', 'decline'] as const) {
    expertRoutes.post(`/:slug/${answer}`, async (c) => {
      const actor = requireActor(c);
      const { db, now } = deps(c);
      await expertUsecases.answerInvitation({
        db,
        actor,
        now,
        listSlug: c.req.param('slug'),
        accept: answer === 'accept',
      });
      return seeOther(c, `/expert-invitations?notice=${answer}ed`);
    });
  }

  expertRoutes.post('/:slug/entries/:id/remove', async (c) => {
    const actor = requireActor(c);
    const userId = idParam(c.req.param('id'), groupErrors.entryNotFound);
    const { db, now } = deps(c);
    await expertUsecases.removeExpert({ db, actor, now, listSlug: c.req.param('slug'), userId });
    return seeOther(c, userId === actor.id ? '/expert-invitations' : `/experts/${c.req.param('slug')}`);
  });

  return { '/experts': expertRoutes, '/expert-invitations': invitationRoutes, '/groups': groupRoutes };
}
