/**
 * Self-assessment: reading the scoring form and working out progress. Pure functions: the rules about who may
 * save or read are in reports.assessment.usecases.ts (docs/decisions/047).
 */
import type { FieldErrors, FormValues } from '../../platform/http/forms';
import type { Checklist } from './reports.assessment.content';
import type { AssessmentScore } from './reports.assessment.table';

export type { AssessmentScore };

export interface Assessment {
  id: number;
  ownerId: number;
  scores: Record<string, AssessmentScore>;
  createdAt: Date;
}

/** The choices offered for every item, in order; "na" is stored as null. */
export const SCORE_CHOICES = [
  { value: '0', label: 'Not yet' },
  { value: '1', label: 'Partly' },
  { value: '2', label: 'In place' },
  { value: 'na', label: 'Does not apply' },
] as const;

export const ASSESSMENT_LIMITS = { note: 500, perMember: 200 };

export const scoreField = (itemId: string) => `score-${itemId}`;
export const noteField = (itemId: string) => `note-${itemId}`;

const one = (values: FormValues, key: string): string => {
  const v = values[key];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/**
 * The form's scores, or the field errors to show beside the fields. An item left unanswered is not stored; at least
 * one item must be answered.
 */
export function readScores(
  checklist: Checklist,
  values: FormValues,
): { ok: true; scores: Record<string, AssessmentScore> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const scores: Record<string, AssessmentScore> = {};
  for (const section of checklist.sections) {
    for (const item of section.items) {
      const raw = one(values, scoreField(item.id)).trim();
      const note = one(values, noteField(item.id)).replace(/\r\n/g, '\n').trim();
      if (note.length > ASSESSMENT_LIMITS.note)
        errors[noteField(item.id)] = `The note must be ${ASSESSMENT_LIMITS.note} characters or fewer.`;
      if (raw === '') {
        if (note) errors[scoreField(item.id)] = 'Choose a score for this item, or remove its note.';
        continue;
      }
      if (raw === 'na') scores[item.id] = { score: null, note };
      else if (raw === '0' || raw === '1' || raw === '2') scores[item.id] = { score: Number(raw) as 0 | 1 | 2, note };
      else errors[scoreField(item.id)] = 'Choose one of: not yet, partly, in place, or does not apply.';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const first = checklist.sections[0]?.items[0];
  if (Object.keys(scores).length === 0 && first)
    return { ok: false, errors: { [scoreField(first.id)]: 'Score at least one item before saving.' } };
  return { ok: true, scores };
}

/** The form's values for a saved assessment (to start the next one from it). */
export function formValuesOf(assessment: Assessment | undefined): FormValues {
  const values: FormValues = {};
  if (!assessment) return values;
  for (const [itemId, s] of Object.entries(assessment.scores)) {
    values[scoreField(itemId)] = s.score === null ? 'na' : String(s.score);
    if (s.note) values[noteField(itemId)] = s.note;
  }
  return values;
}

export interface SectionScore {
  id: string;
  title: string;
  /** Points over the items that apply and were scored (2 each); null when none was. */
  points: number;
  max: number;
  percent: number | null;
  /** The same section in the assessment before, for comparison. */
  previousPercent: number | null;
}

function sectionTotals(checklist: Checklist, a: Assessment | undefined) {
  return checklist.sections.map((s) => {
    let points = 0;
    let max = 0;
    for (const item of s.items) {
      const score = a?.scores[item.id]?.score;
      if (score === undefined || score === null) continue;
      points += score;
      max += 2;
    }
    return { id: s.id, title: s.title, points, max, percent: max ? Math.round((points / max) * 100) : null };
  });
}

/** The latest assessment's score per section, beside the one before. */
export function progressBySection(
  checklist: Checklist,
  latest: Assessment | undefined,
  previous: Assessment | undefined,
): SectionScore[] {
  const before = sectionTotals(checklist, previous);
  return sectionTotals(checklist, latest).map((s, i) => ({ ...s, previousPercent: before[i]?.percent ?? null }));
}

export interface HistoryRow {
  id: number;
  date: Date;
  points: number;
  max: number;
  percent: number | null;
  inPlace: number;
  partly: number;
  notYet: number;
}

/** Totals of each saved assessment, oldest first (only the checklist's current items count). */
export function historyOf(checklist: Checklist, assessments: Assessment[]): HistoryRow[] {
  const itemIds = checklist.sections.flatMap((s) => s.items.map((i) => i.id));
  return assessments.map((a) => {
    const scored = itemIds.map((id) => a.scores[id]?.score).filter((s): s is 0 | 1 | 2 => typeof s === 'number');
    const points = scored.reduce<number>((n, s) => n + s, 0);
    const max = scored.length * 2;
    return {
      id: a.id,
      date: a.createdAt,
      points,
      max,
      percent: max ? Math.round((points / max) * 100) : null,
      inPlace: scored.filter((s) => s === 2).length,
      partly: scored.filter((s) => s === 1).length,
      notYet: scored.filter((s) => s === 0).length,
    };
  });
}

export const assessmentUrl = (id?: number) => (id ? `/reports/assessment/${id}` : '/reports/assessment');
