import {
  type AnyPgColumn,
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { groups } from '../groups/groups.table';
import type { WorkflowContext, WorkflowSource, WorkflowStep } from './workflows.models';

/**
 * Workflows (docs/decisions: the workflow model). One table holds the hub's originals and libraries' local
 * versions: a local version names the original it was adopted from, who owns it (a member or a group), whether it
 * is public, and `baseSteps`, the original's steps as they were when the local version last took or kept a change
 * (the base of the three-way comparison).
 */
export const workflows = pgTable(
  'workflows',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Originals only ("/workflows/<slug>"); local versions are addressed by id. */
    slug: text('slug'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    context: jsonb('context').$type<WorkflowContext>().notNull(),
    sources: jsonb('sources').$type<WorkflowSource[]>().notNull(),
    steps: jsonb('steps').$type<WorkflowStep[]>().notNull(),
    /** Topic slugs (the library's), for search and listing. */
    topics: jsonb('topics').$type<string[]>().notNull(),
    /** Background article in the library ("/articles/<slug>"), when one exists. */
    relatedArticle: text('related_article'),
    origin: text('origin', { enum: ['starter', 'member', 'local'] }).notNull(),
    adoptedFrom: integer('adopted_from').references((): AnyPgColumn => workflows.id, { onDelete: 'set null' }),
    baseSteps: jsonb('base_steps').$type<WorkflowStep[]>(),
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'cascade' }),
    ownerGroupId: integer('owner_group_id').references(() => groups.id, { onDelete: 'cascade' }),
    /** 'public': anyone may read it; 'private': only its owner (or the owning group's members). */
    visibility: text('visibility', { enum: ['public', 'private'] })
      .notNull()
      .default('public'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('workflows_slug_key').on(t.slug),
    index('workflows_adopted_from_idx').on(t.adoptedFrom),
    index('workflows_owner_user_idx').on(t.ownerUserId),
    index('workflows_owner_group_idx').on(t.ownerGroupId),
  ],
);

/** A member working through a workflow for one request ("this request"): which checks are ticked. */
export const workflowRuns = pgTable(
  'workflow_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workflowId: integer('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    /** Ticked checks as "<step key>:<check index>". */
    checked: jsonb('checked').$type<string[]>().notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('workflow_runs_user_idx').on(t.userId, t.updatedAt)],
);
