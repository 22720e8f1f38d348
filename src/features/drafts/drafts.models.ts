/** The forms whose text is kept as a draft. */
export const DRAFT_KINDS = ['article_new', 'article_edit', 'thread_new', 'reply'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export const DRAFT_KIND_LABELS: Record<DraftKind, string> = {
  article_new: 'New article',
  article_edit: 'Article edit',
  thread_new: 'New thread',
  reply: 'Reply',
};

export const DRAFT_LIMITS = {
  /** Characters in all of a draft's fields together: room for the longest article form (body, sources and the rest). */
  chars: 200_000,
  /** Fields in one draft (the article form has about twenty, checkboxes included). */
  fields: 200,
  /** Drafts one member keeps at a time. */
  perMember: 50,
  /** A draft not touched for this many days is removed by the daily clean-up. */
  keepDays: 90,
  /** Saves a minute by one member: an autosave every few seconds in two tabs stays well under. */
  savesPerMinute: 30,
} as const;

/** Which form a draft belongs to. */
export interface DraftKey {
  kind: DraftKind;
  /** An article or thread id as a string; '' for a new one. */
  target: string;
}

/** A draft in a member's list (e.g. the personal home page). */
export interface DraftSummary {
  id: number;
  kind: string;
  title: string;
  /** The form where it is offered again. */
  href: string;
  updatedAt: Date;
}

export interface Draft extends DraftSummary {
  userId: number;
  target: string;
  fields: Record<string, string | string[]>;
}

/** Form fields that are never kept: the CSRF token and which button was pressed. */
export const UNKEPT_FIELDS = new Set(['_csrf', 'intent']);
