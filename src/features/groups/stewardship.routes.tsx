import { Hono } from 'hono';
import { authorize, hasRole } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import { prefixParam, type RouteMounts } from '../../platform/http/mounts';
import { type FieldErrors, type FormValues, readForm, str, validate } from '../../platform/http/forms';
import { safeNext, seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { type Article, loadArticle } from '../library';
import { groupErrors } from './groups.errors';
import { deps, idParam, loadGroup, noticeOf, requireActor } from './groups.http';
import { roleAtLeast } from './groups.models';
import { groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { handoverSchema, reviewSchema, stewardshipSchema } from './groups.schemas';
import * as claimsRepo from './claims.repository';
import * as repo from './stewardship.repository';
import * as usecases from './stewardship.usecases';
import * as suggestionsRepo from './suggestions.repository';
import { HandoverPage, HandoversPage } from './views/handovers';
import { ReviewPage, ReviewQueuePage, StewardshipPage } from './views/stewardship';

const HOME = { label: 'Home', href: '/' };
const GROUPS = { label: 'Groups', href: '/groups' };

function articleCrumbs(article: Article, last: string) {
  return [HOME, { label: article.title, href: `/articles/${article.slug}` }, { label: last }];
}

/** Groups this person may choose as a page's maintainer: their own as steward or owner; moderators may choose any. */
async function assignableGroups(c: AppContext) {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  if (!actor) return [];
  if (atLeast(actor.role, 'moderator'))
    return (await groupsRepo.listGroups(db, now)).map((g) => ({ id: g.id, name: g.name }));
  return (await groupsRepo.groupsOf(db, actor.id, now))
    .filter((g) => roleAtLeast(g.role, 'steward'))
    .map((g) => ({ id: g.id, name: g.name }));
}

async function stewardshipPage(
  c: AppContext,
  article: Article,
  extra: { values?: FormValues; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  const current = await repo.findStewardship(db, article.id);
  const role = current && actor ? await groupsRepo.roleIn(db, current.groupId, actor.id, now) : null;
  const groups = await assignableGroups(c);
  if (current) authorize(actor, groupPolicies.changeInterval(actor, role));
  else {
    const allowed = groupPolicies.assignStewardship(actor, groups.length > 0 ? 'steward' : null);
    authorize(actor, allowed, 'Only stewards of a group, and moderators, can choose who maintains a page.');
  }
  const values = extra.values ?? (current ? { intervalMonths: String(current.reviewIntervalMonths) } : {});
  return renderPage(
    c,
    { title: `Who maintains ${article.title}`, breadcrumbs: articleCrumbs(article, 'Maintaining group') },
    <StewardshipPage
      article={article}
      current={current}
      groups={groups}
      values={values}
      errors={extra.errors}
      canRelease={groupPolicies.releaseStewardship(actor, role)}
      needsApproval={!current && !groupPolicies.decideClaim(actor, article)}
      csrfToken={csrfTokenFor(c)}
    />,
    status,
  );
}

async function reviewPage(
  c: AppContext,
  article: Article,
  extra: { values?: FormValues; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const { db, now } = deps(c);
  const actor = requireActor(c);
  const current = await repo.findStewardship(db, article.id);
  if (!current) throw groupErrors.notMaintained();
  authorize(
    actor,
    groupPolicies.steward(actor, await groupsRepo.roleIn(db, current.groupId, actor.id, now)),
    `Only stewards of ${current.groupName} can review this page.`,
  );
  const next = safeNext(
    typeof extra.values?.next === 'string' ? extra.values.next : c.req.query('next'),
    `/articles/${article.slug}`,
  );
  return renderPage(
    c,
    { title: `Review ${article.title}`, breadcrumbs: articleCrumbs(article, 'Review') },
    <ReviewPage
      article={article}
      current={current}
      now={now}
      values={extra.values ?? {}}
      errors={extra.errors}
      next={next}
      csrfToken={csrfTokenFor(c)}
    />,
    status,
  );
}

export function createStewardshipRoutes(): RouteMounts {
  const stewardshipRoutes = new Hono<AppEnv>();
  const reviewRoutes = new Hono<AppEnv>();
  const groupRoutes = new Hono<AppEnv>();
  const handoverRoutes = new Hono<AppEnv>();

  stewardshipRoutes.get('/', async (c) => {
    requireActor(c);
    return stewardshipPage(c, await loadArticle(c, prefixParam(c, 'slug')));
  });

  stewardshipRoutes.post('/', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(stewardshipSchema, values);
    const article = await loadArticle(c, prefixParam(c, 'slug'));
    if (!form.ok) return stewardshipPage(c, article, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const result = await usecases.assignStewardship({ db, actor, now, slug: article.slug, ...form.data });
    if (!result.ok) return stewardshipPage(c, article, { values, errors: result.errors }, 400);
    if (result.claimId) return seeOther(c, `${usecases.claimUrl(result.claimId)}?notice=requested`);
    return seeOther(c, `/articles/${article.slug}`);
  });

  stewardshipRoutes.post('/release', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    await usecases.releaseStewardship({ db, actor, now, slug: prefixParam(c, 'slug') });
    return seeOther(c, `/articles/${prefixParam(c, 'slug')}`);
  });

  reviewRoutes.get('/', async (c) => {
    requireActor(c);
    return reviewPage(c, await loadArticle(c, prefixParam(c, 'slug')));
  });

  reviewRoutes.post('/', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const form = validate(reviewSchema, values);
    const article = await loadArticle(c, prefixParam(c, 'slug'));
    if (!form.ok) return reviewPage(c, article, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    await usecases.markReviewed({ db, actor, now, slug: article.slug, note: form.data.note });
    const next = safeNext(str(values, 'next'), `/articles/${article.slug}`);
    return seeOther(c, `${next}${next.includes('?') ? '&' : '?'}notice=reviewed`);
  });

  groupRoutes.get('/:slug/reviews', async (c) => {
    const actor = requireActor(c);
    const { group, role } = await loadGroup(c, c.req.param('slug'));
    authorize(
      actor,
      group.status === 'active' && groupPolicies.steward(actor, role),
      `Only stewards of ${group.name} see its review queue.`,
    );
    const { db, now } = deps(c);
    const [queue, suggestions, groupClaims] = await Promise.all([
      repo.reviewQueue(db, group.id, now),
      suggestionsRepo.openForGroup(db, group.id),
      claimsRepo.claimsOfGroup(db, group.id),
    ]);
    return renderPage(
      c,
      {
        title: `Review queue: ${group.name}`,
        breadcrumbs: [HOME, GROUPS, { label: group.name, href: `/groups/${group.slug}` }, { label: 'Review queue' }],
      },
      <ReviewQueuePage
        group={group}
        queue={queue}
        suggestions={suggestions}
        claims={groupClaims}
        now={now}
        csrfToken={csrfTokenFor(c)}
        notice={noticeOf(c)}
      />,
    );
  });

  async function handoversPage(
    c: AppContext,
    slug: string,
    extra: { values?: FormValues; errors?: FieldErrors } = {},
    status: 200 | 400 = 200,
  ) {
    const actor = requireActor(c);
    const { group, role } = await loadGroup(c, slug);
    const canPropose = group.status === 'active' && groupPolicies.proposeHandover(actor, role);
    authorize(
      actor,
      canPropose || groupPolicies.steward(actor, role),
      `Only owners of ${group.name} hand its pages over.`,
    );
    const { db, now } = deps(c);
    const [handovers, maintained, all] = await Promise.all([
      repo.handoversOf(db, group.id),
      repo.listMaintained(db, group.id),
      groupsRepo.listGroups(db, now),
    ]);
    return renderPage(
      c,
      {
        title: `Handovers: ${group.name}`,
        breadcrumbs: [HOME, GROUPS, { label: group.name, href: `/groups/${group.slug}` }, { label: 'Handovers' }],
      },
      <HandoversPage
        group={group}
        handovers={handovers}
        maintained={maintained}
        targets={all.filter((g) => g.id !== group.id)}
        canPropose={canPropose}
        values={extra.values ?? {}}
        errors={extra.errors}
        csrfToken={csrfTokenFor(c)}
        notice={noticeOf(c)}
      />,
      status,
    );
  }

  groupRoutes.get('/:slug/handovers', (c) => handoversPage(c, c.req.param('slug')));

  groupRoutes.post('/:slug/handovers', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const slug = c.req.param('slug');
    const form = validate(handoverSchema, values);
    if (!form.ok) return handoversPage(c, slug, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    const result = await usecases.proposeHandover({
      db,
      actor,
      now,
      fromSlug: slug,
      toSlug: form.data.toGroup,
      articleIds: form.data.articleIds,
    });
    if (!result.ok) return handoversPage(c, slug, { values, errors: result.errors }, 400);
    return seeOther(c, `/handovers/${result.id}?notice=handover`);
  });

  handoverRoutes.get('/:id', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const handover = await repo.findHandoverItem(db, idParam(c.req.param('id'), groupErrors.handoverNotFound));
    if (!handover) throw groupErrors.handoverNotFound();
    const [fromRole, toRole] = await Promise.all([
      groupsRepo.roleIn(db, handover.fromGroupId, actor.id, now),
      groupsRepo.roleIn(db, handover.toGroupId, actor.id, now),
    ]);
    // Both groups' members may follow it; others have no business here.
    authorize(actor, fromRole !== null || toRole !== null || hasRole(actor, 'admin'));
    const open = handover.status === 'proposed';
    const can = {
      accept: open && groupPolicies.acceptHandover(actor, toRole),
      decline: open && toRole === 'owner' && groupPolicies.stopHandover(actor, null, toRole),
      cancel: open && fromRole === 'owner' && groupPolicies.stopHandover(actor, fromRole, null),
    };
    const pages = await repo.articleTitles(db, handover.articleIds);
    return renderPage(
      c,
      {
        title: `Handover from ${handover.fromName} to ${handover.toName}`,
        breadcrumbs: [HOME, GROUPS, { label: 'Handover' }],
      },
      <HandoverPage handover={handover} pages={pages} can={can} csrfToken={csrfTokenFor(c)} notice={noticeOf(c)} />,
    );
  });

  for (const answer of ['accept', 'decline', 'cancel'] as const) {
    handoverRoutes.post(`/:id/${answer}`, async (c) => {
      const actor = requireActor(c);
      const id = idParam(c.req.param('id'), groupErrors.handoverNotFound);
      const { db, now } = deps(c);
      await usecases.answerHandover({ db, actor, now, id, answer });
      return seeOther(
        c,
        `/handovers/${id}?notice=${answer === 'accept' ? 'accepted' : answer === 'decline' ? 'declined' : 'cancelled'}`,
      );
    });
  }

  return {
    '/articles/:slug/stewardship': stewardshipRoutes,
    '/articles/:slug/review': reviewRoutes,
    '/groups': groupRoutes,
    '/handovers': handoverRoutes,
  };
}
