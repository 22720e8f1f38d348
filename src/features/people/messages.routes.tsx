import { Hono } from 'hono';
import type { Actor } from '../../platform/auth/actor';
import { newToken } from '../../platform/auth/tokens';
import { authorize } from '../../platform/authz/policy';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { type FormValues, readForm, str, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam as idOf, optionalId, pageParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import * as repo from './messages.repository';
import * as usecases from './messages.usecases';
import { peopleErrors } from './people.errors';
import { peoplePolicies } from './people.policies';
import * as people from './people.repository';
import { newConversationSchema, replySchema, reportSchema } from './people.schemas';
import { noticeFrom, requireActor } from './people.routes';
import { ModerationPage } from './views/account-data';
import { BlockedPage, ConversationPage, InboxPage, NewMessagePage, ReportPage } from './views/messages';

const INBOX_PAGE_SIZE = 30;

const MESSAGE_NOTICES = {
  left: 'You have left the conversation.',
  reported: 'Thank you. The moderators will look at the message.',
  'already-reported': 'You have already reported this message; the moderators will look at it.',
} as const;

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now() };
}

function member(c: AppContext): Actor {
  const actor = requireActor(c);
  authorize(actor, peoplePolicies.sendMessages(actor));
  return actor;
}

function idParam(c: AppContext, name = 'id'): number {
  return idOf(c.req.param(name), peopleErrors.conversationNotFound);
}

function refusalOf(error: unknown): AppError | undefined {
  return error instanceof AppError &&
    (error.code === 'people.not_accepting_messages' || error.code === 'people.you_blocked')
    ? error
    : undefined;
}

async function conversationPage(
  c: AppContext,
  actor: Actor,
  id: number,
  extra: { values?: FormValues; errors?: Record<string, string>; refusal?: string } = {},
  status: 200 | 400 | 403 | 409 = 200,
) {
  const { db, now } = deps(c);
  const conversation = await repo.findConversationFor(db, id, actor.id);
  if (!conversation) throw peopleErrors.conversationNotFound();
  const [peopleIn, messages] = [await repo.conversationPeople(db, id), await repo.listMessages(db, id)];
  if (status === 200) await usecases.markConversationRead({ db, actor, now, conversationId: id });
  const notice = c.req.query('notice') ?? '';
  return renderPage(
    c,
    {
      title: conversation.subject,
      breadcrumbs: [
        { label: 'Home', href: '/' },
        { label: 'Messages', href: '/messages' },
        { label: conversation.subject },
      ],
      scripts: ['editor'],
    },
    <ConversationPage
      conversation={{ id, subject: conversation.subject, people: peopleIn, messages }}
      actorId={actor.id}
      csrfToken={csrfTokenFor(c)}
      idempotencyKey={newToken(18)}
      values={extra.values}
      errors={extra.errors}
      refusal={extra.refusal}
      notice={
        status === 200 && notice in MESSAGE_NOTICES
          ? MESSAGE_NOTICES[notice as keyof typeof MESSAGE_NOTICES]
          : undefined
      }
    />,
    status,
  );
}

async function newMessagePage(
  c: AppContext,
  values: FormValues,
  extra: { errors?: Record<string, string>; refusal?: string } = {},
  status: 200 | 400 | 403 | 409 = 200,
) {
  const { db } = deps(c);
  const names = str(values, 'to')
    .split(/[\s,;]+/)
    .filter(Boolean);
  const one =
    names.length === 1 ? await people.findPersonByUsername(db, names[0]!.replace(/^@/, '').toLowerCase()) : undefined;
  return renderPage(
    c,
    {
      title: 'New message',
      breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Messages', href: '/messages' }, { label: 'New message' }],
      scripts: ['editor'],
    },
    <NewMessagePage
      values={values}
      errors={extra.errors}
      refusal={extra.refusal}
      csrfToken={csrfTokenFor(c)}
      idempotencyKey={str(values, 'key') || newToken(18)}
      recipientName={one?.displayName}
    />,
    status,
  );
}

export function createMessageRoutes(): RouteMounts {
  const messages = new Hono<AppEnv>();
  const moderation = new Hono<AppEnv>();

  messages.get('/', async (c) => {
    const actor = member(c);
    const { db } = deps(c);
    const page = pageParam(c.req.query('page'));
    const { rows, total, unread } = await repo.inbox(db, actor.id, INBOX_PAGE_SIZE, (page - 1) * INBOX_PAGE_SIZE);
    const notice = c.req.query('notice') ?? '';
    return renderPage(
      c,
      {
        title: 'Messages',
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'People', href: '/people' }, { label: 'Messages' }],
      },
      <InboxPage
        rows={rows}
        total={total}
        unread={unread}
        page={page}
        pageCount={Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE))}
        notice={notice in MESSAGE_NOTICES ? MESSAGE_NOTICES[notice as keyof typeof MESSAGE_NOTICES] : undefined}
      />,
    );
  });

  messages.get('/new', (c) => {
    member(c);
    const to = (c.req.query('to') ?? '').slice(0, 400);
    return newMessagePage(c, { to });
  });

  messages.get('/blocked', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.block(actor));
    const { db } = deps(c);
    return renderPage(
      c,
      {
        title: 'Blocked members',
        breadcrumbs: [
          { label: 'Home', href: '/' },
          { label: 'Messages', href: '/messages' },
          { label: 'Blocked members' },
        ],
      },
      <BlockedPage people={await repo.listBlocked(db, actor.id)} csrfToken={csrfTokenFor(c)} notice={noticeFrom(c)} />,
    );
  });

  messages.post('/', async (c) => {
    const actor = member(c);
    const values = await readForm(c);
    const form = validate(newConversationSchema, values);
    if (!form.ok) return newMessagePage(c, values, { errors: form.errors }, 400);
    const { db, now } = deps(c);
    try {
      const result = await usecases.startConversation({ db, actor, now, ...form.data });
      if (!result.ok) return newMessagePage(c, values, { errors: result.errors }, 400);
      return seeOther(c, `/messages/${result.conversationId}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return newMessagePage(c, values, { refusal: refusal.message }, refusal.status as 403 | 409);
      throw error;
    }
  });

  messages.get('/:id', (c) => conversationPage(c, member(c), idParam(c)));

  messages.post('/:id', async (c) => {
    const actor = member(c);
    const id = idParam(c);
    const values = await readForm(c);
    const form = validate(replySchema, values);
    if (!form.ok) return conversationPage(c, actor, id, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    try {
      const { messageId } = await usecases.reply({ db, actor, now, conversationId: id, ...form.data });
      return seeOther(c, `/messages/${id}#message-${messageId}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal)
        return conversationPage(c, actor, id, { values, refusal: refusal.message }, refusal.status as 403 | 409);
      if (error instanceof AppError && error.code === 'people.too_many_links')
        return conversationPage(c, actor, id, { values, errors: { body: error.message } }, 400);
      throw error;
    }
  });

  messages.post('/:id/leave', async (c) => {
    const actor = member(c);
    const { db, now } = deps(c);
    await usecases.leave({ db, actor, now, conversationId: idParam(c) });
    return seeOther(c, '/messages?notice=left');
  });

  async function reportPage(
    c: AppContext,
    actor: Actor,
    id: number,
    messageId: number,
    extra: { values?: FormValues; errors?: Record<string, string> } = {},
    status: 200 | 400 = 200,
  ) {
    const { db } = deps(c);
    if (!(await repo.findConversationFor(db, id, actor.id))) throw peopleErrors.conversationNotFound();
    const message = (await repo.listMessages(db, id)).find((m) => m.id === messageId && m.authorId !== actor.id);
    if (!message) throw peopleErrors.messageNotFound();
    return renderPage(
      c,
      {
        title: 'Report a message',
        breadcrumbs: [
          { label: 'Home', href: '/' },
          { label: 'Messages', href: '/messages' },
          { label: 'Report a message' },
        ],
      },
      <ReportPage
        conversationId={id}
        message={message}
        values={extra.values}
        errors={extra.errors}
        csrfToken={csrfTokenFor(c)}
      />,
      status,
    );
  }

  messages.get('/:id/report', (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.report(actor));
    return reportPage(c, actor, idParam(c), optionalId(c.req.query('message')) ?? 0);
  });

  messages.post('/:id/report', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.report(actor));
    const id = idParam(c);
    const values = await readForm(c);
    const form = validate(reportSchema, values);
    const messageId = optionalId(str(values, 'messageId')) ?? 0;
    if (!form.ok) {
      if (form.errors.messageId) throw peopleErrors.messageNotFound();
      return reportPage(c, actor, id, messageId, { values, errors: form.errors }, 400);
    }
    const { db, now } = deps(c);
    const result = await usecases.reportMessage({ db, actor, now, conversationId: id, ...form.data });
    return seeOther(c, `/messages/${id}?notice=${result.already ? 'already-reported' : 'reported'}`);
  });

  moderation.get('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.moderateMessages(actor));
    const { db } = deps(c);
    const done = c.req.query('done');
    return renderPage(
      c,
      {
        title: 'Reported private messages',
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Reported private messages' }],
      },
      <ModerationPage
        reports={await repo.openReports(db, 100)}
        csrfToken={csrfTokenFor(c)}
        notice={
          done === 'removed'
            ? 'The message was removed.'
            : done === 'dismissed'
              ? 'The report was closed with no action.'
              : undefined
        }
      />,
    );
  });

  moderation.post('/:id', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.moderateMessages(actor));
    const values = await readForm(c);
    const decision = str(values, 'decision');
    if (decision !== 'remove' && decision !== 'dismiss')
      throw new AppError('people.invalid_decision', 400, 'Choose to remove the message or to take no action.');
    const reportId = idOf(c.req.param('id'), peopleErrors.reportNotFound);
    const { db, now } = deps(c);
    await usecases.resolveReport({ db, actor, now, reportId, removeMessage: decision === 'remove' });
    return seeOther(c, `/moderation/messages?done=${decision === 'remove' ? 'removed' : 'dismissed'}`);
  });

  return { '/messages': messages, '/moderation/messages': moderation };
}
