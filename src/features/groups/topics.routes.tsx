import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { type FieldErrors, type FormValues, readForm, str, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { authorize } from '../../platform/authz/policy';
import { listTopics } from '../library';
import { groupErrors } from './groups.errors';
import { deps, idParam, requireActor } from './groups.http';
import { groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { approveSchema, intervalField } from './groups.schemas';
import * as repo from './topics.repository';
import { decideTopicAdoption, releaseTopic, requestTopicAdoption } from './topics.usecases';
import { ReleaseTopicPage, TopicStewardshipPage } from './views/topics';

const HOME = { label: 'Home', href: '/' };

const NOTICES: Record<string, string> = {
  requested: 'Your request was sent to the editors. You will be notified when one decides.',
  adopted: 'Your group now maintains the topic.',
  approved: 'Approved: the group now maintains the topic, and whoever asked has been told.',
  declined: 'Declined: whoever asked has been told.',
  released: 'Your group no longer maintains the topic: its pages went back to the hub’s editors.',
};

const requestSchema = z.object({
  topic: z.string().min(1, 'Choose a topic.').max(100),
  groupId: z.coerce
    .number({ error: 'Choose a group.' })
    .int('Choose a group.')
    .positive('Choose a group.')
    .max(2 ** 31 - 1),
  intervalMonths: intervalField,
});

async function topicsPage(
  c: AppContext,
  extra: { values?: FormValues; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const actor = requireActor(c);
  const { db, now } = deps(c);
  const mayDecide = groupPolicies.decideTopicAdoption(actor);
  const [adopted, pending, topics, mine] = await Promise.all([
    repo.adopted(db),
    repo.pending(db),
    listTopics(db),
    groupsRepo.groupsOf(db, actor.id, now),
  ]);
  const stewarded = mine.filter((g) => groupPolicies.adoptTopic(actor, g.role));
  const myGroupIds = new Set(mine.map((g) => g.id));
  const notice = NOTICES[c.req.query('notice') ?? ''];
  return renderPage(
    c,
    { title: 'Topics groups maintain', breadcrumbs: [HOME, { label: 'Topics groups maintain' }] },
    <TopicStewardshipPage
      adopted={adopted}
      waiting={mayDecide ? pending : pending.filter((p) => myGroupIds.has(p.groupId))}
      mayDecide={mayDecide}
      topics={topics.map((t) => ({ slug: t.slug, name: t.name }))}
      myGroups={stewarded.map((g) => ({ id: g.id, name: g.name }))}
      mayRelease={adopted.filter((a) => stewarded.some((g) => g.id === a.groupId)).map((a) => a.id)}
      values={extra.values ?? { topic: c.req.query('topic') ?? '' }}
      errors={extra.errors}
      csrfToken={csrfTokenFor(c)}
      notice={notice}
    />,
    status,
  );
}

/** A group's request to maintain a whole topic, and editors' decisions on them. */
export function createTopicStewardshipRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/topics', (c) => topicsPage(c));

  routes.post('/topics', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(requestSchema, values);
    if (!form.ok) return topicsPage(c, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const result = await requestTopicAdoption({
      db,
      actor,
      now,
      topicSlug: form.data.topic,
      groupId: form.data.groupId,
      intervalMonths: form.data.intervalMonths,
    });
    if (result.status === 'invalid') return topicsPage(c, { values, errors: result.errors }, 400);
    return seeOther(c, `/stewardship/topics?notice=${result.status}`);
  });

  routes.post('/topics/requests/:id', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(approveSchema, values);
    if (!form.ok) return topicsPage(c, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const result = await decideTopicAdoption({
      db,
      actor,
      now,
      id: idParam(c.req.param('id'), groupErrors.topicRequestNotFound),
      approve: str(values, 'decision') === 'approve',
      note: form.data.note,
    });
    return seeOther(c, `/stewardship/topics?notice=${result.status}`);
  });

  // Giving up a topic: a confirmation page, then the form it holds (stewards of the group only).
  const releasable = async (c: AppContext) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const adoption = await repo.findAdoption(db, idParam(c.req.param('id'), groupErrors.topicRequestNotFound));
    if (adoption?.status !== 'approved') throw groupErrors.topicRequestNotFound();
    const role = await groupsRepo.roleIn(db, adoption.groupId, actor.id, now);
    authorize(
      actor,
      groupPolicies.releaseTopic(actor, role),
      `Only stewards of ${adoption.groupName} can give up a topic it maintains.`,
    );
    return adoption;
  };

  routes.get('/topics/:id/release', async (c) => {
    const adoption = await releasable(c);
    const { db } = deps(c);
    const topic = (await listTopics(db)).find((t) => t.slug === adoption.topicSlug);
    return renderPage(
      c,
      {
        title: `Give up the topic ${topic?.name ?? adoption.topicSlug}`,
        breadcrumbs: [
          HOME,
          { label: 'Topics groups maintain', href: '/stewardship/topics' },
          { label: 'Give up a topic' },
        ],
      },
      <ReleaseTopicPage
        adoption={adoption}
        topicName={topic?.name ?? adoption.topicSlug}
        csrfToken={csrfTokenFor(c)}
      />,
    );
  });

  routes.post('/topics/:id/release', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    await releaseTopic({ db, actor, now, id: idParam(c.req.param('id'), groupErrors.topicRequestNotFound) });
    return seeOther(c, '/stewardship/topics?notice=released');
  });

  return { '/stewardship': routes };
}
