import { Hono } from 'hono';
import { atLeast } from '../../platform/authz/roles';
import type { AppContext, AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { type FieldErrors, type FormValues, readForm, str, validate } from '../../platform/http/forms';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import * as claims from './claims.repository';
import type { Claim } from './claims.repository';
import { groupErrors } from './groups.errors';
import { deps, idParam, requireActor } from './groups.http';
import { groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import { approveSchema } from './groups.schemas';
import { decideClaim, withdrawClaim } from './stewardship.usecases';
import { ClaimPage, ClaimsQueuePage } from './views/claims';

const HOME = { label: 'Home', href: '/' };
const QUEUE = { label: 'Requests to maintain pages', href: '/stewardship/claims' };

const NOTICES: Record<string, string> = {
  requested: 'Your request was sent. The group maintains the page once it is approved; you will be notified.',
  approved: 'Approved: the group now maintains the page, and whoever asked has been told.',
  declined: 'Declined: whoever asked has been told.',
  withdrawn: 'The request was withdrawn.',
  superseded: 'Another group maintains the page by now (or the group is no longer active), so the request was closed.',
};

function noticeOf(c: AppContext): string | undefined {
  return NOTICES[c.req.query('notice') ?? ''];
}

/**
 * A request is seen by whoever may decide on it, whoever asked, and the
 * claiming group's members; to anyone else it does not exist (404, so ids
 * cannot be probed).
 */
async function loadVisibleClaim(c: AppContext): Promise<{ claim: Claim; can: { decide: boolean; withdraw: boolean } }> {
  const actor = requireActor(c);
  const { db, now } = deps(c);
  const claim = await claims.findClaim(db, idParam(c.req.param('id'), groupErrors.claimNotFound));
  if (!claim) throw groupErrors.claimNotFound();
  const decide = groupPolicies.decideClaim(actor, { origin: claim.articleOrigin, createdBy: claim.articleAuthorId });
  const inGroup = (await groupsRepo.roleIn(db, claim.groupId, actor.id, now)) !== null;
  if (!decide && !inGroup && actor.id !== claim.requestedBy) throw groupErrors.claimNotFound();
  return { claim, can: { decide, withdraw: groupPolicies.withdrawClaim(actor, claim) } };
}

async function claimPage(
  c: AppContext,
  extra: { values?: FormValues; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const { claim, can } = await loadVisibleClaim(c);
  return renderPage(
    c,
    {
      title: `Request: ${claim.groupName} for ${claim.articleTitle}`,
      breadcrumbs: [HOME, QUEUE, { label: claim.articleTitle }],
    },
    <ClaimPage
      claim={claim}
      can={can}
      values={extra.values ?? {}}
      errors={extra.errors}
      csrfToken={csrfTokenFor(c)}
      notice={noticeOf(c)}
    />,
    status,
  );
}

export function createClaimRoutes(): RouteMounts {
  const claimRoutes = new Hono<AppEnv>();

  claimRoutes.get('/claims', async (c) => {
    const actor = requireActor(c);
    const { db } = deps(c);
    const isEditor = atLeast(actor.role, 'editor');
    const waiting = await claims.openClaimsFor(db, { id: actor.id, isEditor });
    return renderPage(
      c,
      { title: 'Requests to maintain pages', breadcrumbs: [HOME, { label: QUEUE.label }] },
      <ClaimsQueuePage
        claims={waiting.filter((w) =>
          groupPolicies.decideClaim(actor, { origin: w.articleOrigin, createdBy: w.articleAuthorId }),
        )}
        isEditor={isEditor}
        csrfToken={csrfTokenFor(c)}
        notice={noticeOf(c)}
      />,
    );
  });

  claimRoutes.get('/claims/:id', (c) => claimPage(c));

  for (const answer of ['approve', 'decline'] as const) {
    claimRoutes.post(`/claims/:id/${answer}`, async (c) => {
      const actor = requireActor(c);
      const values = await readForm(c);
      const form = validate(approveSchema, values);
      if (!form.ok) return claimPage(c, { values, errors: form.errors }, 400);
      const { db, now } = deps(c);
      const id = idParam(c.req.param('id'), groupErrors.claimNotFound);
      const result = await decideClaim({
        db,
        actor,
        now,
        id,
        decision: { approve: answer === 'approve', note: form.data.note },
      });
      return seeOther(
        c,
        str(values, 'next') === 'queue'
          ? `/stewardship/claims?notice=${result.status}`
          : `/stewardship/claims/${id}?notice=${result.status}`,
      );
    });
  }

  claimRoutes.post('/claims/:id/withdraw', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const id = idParam(c.req.param('id'), groupErrors.claimNotFound);
    const result = await withdrawClaim({ db, actor, now, id });
    return seeOther(c, `/stewardship/claims/${id}?notice=${result.status}`);
  });

  return { '/stewardship': claimRoutes };
}
