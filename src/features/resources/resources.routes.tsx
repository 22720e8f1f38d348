import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { requireActor } from '../../platform/http/context';
import { httpErrors } from '../../platform/http/errors';
import type { RouteMounts } from '../../platform/http/mounts';
import { pageParam } from '../../platform/http/params';
import { renderPage } from '../../platform/ui/render';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { findGroupBySlug } from '../groups';
import { AUDIENCE_LABELS, listTopics } from '../library';
import { filterQuery, filterResources, readFilters } from './resources.listing';
import { resourceContent } from './resources.content';
import * as records from './records.repository';
import { addRecordRoutes, upkeepFor } from './records.routes';
import * as repo from './resources.repository';
import {
  BrokenLinksPage,
  CountryPage,
  type Labels,
  LendersIndexPage,
  ResourcePage,
  ResourcesPage,
} from './views/resources-views';

const HOME = { label: 'Home', href: '/' };
const RESOURCES = { label: 'Outside resources', href: '/resources' };
const LENDERS = { label: 'Lender directory', href: '/resources/lenders' };
export const BROKEN_PAGE_SIZE = 50;

/** `lists`: read the whole catalogue and directory (the list pages); a record's own page reads only its record. */
async function context(c: AppContext, lists = true) {
  const { database, config } = c.get('deps');
  // The catalogue and the directory are records in the database; the request letters stay content files.
  const [resources, countries, files, vocabulary, topics] = await Promise.all([
    lists ? records.listResources(database.db) : [],
    lists ? records.listCountries(database.db) : [],
    resourceContent(config.contentDir),
    vocabularyFor(config.contentDir),
    listTopics(database.db),
  ]);
  const content = { resources, countries, letters: files.letters };
  const topicNames = new Map(topics.map((t) => [t.slug, t.name]));
  const labels: Labels = {
    topic: (s) => topicNames.get(s) ?? s,
    language: (s) => vocabulary.languages.label(s),
    country: (s) => vocabulary.regions.label(s),
    audience: (s) => AUDIENCE_LABELS[s as keyof typeof AUDIENCE_LABELS] ?? s,
  };
  return { db: database.db, content, labels, topics };
}

/** Path prefix "/resources": the catalogue, the lender directory and the broken-links list. */
export function createResourceRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const { content, labels, topics } = await context(c);
    const filters = readFilters((n) => c.req.query(n));
    const used = (values: string[]) => [...new Set(values)];
    const options = {
      topics: topics
        .filter((t) => content.resources.some((r) => r.topics.includes(t.slug)))
        .map((t) => ({ value: t.slug, label: t.name })),
      languages: used(content.resources.flatMap((r) => r.languages))
        .map((l) => ({ value: l, label: labels.language(l) }))
        .sort((a, b) => a.label.localeCompare(b.label, 'en')),
      audiences: Object.entries(AUDIENCE_LABELS).map(([value, label]) => ({ value, label })),
    };
    const resources = filterResources(content.resources, filters);
    return renderPage(
      c,
      {
        title: filterQuery(filters) ? 'Outside resources (filtered)' : 'Outside resources',
        breadcrumbs: [HOME, { label: 'Outside resources' }],
        description: 'A checked catalogue of ILL material kept elsewhere.',
      },
      <ResourcesPage
        resources={resources}
        total={content.resources.length}
        filters={filters}
        options={options}
        labels={labels}
      />,
    );
  });

  routes.get('/lenders', async (c) => {
    const { content, labels } = await context(c);
    return renderPage(
      c,
      {
        title: 'Lender directory by country',
        breadcrumbs: [HOME, RESOURCES, { label: 'Lender directory' }],
        description: 'National document supply centres and major lenders, country by country.',
      },
      <LendersIndexPage countries={content.countries} labels={labels} />,
    );
  });

  routes.get('/lenders/:country', async (c) => {
    const { db, content, labels } = await context(c, false);
    const record = await records.findRecord(db, 'lender-country', c.req.param('country'));
    if (!record) throw httpErrors.notFound('country in the lender directory');
    const country = record.data;
    const name = labels.country(country.country);
    return renderPage(
      c,
      {
        title: `Lending to and from ${name}`,
        breadcrumbs: [HOME, RESOURCES, LENDERS, { label: name }],
        description: country.summary.slice(0, 160),
      },
      <CountryPage country={country} letters={content.letters} labels={labels} upkeep={await upkeepFor(c, record)} />,
    );
  });

  // Broken links are a working list for members (like content health), not a public page.
  routes.get('/links', async (c) => {
    requireActor(c);
    const { db } = await context(c, false);
    const slug = c.req.query('group') || undefined;
    const group = slug ? await findGroupBySlug(db, slug) : undefined;
    if (slug && group?.status !== 'active') throw httpErrors.notFound('group');
    const page = pageParam(c.req.query('page'));
    const groupId = group?.id ?? null;
    const [total, links] = await Promise.all([
      repo.countBroken(db, groupId),
      repo.listBroken(db, groupId, { limit: BROKEN_PAGE_SIZE, offset: (page - 1) * BROKEN_PAGE_SIZE }),
    ]);
    const healthCrumb = { label: 'Content health', href: group ? `/groups/${group.slug}/health` : '/health' };
    return renderPage(
      c,
      { title: 'Broken links', breadcrumbs: [HOME, healthCrumb, { label: 'Broken links' }] },
      <BrokenLinksPage
        links={links}
        total={total}
        page={page}
        pageSize={BROKEN_PAGE_SIZE}
        group={group ? { slug: group.slug, name: group.name } : undefined}
      />,
    );
  });

  addRecordRoutes(routes);

  routes.get('/:slug', async (c) => {
    const { db, labels } = await context(c, false);
    const record = await records.findRecord(db, 'resource', c.req.param('slug'));
    if (!record) throw httpErrors.notFound('resource');
    const resource = record.data;
    const check = (await repo.checksFor(db, [resource.url])).get(resource.url);
    return renderPage(
      c,
      {
        title: resource.title,
        breadcrumbs: [HOME, RESOURCES, { label: resource.title }],
        description: resource.description.slice(0, 160),
      },
      <ResourcePage resource={resource} check={check} labels={labels} upkeep={await upkeepFor(c, record)} />,
    );
  });

  return { '/resources': routes };
}
