import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { calendarEvents, calendarSessions } from './events.table';

/**
 * Questions for the speakers, asked on an event's page before it starts (for the whole event or one session).
 * Plain text, escaped on output. Public contributions: they stay when their author's account goes ("Former member").
 */
export const eventQuestions = pgTable(
  'event_questions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => calendarEvents.id, { onDelete: 'cascade' }),
    /** The session it is for; null: the whole event (and a removed session's questions stay, for the whole event). */
    sessionId: integer('session_id').references(() => calendarSessions.id, { onDelete: 'set null' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('event_questions_event_idx').on(t.eventId, t.createdAt)],
);

/** "I want to ask this too": one per member and question; only the count is shown. */
export const eventQuestionVotes = pgTable(
  'event_question_votes',
  {
    questionId: bigint('question_id', { mode: 'number' })
      .notNull()
      .references(() => eventQuestions.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] }), index('event_question_votes_user_idx').on(t.userId)],
);
