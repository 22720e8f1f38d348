// Outside resources and lender records kept by the community (issue 15, docs/decisions/037): seeded once from the
// content files, corrected in the hub as YAML checked by the content loader's schema, a change that drops a source
// waiting for the maintaining group's steward, history, review dates on content health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import { insertSuspension, liftSuspension, SUSPENDED_CODE } from '../../platform/auth/standing';
import { AppError } from '../../platform/http/errors';
import { search } from '../../platform/search/search';
import type { Group } from '../groups/groups.models';
import * as repo from './records.repository';
import { decideRecordChange, editRecord, markRecordReviewed } from './records.usecases';
import type { LenderCountry } from './resources.models';
import { parseRecordYaml, recordYaml } from './resources.records';
import { seedResourceRecords } from './resources.seed';

let t: TestApp;
let admin: TestUser;
let steward: TestUser;
let group: Group;
const db = () => t.database.db;
const now = () => t.clock.now();

beforeAll(async () => {
  t = await createTestApp(); // today is 2026-03-02
  admin = await createUser(t.database, { role: 'admin' });
  steward = await createUser(t.database);
  group = await exampleGroup(t, steward, admin, { name: 'Lender Records Team', members: [[steward, 'steward']] });
  await seedResourceRecords(db(), t.deps.config.contentDir, now());
});
afterAll(() => t.close());

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function countryData(ref: string): LenderCountry {
  return {
    country: ref,
    summary: 'An example country made up for a test, with one national lender.',
    lenders: [
      {
        name: 'Example National Library',
        role: 'national',
        url: `https://example.org/${ref}/lending`,
        request_methods: ['email'],
        payment: [],
        languages: ['english'],
        loan_period: 'not verified',
        turnaround: 'not verified',
        customs: 'not verified',
        notes: '',
        sources: [`https://example.org/${ref}/lending`, `https://example.org/${ref}/fees`],
        last_verified: '2026-01-10',
      },
    ],
  };
}

/** A country record maintained by the test group. */
async function country(ref: string, reviewDue = '2027-01-01'): Promise<LenderCountry> {
  const data = countryData(ref);
  await repo.insertRecordIfMissing(db(), {
    kind: 'lender-country',
    ref,
    data,
    maintainingGroupId: group.id,
    reviewDue,
    now: now(),
  });
  return data;
}

const edit = (who: TestUser, ref: string, data: LenderCountry, baseRevision = 1) =>
  editRecord({
    db: db(),
    actor: actorFor(who),
    now: now(),
    kind: 'lender-country',
    ref,
    input: { data, yaml: recordYaml('lender-country', data), note: 'checked', baseRevision },
  });

describe('seeding from the content files', () => {
  it('loads every entry and country once, so the pages show what the files say', async () => {
    expect((await repo.listResources(db())).length).toBeGreaterThanOrEqual(25);
    expect((await repo.listCountries(db())).length).toBeGreaterThanOrEqual(20);
    // Once per database: a second start changes nothing, a member's correction is never replaced.
    expect(await seedResourceRecords(db(), t.deps.config.contentDir, now())).toBe(false);
    const html = await (await t.app.request('/resources/lenders/japan')).text();
    expect(html).toContain('National Diet Library');
    expect(html).toContain('History of changes');
  });

  it('round-trips every seeded record through the editor’s YAML and the loader’s schema', async () => {
    for (const kind of ['resource', 'lender-country'] as const)
      for (const r of await repo.listRecords(db(), kind))
        expect({ ref: r.ref, ok: parseRecordYaml(r, recordYaml(kind, r.data)).ok }).toEqual({ ref: r.ref, ok: true });
  });
});

describe('correcting a lender record', () => {
  it('publishes a member’s change that keeps every source, indexes it for search and lists it in the history', async () => {
    const data = await country('mexico');
    const member = await createUser(t.database);
    const changed = structuredClone(data);
    changed.lenders[0]!.notes = 'Takes requests by email in Spanish (quetzalword).';
    changed.lenders[0]!.last_verified = '2026-02-28';
    const result = await edit(member, 'mexico', changed);
    expect(result.status).toBe('applied');
    const stored = await repo.findRecord(db(), 'lender-country', 'mexico');
    expect(stored?.data.lenders[0]?.last_verified).toBe('2026-02-28');
    expect(stored?.revision).toBe(2);
    const hits = await search(db(), { q: 'quetzalword' });
    expect(hits.hits.map((h) => h.url)).toContain('/resources/lenders/mexico');
    const history = await (await t.app.request('/resources/lenders/mexico/history')).text();
    expect(history).toContain('Published');
    expect(history).toContain(member.displayName);
    expect(history).toContain('“checked”');
  });

  it('holds a change that removes a source until a steward of the maintaining group applies it', async () => {
    const data = await country('portugal');
    const member = await createUser(t.database);
    const dropped = structuredClone(data);
    dropped.lenders[0]!.sources = [`https://example.org/portugal/lending`];
    const result = await edit(member, 'portugal', dropped);
    expect(result.status).toBe('pending');
    expect(result.removed).toEqual(['https://example.org/portugal/fees']);
    expect((await repo.findRecord(db(), 'lender-country', 'portugal'))?.data.lenders[0]?.sources).toHaveLength(2);
    const decide = (who: TestUser, decision: 'apply' | 'reject' = 'apply') =>
      decideRecordChange({
        db: db(),
        actor: actorFor(who),
        now: now(),
        kind: 'lender-country',
        ref: 'portugal',
        revisionId: result.revision.id,
        decision,
      });
    // A member outside the group cannot decide; nor record a review.
    const outsider = await createUser(t.database);
    expect(await codeOf(() => decide(outsider))).toBe('resources.may_not_decide');
    expect(
      await codeOf(() =>
        markRecordReviewed({
          db: db(),
          actor: actorFor(outsider),
          now: now(),
          kind: 'lender-country',
          ref: 'portugal',
        }),
      ),
    ).toBe('resources.may_not_decide');
    // The steward sees it on the page and applies it.
    const stewardPage = await (await (await clientFor(t, steward)).get('/resources/lenders/portugal')).text();
    expect(stewardPage).toContain(`Apply change ${result.revision.id}`);
    expect(await codeOf(() => decide(steward))).toBe('accepted');
    expect((await repo.findRecord(db(), 'lender-country', 'portugal'))?.data.lenders[0]?.sources).toHaveLength(1);
    expect(await codeOf(() => decide(steward))).toBe('resources.already_decided');
  });

  it('publishes a steward’s own change that removes a source at once', async () => {
    const data = await country('poland');
    const dropped = structuredClone(data);
    dropped.lenders[0]!.sources = [`https://example.org/poland/lending`];
    expect((await edit(steward, 'poland', dropped)).status).toBe('applied');
  });

  it('refuses an edit against an older revision, anonymous people and a suspended member', async () => {
    const data = await country('netherlands');
    const member = await createUser(t.database);
    expect(await codeOf(() => edit(member, 'netherlands', data, 1))).toBe('accepted');
    expect(await codeOf(() => edit(member, 'netherlands', data, 1))).toBe('resources.stale_edit');
    expect(
      await codeOf(() =>
        editRecord({
          db: db(),
          actor: null,
          now: now(),
          kind: 'lender-country',
          ref: 'netherlands',
          input: { data, yaml: '', note: '', baseRevision: 2 },
        }),
      ),
    ).toBe('auth.sign_in_required');
    const suspension = await insertSuspension(db(), {
      userId: member.id,
      until: new Date(now().getTime() + 86_400_000),
      reason: 'Test',
      createdBy: admin.id,
      now: now(),
    });
    expect(await codeOf(() => edit(member, 'netherlands', data, 2))).toBe(SUSPENDED_CODE);
    expect((await repo.findRecord(db(), 'lender-country', 'netherlands'))?.revision).toBe(2);
    await liftSuspension(db(), suspension, admin.id, now());
    expect(await codeOf(() => edit(member, 'netherlands', data, 2))).toBe('accepted');
  });
});

describe('the edit form', () => {
  it('asks anonymous people to sign in, and shows members the YAML with its label and hint', async () => {
    expect((await new TestClient(t.app).get('/resources/lenders/japan/edit')).status).toBe(401);
    const client = await clientFor(t, await createUser(t.database));
    const html = await (await client.get('/resources/lenders/japan/edit')).text();
    expect(html).toMatch(/<label[^>]*for="f-content"[^>]*>\s*Record \(YAML\)/);
    expect(html).toContain('last_verified');
    expect(html).toContain('National Diet Library');
    expect(html).not.toMatch(/^country:/m);
    expect((await client.get('/resources/lenders/atlantis/edit')).status).toBe(404);
  });

  it('gives bad YAML, a bad field and an oversized record back with the problem (400), keeping the text', async () => {
    await country('chile');
    const client = await clientFor(t, await createUser(t.database));
    const post = (content: string) =>
      client.post(
        '/resources/lenders/chile/edit',
        { content, note: 'my note', revision: '1' },
        { from: '/resources/lenders/chile/edit' },
      );
    const bad = await post('summary: [unclosed quetzal-typed');
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('This is not valid YAML');
    expect(badHtml).toContain('summary: [unclosed quetzal-typed');
    expect(badHtml).toContain('value="my note"');

    const wrongDate = recordYaml('lender-country', countryData('chile')).replace('2026-01-10', 'last Tuesday');
    const field = await post(wrongDate);
    expect(field.status).toBe(400);
    const fieldHtml = await field.text();
    expect(fieldHtml).toContain('lenders.0.last_verified');
    expect(fieldHtml).toContain('last Tuesday');

    const moved = await post(`country: peru\n${recordYaml('lender-country', countryData('chile'))}`);
    expect(moved.status).toBe(400);
    expect(await moved.text()).toContain('country: the hub keeps this field');

    const huge = await post(`summary: "${'x'.repeat(41_000)}"`);
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain('40,000 characters or fewer');
    expect((await repo.findRecord(db(), 'lender-country', 'chile'))?.revision).toBe(1);
  });

  it('publishes a corrected "last verified" date on the page, and sends a dropped source to review', async () => {
    const data = await country('peru');
    const client = await clientFor(t, await createUser(t.database));
    const changed = structuredClone(data);
    changed.lenders[0]!.last_verified = '2026-02-27';
    const saved = await client.post(
      '/resources/lenders/peru/edit',
      { content: recordYaml('lender-country', changed), note: 'checked the site', revision: '1' },
      { from: '/resources/lenders/peru/edit' },
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/resources/lenders/peru?notice=saved');
    expect(await (await t.app.request('/resources/lenders/peru')).text()).toContain('datetime="2026-02-27"');

    changed.lenders[0]!.sources = ['https://example.org/peru/lending'];
    const held = await client.post(
      '/resources/lenders/peru/edit',
      { content: recordYaml('lender-country', changed), note: '', revision: '2' },
      { from: '/resources/lenders/peru/edit' },
    );
    expect(held.headers.get('location')).toBe('/resources/lenders/peru?notice=pending');
    expect(await (await client.get('/resources/lenders/peru?notice=pending')).text()).toContain(
      'waits for the maintaining group’s review',
    );
  });

  it('edits a catalogue entry the same way; changing its address is a removed source', async () => {
    const entry = (await repo.findRecord(db(), 'resource', 'ifla-voucher-scheme'))!;
    const client = await clientFor(t, await createUser(t.database));
    const form = await (await client.get('/resources/ifla-voucher-scheme/edit')).text();
    expect(form).toContain('last_checked');
    const moved = { ...entry.data, url: 'https://example.org/vouchers' };
    const res = await client.post(
      '/resources/ifla-voucher-scheme/edit',
      { content: recordYaml('resource', moved), note: '', revision: String(entry.revision) },
      { from: '/resources/ifla-voucher-scheme/edit' },
    );
    expect(res.headers.get('location')).toBe('/resources/ifla-voucher-scheme?notice=pending');
    const kept = { ...entry.data, licence: 'All rights reserved (checked)' };
    const ok = await client.post(
      '/resources/ifla-voucher-scheme/edit',
      { content: recordYaml('resource', kept), note: '', revision: String(entry.revision) },
      { from: '/resources/ifla-voucher-scheme/edit' },
    );
    expect(ok.headers.get('location')).toBe('/resources/ifla-voucher-scheme?notice=saved');
    expect(await (await t.app.request('/resources/ifla-voucher-scheme')).text()).toContain(
      'All rights reserved (checked)',
    );
    const anonymous = await new TestClient(t.app).get('/resources/ifla-voucher-scheme/history');
    expect(anonymous.status).toBe(200);
    expect(errorCode(await anonymous.text())).toBeUndefined();
  });
});

describe('review dates on content health', () => {
  /** The figure a content-health page shows for these records, and where it links. */
  function row(html: string): { count: number; href: string } | undefined {
    const match = html.match(
      /<a href="([^"]+)">(\d+)<span class="visually-hidden"> — resource and lender records past their review date<\/span><\/a>/,
    );
    return match ? { href: match[1]!.replace(/&amp;/g, '&'), count: Number(match[2]) } : undefined;
  }

  it('counts the group’s records past their review date, lists them, and clears one once reviewed', async () => {
    await country('argentina', '2026-01-15');
    const client = await clientFor(t, steward);
    const summary = await (await client.get(`/groups/${group.slug}/health`)).text();
    expect(row(summary)).toEqual({ count: 1, href: `/resources/reviews?group=${group.slug}` });
    const list = await (await client.get(`/resources/reviews?group=${group.slug}`)).text();
    expect(list).toContain('href="/resources/lenders/argentina"');
    expect(list).toContain('Review was due 2026-01-15');
    const reviewed = await client.post(
      '/resources/lenders/argentina/reviewed',
      {},
      { from: '/resources/lenders/argentina' },
    );
    expect(reviewed.status).toBe(303);
    expect(row(await (await client.get(`/groups/${group.slug}/health`)).text())?.count).toBe(0);
    expect((await new TestClient(t.app).get('/resources/reviews')).status).toBe(401);
  });
});
