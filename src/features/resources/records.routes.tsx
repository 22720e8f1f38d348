import type { Hono } from 'hono';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { httpErrors } from '../../platform/http/errors';
import { readForm, str } from '../../platform/http/forms';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { authorize } from '../../platform/authz/policy';
import { findGroupById, findGroupBySlug } from '../groups';
import * as repo from './records.repository';
import { resourcesErrors } from './resources.errors';
import { maintainerRole, recordPolicies } from './resources.policies';
import {
  isoDay,
  parseRecordForm,
  type RecordKind,
  recordUrl,
  recordYaml,
  type StoredRecord,
} from './resources.records';
import { indexLabels } from './resources.seed';
import { RecordEditView, RecordHistoryView, RecordReviewsView, RecordUpkeep } from './views/records';
import * as usecases from './records.usecases';

const HOME = { label: 'Home', href: '/' };
const RESOURCES = { label: 'Outside resources', href: '/resources' };
const LENDERS = { label: 'Lender directory', href: '/resources/lenders' };

const NOTICES: Record<string, string> = {
  saved: 'Change saved.',
  pending:
    'Your change removes one or more sources, so it waits for the maintaining group’s review. The record is unchanged until then.',
  applied: 'Change applied.',
  rejected: 'Change rejected.',
  reviewed: 'Review recorded.',
};

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now(), contentDir: d.config.contentDir };
}

/** "IFLA Voucher Scheme", or "the lender records for Japan". */
export async function recordTitle(c: AppContext, record: StoredRecord): Promise<string> {
  if (record.kind === 'resource') return (record as StoredRecord<'resource'>).data.title;
  const labels = await indexLabels(deps(c).contentDir);
  return `the lender records for ${labels.country(record.ref)}`;
}

function crumbs(record: StoredRecord, title: string, last: string) {
  const parent = record.kind === 'resource' ? [RESOURCES] : [RESOURCES, LENDERS];
  const name = record.kind === 'resource' ? title : title.replace(/^the lender records for /, '');
  return [HOME, ...parent, { label: name, href: recordUrl(record.kind, record.ref) }, { label: last }];
}

/** The "Keeping this record" section of an entry's or a country's page. */
export async function upkeepFor(c: AppContext, record: StoredRecord) {
  const { db, now } = deps(c);
  const actor = actorOf(c);
  const [group, role] = await Promise.all([
    record.maintainingGroupId !== null ? findGroupById(db, record.maintainingGroupId) : undefined,
    maintainerRole(db, record, actor, now),
  ]);
  const decide = recordPolicies.decide(actor, role);
  const key = c.req.query('notice');
  return (
    <RecordUpkeep
      href={recordUrl(record.kind, record.ref)}
      notice={key && actor ? NOTICES[key] : undefined}
      maintainer={group ? { name: group.name, url: `/groups/${group.slug}` } : null}
      reviewDue={record.reviewDue}
      reviewOverdue={record.reviewDue !== null && record.reviewDue < isoDay(now)}
      pending={decide ? await repo.pendingRevisions(db, record.kind, record.ref) : []}
      can={{ edit: recordPolicies.edit(actor), decide }}
      csrfToken={actor ? csrfTokenFor(c) : ''}
    />
  );
}

/** Edit, history, decisions and reviews of one kind of record, at `prefix/:param`. */
function recordRoutes(routes: Hono<AppEnv>, kind: RecordKind, prefix: string, param: string) {
  const load = async (c: AppContext) => {
    const record = await repo.findRecord(deps(c).db, kind, c.req.param(param) ?? '');
    if (!record) throw resourcesErrors.notFound();
    return record;
  };
  const base = `${prefix}/:${param}`;

  routes.get(`${base}/edit`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, recordPolicies.edit(actor));
    const record = await load(c);
    const title = await recordTitle(c, record);
    return renderPage(
      c,
      { title: `Correct ${title}`, breadcrumbs: crumbs(record, title, 'Correct') },
      <RecordEditView
        kind={kind}
        title={title}
        href={recordUrl(kind, record.ref)}
        revision={record.revision}
        content={recordYaml(kind, record.data)}
        note=""
        csrfToken={csrfTokenFor(c)}
      />,
    );
  });

  routes.post(`${base}/edit`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, recordPolicies.edit(actor));
    const record = await load(c);
    const values = await readForm(c);
    const form = parseRecordForm(record, values);
    if (!form.ok) {
      const title = await recordTitle(c, record);
      return renderPage(
        c,
        { title: `Correct ${title}`, breadcrumbs: crumbs(record, title, 'Correct') },
        <RecordEditView
          kind={kind}
          title={title}
          href={recordUrl(kind, record.ref)}
          revision={record.revision}
          content={str(values, 'content')}
          note={str(values, 'note')}
          errors={form.errors}
          csrfToken={csrfTokenFor(c)}
        />,
        400,
      );
    }
    const { db, now, contentDir } = deps(c);
    const { status } = await usecases.editRecord({
      db,
      actor,
      now,
      kind,
      ref: record.ref,
      input: form.data,
      labels: await indexLabels(contentDir),
    });
    return seeOther(c, `${recordUrl(kind, record.ref)}?notice=${status === 'applied' ? 'saved' : 'pending'}`);
  });

  routes.get(`${base}/history`, async (c) => {
    const record = await load(c);
    const title = await recordTitle(c, record);
    const revisions = await repo.revisionsOf(deps(c).db, kind, record.ref);
    return renderPage(
      c,
      { title: `History of ${title}`, breadcrumbs: crumbs(record, title, 'History') },
      <RecordHistoryView title={title} href={recordUrl(kind, record.ref)} revisions={revisions} />,
    );
  });

  routes.post(`${base}/changes/:id`, async (c) => {
    const actor = requireActor(c);
    const record = await load(c);
    const revisionId = idParam(c.req.param('id'), resourcesErrors.revisionNotFound);
    const values = await readForm(c);
    const decision = str(values, 'decision') === 'apply' ? 'apply' : 'reject';
    const { db, now, contentDir } = deps(c);
    const { status } = await usecases.decideRecordChange({
      db,
      actor,
      now,
      kind,
      ref: record.ref,
      revisionId,
      decision,
      labels: await indexLabels(contentDir),
    });
    return seeOther(c, `${recordUrl(kind, record.ref)}?notice=${status}`);
  });

  routes.post(`${base}/reviewed`, async (c) => {
    const actor = requireActor(c);
    const record = await load(c);
    const { db, now } = deps(c);
    await usecases.markRecordReviewed({ db, actor, now, kind, ref: record.ref });
    return seeOther(c, `${recordUrl(kind, record.ref)}?notice=reviewed`);
  });
}

/** The records' own pages under "/resources" (added before "/:slug"). */
export function addRecordRoutes(routes: Hono<AppEnv>): void {
  // A working list for members, like the content-health pages that link here (not a public page).
  routes.get('/reviews', async (c) => {
    requireActor(c);
    const { db, now, contentDir } = deps(c);
    const slug = c.req.query('group') || undefined;
    const group = slug ? await findGroupBySlug(db, slug) : undefined;
    if (slug && group?.status !== 'active') throw httpErrors.notFound('group');
    const [records, labels] = await Promise.all([
      repo.listReviewOverdue(db, group?.id ?? null, isoDay(now)),
      indexLabels(contentDir),
    ]);
    const healthCrumb = { label: 'Content health', href: group ? `/groups/${group.slug}/health` : '/health' };
    const title = 'Resource and lender records past their review date';
    return renderPage(
      c,
      { title, breadcrumbs: [HOME, healthCrumb, { label: title }] },
      <RecordReviewsView
        records={records.map((r) => ({
          title:
            r.kind === 'resource' ? (r as StoredRecord<'resource'>).data.title : `Lenders in ${labels.country(r.ref)}`,
          href: recordUrl(r.kind, r.ref),
          reviewDue: r.reviewDue,
          lastReviewedAt: r.lastReviewedAt,
        }))}
        group={group ? { slug: group.slug, name: group.name } : undefined}
      />,
    );
  });
  recordRoutes(routes, 'lender-country', '/lenders', 'country');
  recordRoutes(routes, 'resource', '', 'slug');
}
