/** Peer comparison and reference data: the cohort keys, the size bands and the k ≥ 5 rule (docs/decisions/045). */
import type { Vocabulary } from '../../platform/vocabulary/vocabulary';

/** A cohort is shown only when this many libraries (distinct owners) are in it. */
export const MIN_COHORT = 5;

/** Size bands by population (or students) served; the PLS reference data uses the same bands. */
export const SIZE_BANDS = [
  { slug: 'under-2500', label: 'Under 2,500 people served', min: 0, max: 2499 },
  { slug: '2500-9999', label: '2,500 to 9,999 people served', min: 2500, max: 9999 },
  { slug: '10000-49999', label: '10,000 to 49,999 people served', min: 10000, max: 49999 },
  { slug: '50000-249999', label: '50,000 to 249,999 people served', min: 50000, max: 249999 },
  { slug: '250000-plus', label: '250,000 or more people served', min: 250000, max: null },
] as const;
export type SizeBand = (typeof SIZE_BANDS)[number]['slug'];

export const sizeBandLabel = (slug: string) => SIZE_BANDS.find((b) => b.slug === slug)?.label ?? slug;

/** What a cohort is defined by: the owner sets each (all optional); a comparison uses one at a time. */
export const COHORT_KEYS = ['libraryType', 'sizeBand', 'region', 'system'] as const;
export type CohortKey = (typeof COHORT_KEYS)[number];
export const COHORT_KEY_LABELS: Record<CohortKey, string> = {
  libraryType: 'Library type',
  sizeBand: 'Size band',
  region: 'Region',
  system: 'ILL system',
};

export interface PeerProfile {
  datasetId: number;
  ownerId: number;
  libraryType: string | null;
  sizeBand: string | null;
  region: string | null;
  system: string | null;
  optedInAt: Date;
}

/** The figures a library shares per year: aggregates, never rows. */
export const PEER_FIGURES = ['fillRate', 'medianTurnaround', 'requests', 'lendingRatio'] as const;
export type PeerFigure = (typeof PEER_FIGURES)[number];
export const PEER_FIGURE_LABELS: Record<PeerFigure, string> = {
  fillRate: 'Fill rate',
  medianTurnaround: 'Median turnaround (days)',
  requests: 'Requests (volume)',
  lendingRatio: 'Lending per borrowing request',
};

export interface YearAggregate {
  year: number;
  requests: number;
  fillRate: number | null;
  medianTurnaround: number | null;
  lendingRatio: number | null;
}

export interface Quartiles {
  libraries: number;
  q1: number;
  median: number;
  q3: number;
}

export type Standing = 'below' | 'within' | 'above';

/** Where a figure stands against a cohort's middle half (the first to the third quartile, inclusive). */
export function standing(value: number | null, q: Quartiles): Standing | null {
  if (value === null) return null;
  if (value < q.q1) return 'below';
  if (value > q.q3) return 'above';
  return 'within';
}

export const STANDING_TEXT: Record<Standing, string> = {
  below: 'below the middle half',
  within: 'within the middle half',
  above: 'above the middle half',
};

export type PeerSettings = Partial<Record<CohortKey, string | null>>;

/** Which of the settings are not in their list (field → message), for the form and for the rule below. */
export function peerSettingsProblems(settings: PeerSettings, vocabulary: Vocabulary): Record<string, string> {
  const problems: Record<string, string> = {};
  const known: Record<CohortKey, (v: string) => boolean> = {
    libraryType: (v) => vocabulary.libraryTypes.has(v),
    sizeBand: (v) => SIZE_BANDS.some((b) => b.slug === v),
    region: (v) => vocabulary.regions.has(v),
    system: (v) => vocabulary.systems.has(v),
  };
  for (const k of COHORT_KEYS) {
    const v = settings[k];
    if (v && !known[k](v)) problems[k] = 'Choose from the list.';
  }
  if (!COHORT_KEYS.some((k) => settings[k]))
    problems.libraryType =
      'Choose at least one thing your cohort is defined by (library type, size, region or system).';
  return problems;
}

/** The k rule: a cohort's figure is shown only when at least MIN_COHORT libraries give it. */
export function shownQuartiles(q: Quartiles | undefined): Quartiles | null {
  return q && q.libraries >= MIN_COHORT ? q : null;
}
