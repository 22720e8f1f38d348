import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { DbOrTx } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import * as repo from './records.repository';
import { resourcesErrors } from './resources.errors';
import { maintainerRole, recordPolicies } from './resources.policies';
import {
  addMonths,
  isoDay,
  RECORD_LIMITS,
  type RecordData,
  type RecordEditInput,
  type RecordKind,
  type RecordRevision,
  REVIEW_MONTHS,
  removedSources,
  type StoredRecord,
} from './resources.records';
import { type IndexLabels, indexRecord } from './resources.search';
import { indexLabels } from './resources.seed';

const WRITE_RULE = { name: 'resources:write', limit: RECORD_LIMITS.writesPerHour, windowSeconds: 60 * 60 };

interface RecordRef {
  kind: RecordKind;
  ref: string;
}

async function loadRecord(tx: DbOrTx, r: RecordRef): Promise<StoredRecord> {
  const record = await repo.findRecord(tx, r.kind, r.ref, { forUpdate: true });
  if (!record) throw resourcesErrors.notFound();
  return record;
}

/**
 * A member changes a catalogue entry or a country's lender records. Stewards of the maintaining group and editors
 * change it at once; so does any member whose change keeps every source (web address). A change that removes one
 * waits for the maintaining group's review, and the record stays as it was until someone decides. An applied change
 * is indexed for search in the same transaction and recorded, so cached pages are dropped.
 */
export async function editRecord<K extends RecordKind>(
  ctx: UseCaseContext & { kind: K; ref: string; input: RecordEditInput<K>; labels?: IndexLabels },
): Promise<{ status: 'applied' | 'pending'; revision: RecordRevision; removed: string[] }> {
  const { db, actor, now, input } = ctx;
  await assertMayAct(db, actor, now);
  authorize(actor, recordPolicies.edit(actor));
  await enforce(db, now, [[WRITE_RULE, String(actor.id)]]);
  const labels = ctx.labels ?? (await indexLabels());
  return db.transaction(async (tx) => {
    const record = await loadRecord(tx, ctx);
    if (record.revision !== input.baseRevision) throw resourcesErrors.staleEdit();
    const removed = removedSources(record.kind, record.data, input.data);
    const direct = removed.length === 0 || recordPolicies.decide(actor, await maintainerRole(tx, record, actor, now));
    const revision = await repo.insertRevision(tx, {
      kind: record.kind,
      ref: record.ref,
      yaml: input.yaml,
      data: input.data as unknown as Record<string, unknown>,
      note: input.note,
      status: direct ? 'applied' : 'pending',
      reviewReason: direct
        ? ''
        : `Removes ${removed.length} source${removed.length === 1 ? '' : 's'}: ${removed.join(', ')}`,
      baseRevision: record.revision,
      createdBy: actor.id,
      decidedBy: direct ? actor.id : null,
      decidedAt: direct ? now : null,
      createdAt: now,
    });
    if (direct) {
      const changed = await repo.updateRecordData(tx, record.kind, record.ref, input.data, now);
      await indexRecord(tx, changed.kind, changed.data, labels);
    }
    await recordEvent(tx, {
      type: direct ? 'resource.record_changed' : 'resource.change_suggested',
      actorId: actor.id,
      subjectType: record.kind,
      subjectId: record.ref,
      data: direct ? { revisionId: revision.id } : { revisionId: revision.id, removed },
    });
    return { status: direct ? 'applied' : 'pending', revision, removed };
  });
}

/** The maintaining group's stewards (or an editor) apply or reject a change that waits for review. */
export async function decideRecordChange(
  ctx: UseCaseContext &
    RecordRef & { revisionId: number; decision: 'apply' | 'reject'; labels?: IndexLabels | undefined },
): Promise<{ status: 'applied' | 'rejected' }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  const labels = ctx.labels ?? (await indexLabels());
  return db.transaction(async (tx) => {
    const record = await loadRecord(tx, ctx);
    if (!recordPolicies.decide(actor, await maintainerRole(tx, record, actor, now)))
      throw resourcesErrors.mayNotDecide();
    const revision = await repo.findRevision(tx, ctx.revisionId, { forUpdate: true });
    if (!revision || revision.kind !== record.kind || revision.ref !== record.ref)
      throw resourcesErrors.revisionNotFound();
    if (revision.status !== 'pending') throw resourcesErrors.alreadyDecided();
    if (ctx.decision === 'apply' && revision.baseRevision !== record.revision) throw resourcesErrors.staleEdit();
    const status = ctx.decision === 'apply' ? 'applied' : 'rejected';
    await repo.decideRevision(tx, revision.id, status, actor.id, now);
    if (status === 'applied') {
      const data = revision.data as unknown as RecordData<RecordKind>;
      const changed = await repo.updateRecordData(tx, record.kind, record.ref, data, now);
      await indexRecord(tx, changed.kind, changed.data, labels);
    }
    await recordEvent(tx, {
      type: 'resource.change_decided',
      actorId: actor.id,
      subjectType: record.kind,
      subjectId: record.ref,
      data: { revisionId: revision.id, status },
    });
    return { status };
  });
}

/** The maintaining group records that it checked the record: the next review falls due REVIEW_MONTHS later. */
export async function markRecordReviewed(ctx: UseCaseContext & RecordRef): Promise<{ reviewDue: string }> {
  const { db, actor, now } = ctx;
  await assertMayAct(db, actor, now);
  if (!actor) throw httpErrors.signInRequired();
  return db.transaction(async (tx) => {
    const record = await loadRecord(tx, ctx);
    if (!recordPolicies.decide(actor, await maintainerRole(tx, record, actor, now)))
      throw resourcesErrors.mayNotDecide();
    const reviewDue = isoDay(addMonths(now, REVIEW_MONTHS));
    await repo.markReviewed(tx, record.kind, record.ref, reviewDue, now);
    await recordEvent(tx, {
      type: 'resource.record_reviewed',
      actorId: actor.id,
      subjectType: record.kind,
      subjectId: record.ref,
    });
    return { reviewDue };
  });
}
