import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';

export const DELIVERIES = ['in_app', 'immediate', 'digest'] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const WATCH_TARGETS = ['thread', 'category', 'topic', 'article'] as const;
export type WatchTarget = (typeof WATCH_TARGETS)[number];

/** What a person watches and how they want to hear about it. `muted` silences a thread they would otherwise hear about. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: WATCH_TARGETS }).notNull(),
    targetId: text('target_id').notNull(),
    delivery: text('delivery', { enum: DELIVERIES }).notNull().default('in_app'),
    muted: boolean('muted').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscriptions_user_target_key').on(t.userId, t.targetType, t.targetId),
    index('subscriptions_target_idx').on(t.targetType, t.targetId),
    check('subscriptions_delivery_check', sql`${t.delivery} in ('in_app','immediate','digest')`),
  ],
);

/** One line in a person's notification list. Email delivery state lives beside it so nothing is sent twice. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    url: text('url').notNull(),
    title: text('title').notNull(),
    /** Plain text (Markdown is rendered when the notification is made); rows from before that may hold Markdown. */
    excerpt: text('excerpt').notNull().default(''),
    /** What it is about, by name (a thread's or article's title, a conversation's subject): the digest groups by it. */
    subjectTitle: text('subject_title'),
    /** Where that lives, e.g. a forum category's name: the digest's section heading. */
    context: text('context'),
    delivery: text('delivery', { enum: DELIVERIES }).notNull().default('in_app'),
    /** Same key, same notification: a retried fan-out never notifies twice. */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`read_at is null`),
    index('notifications_digest_idx').on(t.userId).where(sql`delivery = 'digest' and emailed_at is null`),
    uniqueIndex('notifications_dedupe_key').on(t.userId, t.dedupeKey),
  ],
);

/** Per-person email settings. A missing row means the defaults. */
export const notificationSettings = pgTable('notification_settings', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Default delivery for new watches. */
  defaultDelivery: text('default_delivery', { enum: DELIVERIES }).notNull().default('in_app'),
  /** Every post in watched categories by email, like a listserv. */
  mailingListMode: boolean('mailing_list_mode').notNull().default(false),
  /** Hour of the day (UTC) the daily digest goes out. */
  digestHourUtc: integer('digest_hour_utc').notNull().default(13),
  /** "weekly": the digest goes out on Mondays only ("new in your topics" and everything else chosen for the digest). */
  digestFrequency: text('digest_frequency', { enum: ['daily', 'weekly'] })
    .notNull()
    .default('daily'),
  /** One-click unsubscribe from everything sets this; nothing but account mail is sent. */
  emailPaused: boolean('email_paused').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Tokens in emails: one-click unsubscribe links and per-person, per-thread
 * reply addresses. Stored hashed; `scope` says what the token may do.
 */
export const emailTokens = pgTable(
  'email_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['unsubscribe', 'reply'] }).notNull(),
    /** e.g. "subscription:12", "all", "thread:40", "conversation:7". */
    scope: text('scope').notNull(),
    /** Set from the hub's clock: reply addresses expire 90 days after it. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The database's clock at issue, comparable with `events.created_at`: a reply address issued before the
     * account's latest password or email change no longer works.
     */
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('email_tokens_user_idx').on(t.userId, t.purpose, t.scope),
    index('email_tokens_purpose_created_idx').on(t.purpose, t.createdAt),
  ],
);

/** Every inbound email we acted on, by Message-ID: a replayed message posts nothing. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    messageId: text('message_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    outcome: text('outcome').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.tokenHash] })],
);
