import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { storedHtml } from '../../platform/content/stored-html';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { httpErrors } from '../../platform/http/errors';
import { readForm, str, validate } from '../../platform/http/forms';
import { safeNext, seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { communityErrors } from './community.errors';
import { ctx, idFrom, pageFrom, signedIn } from './community.http';
import { HOLD_FIRST_POSTS, postUrl, threadUrl } from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';
import { FORUM_CRUMB } from './community.routes';
import { suspendSchema } from './community.schemas';
import * as mod from './moderation.repository';
import * as usecases from './moderation.usecases';
import {
  AuditLogPage,
  ForumSettingsPage,
  ModerationQueuePage,
  type QueueSection,
  SuspendPage,
} from './views/moderation';

const HOME = { label: 'Home', href: '/' };
const AUDIT_PAGE_SIZE = 50;

function requireModerator(c: AppContext) {
  const { actor } = ctx(c);
  authorize(actor, communityPolicies.moderate(actor), 'Only moderators can see the moderation queue.');
  return actor;
}

async function backTo(c: AppContext, fallback: string) {
  const values = await readForm(c);
  const next = safeNext(str(values, 'next'), '');
  return seeOther(
    c,
    next ? `${next}?notice=moderated` : `${fallback}${fallback.includes('?') ? '&' : '?'}notice=moderated`,
  );
}

/** Moderation actions on forum posts and threads (relative to "/forum"), the queue, suspensions, audit log and forum settings. */
export function createModerationRoutes() {
  const forum = new Hono<AppEnv>();
  const moderation = new Hono<AppEnv>();
  const audit = new Hono<AppEnv>();
  const adminForum = new Hono<AppEnv>();

  moderation.get('/', async (c) => {
    const actor = requireModerator(c);
    const { db, now } = ctx(c);
    const [flagged, pending, hidden, deleted, suspensions] = await Promise.all([
      mod.flaggedPosts(db),
      mod.postsWithStatus(db, 'pending'),
      mod.postsWithStatus(db, 'hidden', 25),
      mod.postsWithStatus(db, 'deleted', 25),
      mod.activeSuspensions(db, now),
    ]);
    const withHtml = (items: mod.QueueItem[]) => items.map((i) => ({ ...i, html: storedHtml(i.bodyHtml, i.body) }));
    const sections: QueueSection[] = [
      {
        id: 'flagged',
        title: 'Flagged posts',
        intro: 'Posts members flagged. Hide a post, or dismiss the flags to leave it as it is.',
        items: withHtml(flagged),
      },
      {
        id: 'pending',
        title: 'Awaiting approval',
        intro: 'First posts of new members, held because “hold new members’ first posts” is on.',
        items: withHtml(pending),
      },
      {
        id: 'hidden',
        title: 'Recently hidden',
        intro: 'Hidden by a moderator; restore one to publish it again.',
        items: withHtml(hidden),
      },
      {
        id: 'deleted',
        title: 'Recently deleted',
        intro: 'Deleted by their authors or a moderator; deleting is never final, so you can restore them.',
        items: withHtml(deleted),
      },
    ];
    const notice = c.req.query('notice') === 'moderated' ? 'Done. The action is recorded in the audit log.' : undefined;
    return renderPage(
      c,
      { title: 'Moderation queue', breadcrumbs: [HOME, FORUM_CRUMB, { label: 'Moderation queue' }] },
      <ModerationQueuePage
        sections={sections}
        suspensions={suspensions}
        csrfToken={csrfTokenFor(c)}
        isAdmin={communityPolicies.administer(actor)}
        notice={notice}
      />,
    );
  });

  for (const change of ['hide', 'restore', 'approve'] as const) {
    forum.post(`/p/:id/${change}`, async (c) => {
      signedIn(c);
      const { db, actor, now } = ctx(c);
      const postId = idFrom(c.req.param('id'), communityErrors.postNotFound);
      await usecases.changePostStatus({ db, actor, now, postId, change });
      return backTo(c, postUrl(postId));
    });
  }

  forum.post('/p/:id/dismiss-flags', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const postId = idFrom(c.req.param('id'), communityErrors.postNotFound);
    await usecases.dismissFlags({ db, actor, now, postId });
    return backTo(c, postUrl(postId));
  });

  forum.post('/t/:id/lock', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const values = await readForm(c);
    await usecases.changeThread({ db, actor, now, threadId, change: { locked: str(values, 'locked') === 'true' } });
    return seeOther(c, `${threadUrl(threadId)}?notice=moderated`);
  });

  forum.post('/t/:id/pin', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const values = await readForm(c);
    await usecases.changeThread({ db, actor, now, threadId, change: { pinned: str(values, 'pinned') === 'true' } });
    return seeOther(c, `${threadUrl(threadId)}?notice=moderated`);
  });

  forum.post('/t/:id/move', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const threadId = idFrom(c.req.param('id'), communityErrors.threadNotFound);
    const values = await readForm(c);
    await usecases.changeThread({ db, actor, now, threadId, change: { categorySlug: str(values, 'category') } });
    return seeOther(c, `${threadUrl(threadId)}?notice=moderated`);
  });

  async function member(c: AppContext) {
    const { db } = ctx(c);
    const found = await mod.findMember(
      db,
      idFrom(c.req.param('id'), () => httpErrors.notFound('member')),
    );
    if (!found) throw httpErrors.notFound('member');
    return found;
  }

  moderation.get('/members/:id/suspend', async (c) => {
    requireModerator(c);
    const person = await member(c);
    return renderPage(
      c,
      {
        title: `Suspend ${person.displayName}`,
        breadcrumbs: [HOME, { label: 'Moderation queue', href: '/moderation' }, { label: 'Suspend' }],
      },
      <SuspendPage member={person} values={{ days: '7' }} csrfToken={csrfTokenFor(c)} />,
    );
  });

  moderation.post('/members/:id/suspend', async (c) => {
    requireModerator(c);
    const person = await member(c);
    const { db, actor, now } = ctx(c);
    const values = await readForm(c);
    const form = validate(suspendSchema, values);
    if (!form.ok) {
      return renderPage(
        c,
        {
          title: `Suspend ${person.displayName} (check the form)`,
          breadcrumbs: [HOME, { label: 'Moderation queue', href: '/moderation' }, { label: 'Suspend' }],
        },
        <SuspendPage member={person} values={values} errors={form.errors} csrfToken={csrfTokenFor(c)} />,
        400,
      );
    }
    await usecases.suspendMember({ db, actor, now, userId: person.id, days: form.data.days, reason: form.data.reason });
    return seeOther(c, '/moderation?notice=moderated#suspensions');
  });

  moderation.post('/suspensions/:id/lift', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    await usecases.liftSuspension({
      db,
      actor,
      now,
      suspensionId: idFrom(c.req.param('id'), () => httpErrors.notFound('suspension')),
    });
    return seeOther(c, '/moderation?notice=moderated#suspensions');
  });

  audit.get('/', async (c) => {
    const { db, actor } = ctx(c);
    authorize(actor, communityPolicies.administer(actor), 'Only administrators can read the audit log.');
    const page = pageFrom(c.req.query('page'));
    const { items, total } = await mod.auditLog(db, { limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE });
    return renderPage(
      c,
      { title: 'Audit log', breadcrumbs: [HOME, { label: 'Audit log' }] },
      <AuditLogPage
        entries={items}
        total={total}
        page={page}
        pageCount={Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))}
      />,
    );
  });

  adminForum.get('/', async (c) => {
    const { db, actor } = ctx(c);
    authorize(actor, communityPolicies.administer(actor), 'Only administrators can change forum settings.');
    const hold = (await repo.getSetting(db, HOLD_FIRST_POSTS)) === 'true';
    const notice = c.req.query('notice') === 'saved' ? 'Settings saved.' : undefined;
    return renderPage(
      c,
      { title: 'Forum settings', breadcrumbs: [HOME, { label: 'Forum settings' }] },
      <ForumSettingsPage holdFirstPosts={hold} csrfToken={csrfTokenFor(c)} notice={notice} />,
    );
  });

  adminForum.post('/', async (c) => {
    signedIn(c);
    const { db, actor, now } = ctx(c);
    const values = await readForm(c);
    await usecases.setHoldFirstPosts({ db, actor, now, value: str(values, 'holdFirstPosts') === 'true' });
    return seeOther(c, '/admin/forum?notice=saved');
  });

  return { forum, mounts: { '/moderation': moderation, '/admin/audit': audit, '/admin/forum': adminForum } };
}
