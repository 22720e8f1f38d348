import { Hono } from 'hono';
import { hasRole } from '../../platform/authz/policy';
import type { Actor } from '../../platform/auth/actor';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import { renderPage } from '../../platform/ui/render';
import { publicHomePage } from '../library';
import { loadHomeSections } from './home.sections';
import { PersonalHomePage } from './views/home-page';

/**
 * "/" (the home feature's mount) for a signed-in person: their own overview, rendered for them alone (private,
 * no-store; it never passes through the anonymous page cache). Everyone else gets the library's public home page,
 * cached as before. A route, so it runs after every module's middleware (the header's unread counts).
 */
export function createHomeRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const actor = actorOf(c);
    if (!actor) return publicHomePage(c);
    return personalHome(c, actor);
  });
  return routes;
}

async function personalHome(c: AppContext, actor: Actor): Promise<Response> {
  const { database, clock } = c.get('deps');
  const isMember = hasRole(actor, 'member');
  const sections = await loadHomeSections(database.db, actor, clock.now(), {
    isMember,
    unreadMessages: c.get('unreadMessages'),
  });
  return renderPage(
    c,
    { title: 'Your hub', description: 'What is waiting for you on ILL Commons.' },
    <PersonalHomePage name={actor.displayName} sections={sections} isMember={isMember} />,
  );
}
