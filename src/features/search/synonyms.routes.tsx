import { Hono } from 'hono';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { AppError, httpErrors } from '../../platform/http/errors';
import { readForm, str } from '../../platform/http/forms';
import { csrfTokenFor } from '../../platform/http/security';
import {
  currentSynonymsYaml,
  findSynonymRevision,
  listSynonymRevisions,
  parseSynonyms,
} from '../../platform/search/synonyms';
import { renderPage } from '../../platform/ui/render';
import { saveSynonyms, synonymPolicies } from './synonyms.usecases';
import { SynonymsPage } from './views/synonyms-page';

function entryCount(yaml: string): number {
  try {
    return parseSynonyms(yaml).entries.length;
  } catch {
    return 0;
  }
}

async function page(
  c: AppContext,
  options: { yaml?: string; note?: string; error?: string; viewing?: number; status?: 200 | 400 } = {},
) {
  const db = c.get('deps').database.db;
  const current = await currentSynonymsYaml(db);
  const viewing = options.viewing === undefined ? undefined : await findSynonymRevision(db, options.viewing);
  if (options.viewing !== undefined && !viewing) throw httpErrors.notFound('revision');
  return renderPage(
    c,
    {
      title: 'Search dictionary',
      breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Search', href: '/search' }, { label: 'Dictionary' }],
    },
    <SynonymsPage
      yaml={options.yaml ?? current}
      note={options.note ?? ''}
      entries={entryCount(current)}
      revisions={await listSynonymRevisions(db)}
      canEdit={synonymPolicies.edit(actorOf(c))}
      csrfToken={csrfTokenFor(c)}
      error={options.error}
      viewing={viewing}
    />,
    options.status ?? 200,
  );
}

/** The search dictionary, editable by editors with its history (mounted at "/search/synonyms"). */
export function createSynonymRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', (c) => {
    requireActor(c);
    return page(c);
  });
  routes.get('/revisions/:id{[0-9]{1,12}}', (c) => {
    requireActor(c);
    return page(c, { viewing: Number(c.req.param('id')) });
  });
  routes.post('/', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const yaml = str(values, 'yaml').replace(/\r\n/g, '\n');
    const note = str(values, 'note');
    const deps = c.get('deps');
    try {
      await saveSynonyms({ db: deps.database.db, actor, now: deps.clock.now(), yaml, note });
    } catch (error) {
      if (error instanceof AppError && error.code === 'search.synonyms_invalid') {
        return page(c, { yaml, note, error: error.message, status: 400 });
      }
      throw error;
    }
    return c.redirect('/search/synonyms', 303);
  });
  return routes;
}
