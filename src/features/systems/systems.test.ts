import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { AppError } from '../../platform/http/errors';
import { search } from '../../platform/search/search';
import { loadVocabulary } from '../../platform/vocabulary/vocabulary';
import { ageText, isStale, removedSources, SYSTEMS_KIND, type SystemData } from './systems.models';
import * as repo from './systems.repository';
import { parseReportForm, parseSystemYaml, systemYaml } from './systems.schemas';
import { readStarterSystems } from './systems.seed';
import {
  decideSystemChange,
  editSystemPage,
  fileInteropReport,
  postVendorResponse,
  verifyRepresentative,
} from './systems.usecases';

let t: TestApp;
let admin: TestUser;
let steward: TestUser;
let groupId: number;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createUser(t.database, { role: 'admin' });
  steward = await createUser(t.database);
  const group = await exampleGroup(t, steward, admin, { members: [[steward, 'steward']] });
  groupId = group.id;
});
afterAll(() => t.close());

const db = () => t.database.db;
const now = () => t.clock.now();

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function sampleData(name: string): SystemData {
  return {
    name,
    summary: {
      text: `${name} is an example ILL system made up for a test.`,
      source: { title: 'Maker’s overview', url: `https://example.org/${name}/overview` },
      verified: '2026-01-10',
    },
    maker: { text: 'Example Maker Ltd.', source: { title: 'About', url: `https://example.org/${name}/about` } },
    licence: { text: 'Proprietary.' },
    pricing: { text: 'Subscription.' },
    standards: [
      {
        standard: 'iso18626',
        support: 'supported',
        roles: ['requester', 'supplier'],
        source: { title: 'Standards', url: `https://example.org/${name}/standards` },
        verified: '2026-01-10',
      },
    ],
    integrations: [],
    communities: [],
    docs: [{ title: 'Manual', url: `https://example.org/${name}/manual` }],
  };
}

let pageCounter = 0;
async function page(): Promise<{ slug: string; data: SystemData }> {
  pageCounter++;
  const slug = `example-system-${pageCounter}`;
  const data = sampleData(`Examplesys${pageCounter}`);
  await repo.insertPageIfMissing(db(), {
    slug,
    data,
    maintainingGroupId: groupId,
    reviewDue: '2027-03-01',
    now: now(),
  });
  return { slug, data };
}

describe('starter system pages', () => {
  it('cover at least 15 systems of the shared vocabulary, each verified claim naming its source', async () => {
    const vocabulary = await loadVocabulary('content/vocabulary');
    const pages = await readStarterSystems('content', vocabulary);
    expect(pages.length).toBeGreaterThanOrEqual(15);
    for (const p of pages) {
      expect(vocabulary.systems.has(p.slug)).toBe(true);
      // The same schema members' edits pass: round-tripping through the editor's YAML keeps every page valid.
      expect(parseSystemYaml(systemYaml(p.data)).ok).toBe(true);
    }
  });

  it('refuses a claim with a "verified" date and no source', () => {
    const data = sampleData('Nosource');
    const yaml = systemYaml({ ...data, licence: { text: 'Open source.', verified: '2026-01-01' } });
    const parsed = parseSystemYaml(yaml);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('licence.source');
  });
});

describe('editing a system page', () => {
  it('applies a member’s change that keeps every source, and indexes the page for search', async () => {
    const { slug, data } = await page();
    const member = await createUser(t.database);
    const changed = { ...data, pricing: { text: 'Subscription, priced per library size (widgetfoo).' } };
    const result = await editSystemPage({
      db: db(),
      actor: actorFor(member),
      now: now(),
      slug,
      input: { data: changed, note: 'pricing detail', baseRevision: 1 },
    });
    expect(result.status).toBe('applied');
    expect((await repo.findPage(db(), slug))?.data.pricing.text).toContain('widgetfoo');
    const hits = await search(db(), { q: 'widgetfoo', kind: SYSTEMS_KIND });
    expect(hits.hits.map((h) => h.url)).toContain(`/systems/${slug}`);
  });

  it('holds a member’s change that removes a source for the maintaining group’s review', async () => {
    const { slug, data } = await page();
    const member = await createUser(t.database);
    const withoutSource = { ...data, maker: { text: 'Someone else entirely.' } };
    expect(removedSources(data, withoutSource)).toEqual([data.maker.source!.url]);
    const result = await editSystemPage({
      db: db(),
      actor: actorFor(member),
      now: now(),
      slug,
      input: { data: withoutSource, note: '', baseRevision: 1 },
    });
    expect(result.status).toBe('pending');
    // The page is unchanged until someone decides.
    expect((await repo.findPage(db(), slug))?.data.maker.text).toBe('Example Maker Ltd.');
    // Another member cannot decide; the group's steward can.
    const other = await createUser(t.database);
    const decide = (who: TestUser) =>
      decideSystemChange({
        db: db(),
        actor: actorFor(who),
        now: now(),
        slug,
        revisionId: result.revision.id,
        decision: 'apply',
      });
    expect(await codeOf(() => decide(other))).toBe('systems.may_not_decide');
    expect(await codeOf(() => decide(steward))).toBe('accepted');
    expect((await repo.findPage(db(), slug))?.data.maker.text).toBe('Someone else entirely.');
  });

  it('refuses an edit made against an older revision of the page', async () => {
    const { slug, data } = await page();
    const member = await createUser(t.database);
    const edit = (baseRevision: number) =>
      editSystemPage({
        db: db(),
        actor: actorFor(member),
        now: now(),
        slug,
        input: { data: { ...data, licence: { text: `Licence ${baseRevision}` } }, note: '', baseRevision },
      });
    expect(await codeOf(() => edit(1))).toBe('accepted');
    expect(await codeOf(() => edit(1))).toBe('systems.stale_edit');
  });
  it('through the form: bad YAML comes back with the problem (400); dropping a source goes to review', async () => {
    const { slug, data } = await page();
    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    const bad = await client.post(
      `/systems/${slug}/edit`,
      { content: 'name: [unclosed', note: '', revision: '1' },
      { from: `/systems/${slug}/edit` },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('This is not valid YAML');
    const dropped = systemYaml({ ...data, docs: [] });
    const response = await client.post(
      `/systems/${slug}/edit`,
      { content: dropped, note: 'tidy', revision: '1' },
      { from: `/systems/${slug}/edit` },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/systems/${slug}?notice=pending`);
    expect((await repo.findPage(db(), slug))?.data.docs).toHaveLength(1);
  });
});

describe('vendor right of reply', () => {
  it('lets only an administrator verify a representative', async () => {
    const { slug } = await page();
    const vendor = await createUser(t.database);
    const editor = await createUser(t.database, { role: 'editor' });
    const verify = (who: TestUser) =>
      verifyRepresentative({
        db: db(),
        actor: actorFor(who),
        now: now(),
        slug,
        username: vendor.username,
        organisation: 'Example Maker Ltd.',
      });
    expect(await codeOf(() => verify(editor))).toBe('http.forbidden');
    expect(await codeOf(() => verify(steward))).toBe('http.forbidden');
    expect(await codeOf(() => verify(admin))).toBe('accepted');
  });

  it('lets the representative of system A respond on A but not on B', async () => {
    const a = await page();
    const b = await page();
    const vendor = await createUser(t.database);
    await verifyRepresentative({
      db: db(),
      actor: actorFor(admin),
      now: now(),
      slug: a.slug,
      username: vendor.username,
      organisation: 'Maker of A',
    });
    const respond = (slug: string) =>
      postVendorResponse({ db: db(), actor: actorFor(vendor), now: now(), slug, body: 'We have fixed this.' });
    expect(await codeOf(() => respond(a.slug))).toBe('accepted');
    expect(await codeOf(() => respond(b.slug))).toBe('systems.not_representative');
    // Nor may it change the community's text about its own system.
    const own = (await repo.findPage(db(), a.slug))!;
    expect(
      await codeOf(() =>
        editSystemPage({
          db: db(),
          actor: actorFor(vendor),
          now: now(),
          slug: a.slug,
          input: { data: { ...own.data, pricing: { text: 'Best value.' } }, note: '', baseRevision: own.revision },
        }),
      ),
    ).toBe('systems.representative_may_not_edit');
    // An ordinary member has no right of reply at all.
    const member = await createUser(t.database);
    expect(
      await codeOf(() =>
        postVendorResponse({ db: db(), actor: actorFor(member), now: now(), slug: a.slug, body: 'x' }),
      ),
    ).toBe('systems.not_representative');
  });

  it('sanitises scripts in a response and shows it labelled, beside (not inside) the community’s text', async () => {
    const { slug } = await page();
    const vendor = await createUser(t.database);
    await verifyRepresentative({
      db: db(),
      actor: actorFor(admin),
      now: now(),
      slug,
      username: vendor.username,
      organisation: 'Example Maker Ltd.',
    });
    const body = 'Thanks! <script>alert("owned")</script> <img src=x onerror="alert(1)"> [link](javascript:alert(2))';
    const { response } = await postVendorResponse({ db: db(), actor: actorFor(vendor), now: now(), slug, body });
    // Raw HTML is shown as text, never as tags; no script-carrying link survives.
    expect(response.bodyHtml).not.toMatch(/<script|<img[^>]*onerror|href="javascript:/i);
    const html = await (await t.app.request(`/systems/${slug}`)).text();
    expect(html).toContain('Vendor response');
    expect(html).not.toContain('alert("owned")');
    expect(html).not.toMatch(/<img[^>]*onerror|href="javascript:/i);
    // The community's text is untouched.
    expect((await repo.findPage(db(), slug))?.data.maker.text).toBe('Example Maker Ltd.');
  });
});

describe('interoperability matrix', () => {
  it('calls a result stale after 18 months, and says how old it is', () => {
    const at = new Date('2026-03-02T15:00:00Z');
    expect(isStale('2024-09-03', at)).toBe(false);
    expect(isStale('2024-09-01', at)).toBe(true);
    expect(ageText('2026-02-20', at)).toBe('10 days old');
    expect(ageText('2025-03-02', at)).toBe('12 months old');
  });

  it('shows the latest report in each cell', async () => {
    const member = await createUser(t.database);
    const base = {
      protocol: 'ncip' as const,
      fromSystem: 'reshare',
      toSystem: 'folio',
      fromVersion: '',
      toVersion: '',
      messageTypes: ['LookupUser'],
      evidenceUrl: '',
      notes: '',
    };
    const file = (testedOn: string, result: 'works' | 'fails') =>
      fileInteropReport({ db: db(), actor: actorFor(member), now: now(), input: { ...base, testedOn, result } });
    await file('2025-01-05', 'fails');
    await file('2026-02-01', 'works');
    await file('2025-06-01', 'fails');
    const cells = await repo.latestReports(db(), 'ncip');
    const cell = cells.find((r) => r.fromSystem === 'reshare' && r.toSystem === 'folio');
    expect(cell?.result).toBe('works');
    expect(cell?.testedOn).toBe('2026-02-01');
  });

  it('explains each missing or wrong field of a report', () => {
    const parsed = parseReportForm(
      {
        protocol: 'iso18626',
        fromSystem: 'hyperdrive',
        toSystem: 'alma',
        testedOn: '2099-01-01',
        evidenceUrl: 'ftp://x',
      },
      new Set(['alma', 'illiad']),
      new Date('2026-03-02T15:00:00Z'),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual([
      'evidenceUrl',
      'fromSystem',
      'messageTypes',
      'result',
      'testedOn',
    ]);
  });

  it('re-renders the form with field errors and status 400, and a good report reaches the matrix', async () => {
    const member = await createUser(t.database);
    const client = await clientFor(t, member);
    const bad = await client.post(
      '/systems/matrix/reports',
      { protocol: 'iso18626', fromSystem: 'alma' },
      { from: '/systems/matrix' },
    );
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Name at least one message type you tried.');
    const good = await client.post(
      '/systems/matrix/reports',
      {
        protocol: 'iso18626',
        fromSystem: 'illiad',
        toSystem: 'rapido',
        fromVersion: '9.2',
        toVersion: '',
        messageTypes: 'Request, SupplyingAgencyMessage',
        result: 'partial',
        testedOn: '2026-02-27',
        evidenceUrl: 'https://example.org/evidence',
        notes: '',
      },
      { from: '/systems/matrix' },
    );
    expect(good.status).toBe(303);
    const matrix = await (await client.get('/systems/matrix?protocol=iso18626')).text();
    expect(matrix).toContain('Works in part');
    expect(matrix).toContain('3 days old');
  });

  it('asks anonymous visitors to sign in before filing', async () => {
    const response = await t.app.request('/systems/matrix/reports', { method: 'POST' });
    expect([401, 403, 303]).toContain(response.status);
    const page = await (await t.app.request('/systems/matrix')).text();
    expect(page).toContain('to file a');
    expect(errorCode(page)).toBeUndefined();
  });
});
