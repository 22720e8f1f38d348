/**
 * Self-assessment: the rules. A signed-in member scores the checklist and saves it; each save is a dated assessment
 * of their own, so progress shows over time. Assessments are private: anyone else is told one does not exist
 * (docs/decisions/047).
 */
import { assertMayAct } from '../../platform/auth/standing';
import type { Actor } from '../../platform/auth/actor';
import { recordEvents } from '../../platform/events/record';
import type { FieldErrors, FormValues } from '../../platform/http/forms';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import type { UseCaseContext } from '../../platform/usecase';
import type { Checklist } from './reports.assessment.content';
import { assessmentErrors } from './reports.assessment.errors';
import {
  type Assessment,
  ASSESSMENT_LIMITS,
  historyOf,
  progressBySection,
  readScores,
} from './reports.assessment.models';
import * as repo from './reports.assessment.repository';

const SAVE_RULE = { name: 'reports:assessment', limit: 20, windowSeconds: 60 * 60 };

type Ctx = UseCaseContext & { checklist: Checklist };

function member(ctx: UseCaseContext): Actor {
  if (!ctx.actor) throw httpErrors.signInRequired();
  return ctx.actor;
}

/** The member's assessments with progress: the latest by section beside the one before, and totals by date. */
export async function myAssessments(ctx: Ctx) {
  const actor = member(ctx);
  const all = await repo.assessmentsOf(ctx.db, actor.id);
  const latest = all.at(-1);
  const previous = all.at(-2);
  return {
    latest,
    previous,
    sections: progressBySection(ctx.checklist, latest, previous),
    history: historyOf(ctx.checklist, all),
  };
}

/** One saved assessment, the member's own (anyone else: not found), with the one before it for comparison. */
export async function readAssessment(ctx: Ctx & { assessmentId: number }) {
  const found = await repo.findAssessment(ctx.db, ctx.assessmentId);
  if (!found || !ctx.actor || found.ownerId !== ctx.actor.id) throw assessmentErrors.notFound();
  const all = await repo.assessmentsOf(ctx.db, ctx.actor.id);
  const at = all.findIndex((a) => a.id === found.id);
  const previous = at > 0 ? all[at - 1] : undefined;
  return { assessment: found, previous, sections: progressBySection(ctx.checklist, found, previous) };
}

export type SaveResult = { ok: true; assessment: Assessment } | { ok: false; errors: FieldErrors };

/** Save the scored checklist as a new dated assessment. */
export async function saveAssessment(ctx: Ctx & { values: FormValues }): Promise<SaveResult> {
  await assertMayAct(ctx.db, ctx.actor, ctx.now);
  const actor = member(ctx);
  await enforce(ctx.db, ctx.now, [[SAVE_RULE, String(actor.id)]]);
  const read = readScores(ctx.checklist, ctx.values);
  if (!read.ok) return read;
  if ((await repo.countAssessmentsOf(ctx.db, actor.id)) >= ASSESSMENT_LIMITS.perMember)
    throw assessmentErrors.tooMany(ASSESSMENT_LIMITS.perMember);
  return ctx.db.transaction(async (tx) => {
    const assessment = await repo.insertAssessment(tx, { ownerId: actor.id, scores: read.scores, now: ctx.now });
    await recordEvents(tx, [
      {
        type: 'reports.assessment_saved',
        actorId: actor.id,
        subjectType: 'assessment',
        subjectId: assessment.id,
        data: {},
      },
    ]);
    return { ok: true as const, assessment };
  });
}
