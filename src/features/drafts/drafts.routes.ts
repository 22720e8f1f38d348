import { Hono } from 'hono';
import type { RouteMounts } from '../../platform/http/mounts';
import { actorOf, type AppEnv } from '../../platform/http/context';
import { httpErrors } from '../../platform/http/errors';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { draftsErrors } from './drafts.errors';
import { discardDraft } from './drafts.usecases';

/** Paths relative to "/drafts". */
export function createDraftRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();
  // "Discard it" beside an offered draft; back to the form, now empty.
  routes.post('/:id/discard', async (c) => {
    const actor = actorOf(c);
    if (!actor) throw httpErrors.signInRequired();
    const id = idParam(c.req.param('id'), draftsErrors.notFound);
    const deps = c.get('deps');
    const { href } = await discardDraft({ db: deps.database.db, actor, now: deps.clock.now(), id });
    if ((c.req.header('accept') ?? '').startsWith('application/json')) return c.json({ discarded: id });
    return seeOther(c, href);
  });
  return { '/drafts': routes };
}
