import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { FeatureModule } from '../../feature-module';
import { SESSION_COOKIE } from '../../platform/auth/sessions';
import { authorize } from '../../platform/authz/policy';
import { clientIp } from '../../platform/http/client-ip';
import { type AppContext, type AppEnv, isHttps } from '../../platform/http/context';
import { readForm, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { deleteAccount, exportAllData } from './people.usecases';
import { peoplePolicies } from './people.policies';
import { requireActor } from './people.routes';
import { deleteAccountSchema } from './people.schemas';
import { DataPage, DeletedPage, DeletePage } from './views/account-data';

const crumbs = (label: string) => [
  { label: 'Home', href: '/' },
  { label: 'Your account', href: '/account' },
  { label },
];

function ownDataActor(c: AppContext) {
  const actor = requireActor(c);
  authorize(actor, peoplePolicies.ownData(actor));
  return actor;
}

export function createDataRoutes({ modules }: { modules: FeatureModule[] }): RouteMounts {
  const yourData = new Hono<AppEnv>();
  const deletion = new Hono<AppEnv>();
  const deleted = new Hono<AppEnv>();

  yourData.get('/', (c) => {
    ownDataActor(c);
    return renderPage(c, { title: 'Your data', breadcrumbs: crumbs('Your data') }, <DataPage />);
  });

  /** Everything every module holds about the person, as one JSON file. */
  yourData.get('/export.json', async (c) => {
    const actor = ownDataActor(c);
    const d = c.get('deps');
    const data = await exportAllData({ db: d.database.db, actor, now: d.clock.now(), deps: d, modules });
    c.header('Cache-Control', 'private, no-store');
    c.header('Content-Disposition', `attachment; filename="ill-commons-data-${actor.username}.json"`);
    return c.body(JSON.stringify(data, null, 2), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  deletion.get('/', (c) => {
    const actor = ownDataActor(c);
    return renderPage(
      c,
      { title: 'Delete your account', breadcrumbs: crumbs('Delete your account') },
      <DeletePage csrfToken={csrfTokenFor(c)} displayName={actor.displayName} />,
    );
  });

  deletion.post('/', async (c) => {
    const actor = ownDataActor(c);
    const values = await readForm(c);
    const again = (errors: Record<string, string>) =>
      renderPage(
        c,
        { title: 'Delete your account', breadcrumbs: crumbs('Delete your account') },
        <DeletePage csrfToken={csrfTokenFor(c)} displayName={actor.displayName} errors={errors} />,
        400,
      );
    const form = validate(deleteAccountSchema, values);
    if (!form.ok) return again(form.errors);
    const d = c.get('deps');
    const now = d.clock.now();
    const result = await deleteAccount({
      db: d.database.db,
      actor,
      now,
      password: form.data.password,
      modules,
      dataDir: d.config.dataDir,
      ip: clientIp(c),
    });
    if (!result.ok) return again(result.errors);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return seeOther(c, '/account/deleted');
  });

  deleted.get('/', (c) => renderPage(c, { title: 'Account deleted' }, <DeletedPage />));

  return { '/account/data': yourData, '/account/delete': deletion, '/account/deleted': deleted };
}
