import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { publicPage } from '../../platform/cache/public-page';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { AppError } from '../../platform/http/errors';
import { type FieldErrors, type FormValues, readForm, validate } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { pageHtml, renderPage } from '../../platform/ui/render';
import { listExpertLists } from './experts';
import { groupErrors } from './groups.errors';
import { deps, idParam, loadGroup, noticeOf, requireActor } from './groups.http';
import type { Group } from './groups.models';
import { groupPolicies } from './groups.policies';
import * as repo from './groups.repository';
import { addMemberSchema, changeMemberSchema, decisionSchema, groupSchema } from './groups.schemas';
import * as usecases from './groups.usecases';
import * as stewardshipRepo from './stewardship.repository';
import { GroupPage } from './views/group-page';
import { AdminGroupsPage, GroupFormPage, GroupsPage } from './views/groups';
import { MembersPage } from './views/members';

const HOME = { label: 'Home', href: '/' };
const GROUPS = { label: 'Groups', href: '/groups' };

function groupForm(
  c: AppContext,
  props: { mode: 'create' | 'edit'; group?: Group; values: FormValues; errors?: FieldErrors },
  status: 200 | 400 | 429 = 200,
) {
  const title = props.mode === 'create' ? 'Ask for a new group' : `Edit ${props.group?.name}`;
  const crumbs = props.group
    ? [HOME, GROUPS, { label: props.group.name, href: `/groups/${props.group.slug}` }, { label: 'Edit' }]
    : [HOME, GROUPS, { label: 'New group' }];
  return renderPage(
    c,
    { title, breadcrumbs: crumbs },
    <GroupFormPage {...props} csrfToken={csrfTokenFor(c)} />,
    status,
  );
}

async function membersPage(
  c: AppContext,
  group: Group,
  extra: { values?: FormValues; errors?: FieldErrors; refusal?: string } = {},
  status: 200 | 400 | 409 = 200,
) {
  const { db, now } = deps(c);
  const members = await repo.listMembers(db, group.id, now);
  return renderPage(
    c,
    {
      title: `Members of ${group.name}`,
      breadcrumbs: [HOME, GROUPS, { label: group.name, href: `/groups/${group.slug}` }, { label: 'Members' }],
    },
    <MembersPage
      group={group}
      members={members}
      values={extra.values ?? {}}
      errors={extra.errors}
      refusal={extra.refusal}
      notice={noticeOf(c)}
      csrfToken={csrfTokenFor(c)}
    />,
    status,
  );
}

async function managed(c: AppContext, slug: string) {
  const actor = requireActor(c);
  const { group, role } = await loadGroup(c, slug);
  authorize(actor, groupPolicies.manageGroup(actor, group, role));
  return { actor, group };
}

export function createGroupRoutes(): RouteMounts {
  const groupRoutes = new Hono<AppEnv>();
  const adminGroupRoutes = new Hono<AppEnv>();

  groupRoutes.get('/', async (c) => {
    const { db, now } = deps(c);
    const actor = actorOf(c);
    const isAdmin = groupPolicies.decideGroup(actor);
    const [groups, mine, pending] = await Promise.all([
      repo.listGroups(db, now),
      actor ? repo.groupsOf(db, actor.id, now) : [],
      isAdmin ? repo.listGroups(db, now, 'pending') : [],
    ]);
    return publicPage(c, () =>
      pageHtml(
        c,
        { title: 'Groups', breadcrumbs: [HOME, { label: 'Groups' }] },
        <GroupsPage
          groups={groups}
          mine={mine}
          canRequest={groupPolicies.requestGroup(actor)}
          signedIn={actor !== null}
          pendingRequests={isAdmin ? pending.length : undefined}
        />,
      ),
    );
  });

  groupRoutes.get('/new', (c) => {
    const actor = actorOf(c);
    authorize(actor, groupPolicies.requestGroup(actor));
    return groupForm(c, { mode: 'create', values: { kind: 'committee' } });
  });

  groupRoutes.post('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, groupPolicies.requestGroup(actor));
    const values = await readForm(c);
    const form = validate(groupSchema, values);
    if (!form.ok) return groupForm(c, { mode: 'create', values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    try {
      const group = await usecases.requestGroup({ db, actor, now, input: form.data });
      return seeOther(c, `/groups/${group.slug}?notice=requested`);
    } catch (error) {
      // Over the request limit: the form again with what was typed.
      if (!(error instanceof AppError && error.code === 'http.rate_limited')) throw error;
      c.header('Retry-After', String(error.details.retryAfterSeconds));
      return groupForm(c, { mode: 'create', values, errors: { name: `Not sent yet: ${error.message}` } }, 429);
    }
  });

  groupRoutes.get('/:slug', async (c) => {
    const { group, role } = await loadGroup(c, c.req.param('slug'));
    const { db, now } = deps(c);
    const actor = actorOf(c);
    const [members, maintained, lists, activity] = await Promise.all([
      repo.listMembers(db, group.id, now),
      stewardshipRepo.listMaintained(db, group.id),
      listExpertLists(db, group.id),
      repo.recentActivity(db, group.id, 15),
    ]);
    const can = {
      health: group.status === 'active' && groupPolicies.viewHealth(actor),
      manage: groupPolicies.manageGroup(actor, group, role),
      steward: group.status === 'active' && groupPolicies.steward(actor, role),
      leave: groupPolicies.leaveGroup(actor, role),
      handover: group.status === 'active' && groupPolicies.proposeHandover(actor, role),
    };
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: group.name,
          description: group.purpose.slice(0, 200),
          breadcrumbs: [HOME, GROUPS, { label: group.name }],
        },
        <GroupPage
          group={group}
          members={members}
          maintained={maintained}
          lists={lists}
          activity={activity}
          now={now}
          myRole={role}
          can={can}
          csrfToken={actor ? csrfTokenFor(c) : ''}
          notice={noticeOf(c)}
        />,
      ),
    );
  });

  groupRoutes.get('/:slug/edit', async (c) => {
    const { group } = await managed(c, c.req.param('slug'));
    return groupForm(c, {
      mode: 'edit',
      group,
      values: { name: group.name, kind: group.kind, purpose: group.purpose, website: group.website ?? '' },
    });
  });

  groupRoutes.post('/:slug/edit', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(groupSchema, values);
    const { group } = await managed(c, c.req.param('slug'));
    if (!form.ok) return groupForm(c, { mode: 'edit', group, values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    await usecases.editGroup({ db, actor, now, slug: group.slug, input: form.data });
    return seeOther(c, `/groups/${group.slug}?notice=saved`);
  });

  groupRoutes.get('/:slug/members', async (c) => {
    const { group } = await managed(c, c.req.param('slug'));
    return membersPage(c, group);
  });

  /** Run a membership change; a refusal (last owner) re-renders the page with the reason. */
  async function memberChange(
    c: AppContext,
    group: Group,
    change: Parameters<typeof usecases.changeMembership>[0]['change'],
    values: FormValues,
    notice: string,
  ) {
    const { db, now } = deps(c);
    try {
      const result = await usecases.changeMembership({ db, actor: actorOf(c), now, slug: group.slug, change });
      if (!result.ok) return membersPage(c, group, { values, errors: result.errors }, 400);
    } catch (error) {
      if (error instanceof AppError && error.code === 'groups.last_owner')
        return membersPage(c, group, { refusal: error.message }, 409);
      throw error;
    }
    return seeOther(
      c,
      change.kind === 'leave' ? `/groups/${group.slug}?notice=left` : `/groups/${group.slug}/members?notice=${notice}`,
    );
  }

  groupRoutes.post('/:slug/members', async (c) => {
    requireActor(c);
    const values = await readForm(c);
    const form = validate(addMemberSchema, values);
    const { group } = await managed(c, c.req.param('slug'));
    if (!form.ok) return membersPage(c, group, { values, errors: form.errors }, 400);
    return memberChange(c, group, { kind: 'add', ...form.data }, values, 'added');
  });

  groupRoutes.post('/:slug/members/:id', async (c) => {
    requireActor(c);
    const values = await readForm(c);
    const userId = idParam(c.req.param('id'), groupErrors.memberNotFound);
    const form = validate(changeMemberSchema, values);
    const { group } = await managed(c, c.req.param('slug'));
    if (!form.ok) return membersPage(c, group, { refusal: Object.values(form.errors).join(' ') }, 400);
    return memberChange(c, group, { kind: 'change', userId, ...form.data }, {}, 'changed');
  });

  groupRoutes.post('/:slug/members/:id/remove', async (c) => {
    requireActor(c);
    const userId = idParam(c.req.param('id'), groupErrors.memberNotFound);
    const { group } = await managed(c, c.req.param('slug'));
    return memberChange(c, group, { kind: 'remove', userId }, {}, 'removed');
  });

  groupRoutes.post('/:slug/leave', async (c) => {
    const actor = requireActor(c);
    const { group, role } = await loadGroup(c, c.req.param('slug'));
    authorize(actor, groupPolicies.leaveGroup(actor, role), 'You are not a member of this group.');
    const { db, now } = deps(c);
    await usecases.changeMembership({ db, actor, now, slug: group.slug, change: { kind: 'leave' } });
    return seeOther(c, `/groups/${group.slug}?notice=left`);
  });

  async function adminPage(c: AppContext) {
    const { db, now } = deps(c);
    const pending = await repo.listGroups(db, now, 'pending');
    return renderPage(
      c,
      { title: 'Group requests', breadcrumbs: [HOME, GROUPS, { label: 'Group requests' }] },
      <AdminGroupsPage pending={pending} csrfToken={csrfTokenFor(c)} notice={noticeOf(c)} />,
    );
  }

  adminGroupRoutes.get('/', (c) => {
    const actor = actorOf(c);
    authorize(actor, groupPolicies.decideGroup(actor));
    return adminPage(c);
  });

  adminGroupRoutes.post('/:id/decision', async (c) => {
    const actor = requireActor(c);
    authorize(actor, groupPolicies.decideGroup(actor));
    const values = await readForm(c);
    const form = validate(decisionSchema, values);
    const groupId = idParam(c.req.param('id'), groupErrors.groupNotFound);
    if (!form.ok)
      throw new AppError('groups.invalid_decision', 400, Object.values(form.errors).join(' '), {
        title: 'Check the decision',
      });
    const { db, now } = deps(c);
    const group = await usecases.decideGroup({
      db,
      actor,
      now,
      groupId,
      approve: form.data.decision === 'approve',
      note: form.data.note,
    });
    return seeOther(c, `/admin/groups?notice=${group.status === 'active' ? 'approved' : 'rejected'}`);
  });

  return { '/groups': groupRoutes, '/admin/groups': adminGroupRoutes };
}
