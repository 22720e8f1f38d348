import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table';
import { storedHtmlColumns } from '../../platform/content/columns';
import type { SafeHtml } from '../../platform/content/markdown';

export const VISIBILITIES = ['public', 'members', 'hidden'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * A person's profile. Each field's visibility is in `visibility` (field name →
 * public | members | hidden); a missing entry means "members", except the
 * display name (on users), which is always public.
 */
export const profiles = pgTable(
  'profiles',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    pronouns: text('pronouns').notNull().default(''),
    institution: text('institution').notNull().default(''),
    libraryType: text('library_type').notNull().default(''),
    country: text('country').notNull().default(''),
    region: text('region').notNull().default(''),
    /** IANA zone, e.g. America/Chicago. */
    timeZone: text('time_zone').notNull().default(''),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    systems: text('systems').array().notNull().default(sql`'{}'::text[]`),
    /** From the shared expertise list (includes the library's topic slugs). */
    expertise: text('expertise').array().notNull().default(sql`'{}'::text[]`),
    bio: text('bio').notNull().default(''),
    /** `bio` rendered when saved: pages show this and never render. */
    bioHtml: text('bio_html').$type<SafeHtml>(),
    renderVersion: integer('render_version').notNull().default(0),
    links: jsonb('links').$type<Array<{ title: string; url: string }>>().notNull().default([]),
    /** Stored file name under DATA_DIR/profile-photos, if any. */
    photo: text('photo'),
    photoType: text('photo_type'),
    /** Email is shown only when the person says so. */
    showEmail: text('show_email', { enum: VISIBILITIES }).notNull().default('hidden'),
    visibility: jsonb('visibility').$type<Record<string, Visibility>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('profiles_expertise_idx').using('gin', t.expertise),
    index('profiles_systems_idx').using('gin', t.systems),
    index('profiles_languages_idx').using('gin', t.languages),
    // The directory's other filters (see bench/people.ts).
    index('profiles_library_type_idx').on(t.libraryType),
    index('profiles_time_zone_idx').on(t.timeZone),
    index('profiles_country_idx').on(sql`lower(${t.country})`),
    index('profiles_region_idx').on(sql`lower(${t.region})`),
    index('profiles_render_version_idx').on(t.renderVersion),
  ],
);

/** "Phone a Friend": opted in to be contacted; lapses 12 months after the last confirmation. */
export const phoneAFriend = pgTable(
  'phone_a_friend',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    howICanHelp: text('how_i_can_help').notNull(),
    preferredContact: text('preferred_contact').notNull().default('message'),
    optedInAt: timestamp('opted_in_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
    lapsesAt: timestamp('lapses_at', { withTimezone: true }).notNull(),
    /** The lapse date a reminder was sent for: one reminder per lapse date. */
    remindedFor: timestamp('reminded_for', { withTimezone: true }),
  },
  (t) => [
    index('phone_a_friend_lapses_idx').on(t.lapsesAt),
    // The directory lists newest confirmations first: a page is the first rows of this index that match.
    index('phone_a_friend_confirmed_idx').on(t.confirmedAt.desc(), t.userId),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subject: text('subject').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversations_last_idx').on(t.lastMessageAt)],
);

export const conversationMembers = pgTable(
  'conversation_members',
  {
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index('conversation_members_user_idx').on(t.userId)],
);

export const messages = pgTable(
  'messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** `body` rendered when saved: pages show this and never render. */
    ...storedHtmlColumns('body_html'),
    idempotencyKey: text('idempotency_key'),
    via: text('via', { enum: ['web', 'email'] })
      .notNull()
      .default('web'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('messages_idempotency_key').on(t.authorId, t.idempotencyKey),
    index('messages_render_version_idx').on(t.renderVersion),
  ],
);

export const userBlocks = pgTable(
  'user_blocks',
  {
    blockerId: integer('blocker_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    blockedId: integer('blocked_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] })],
);

export const messageReports = pgTable(
  'message_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: integer('resolved_by').references(() => users.id),
  },
  (t) => [index('message_reports_open_idx').on(t.createdAt).where(sql`resolved_at is null`)],
);
