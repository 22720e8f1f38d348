import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMembers,
  insertConversation,
  insertMessage,
  insertReport,
} from '../src/features/people/messages.repository';
import { peoplePolicies } from '../src/features/people/people.policies';
import { rowsOf } from '../src/platform/db/database';
import { createTestApp, createUser, type TestApp, actorFor, clientFor, type TestUser } from './helpers/app';
import { TestClient } from './helpers/client';
import { tinyPng } from './security/files';
import { profileForm } from './helpers/people';
import { multipartBody, SAME_ORIGIN } from './helpers/http';

/**
 * Who may do what with people, profiles and messages, written out by hand.
 * Stewards and owners are members who hold a group role: it gives them no
 * extra rights here. The policies must agree, and the server must enforce it.
 */
type Who = 'anonymous' | 'reader' | 'member' | 'steward' | 'owner' | 'moderator' | 'admin';
type Outcome = 'allowed' | 'sign-in' | 'forbidden';
const WHO: Who[] = ['anonymous', 'reader', 'member', 'steward', 'owner', 'moderator', 'admin'];
const A = 'allowed',
  S = 'sign-in',
  F = 'forbidden';
const row = (...o: Outcome[]) => Object.fromEntries(WHO.map((w, i) => [w, o[i]!])) as Record<Who, Outcome>;

type Action =
  | 'viewProfile'
  | 'openEditor'
  | 'saveProfile'
  | 'uploadPhoto'
  | 'viewDirectory'
  | 'joinPhoneAFriend'
  | 'startConversation'
  | 'reply'
  | 'block'
  | 'report'
  | 'viewReports'
  | 'resolveReport'
  | 'exportData'
  | 'deleteAccount';

//                                     anonymous reader member steward owner moderator admin
const EXPECTED: Record<Action, Record<Who, Outcome>> = {
  viewProfile: row(A, A, A, A, A, A, A),
  openEditor: row(S, F, A, A, A, A, A),
  saveProfile: row(S, F, A, A, A, A, A),
  uploadPhoto: row(S, F, A, A, A, A, A),
  viewDirectory: row(S, F, A, A, A, A, A),
  joinPhoneAFriend: row(S, F, A, A, A, A, A),
  startConversation: row(S, F, A, A, A, A, A),
  reply: row(S, F, A, A, A, A, A),
  block: row(S, F, A, A, A, A, A),
  report: row(S, F, A, A, A, A, A),
  viewReports: row(S, F, F, F, F, A, A),
  resolveReport: row(S, F, F, F, F, A, A),
  exportData: row(S, A, A, A, A, A, A),
  deleteAccount: row(S, A, A, A, A, A, A),
};

/** The policy each action is decided by (viewing a profile is open to all; what shows is the visibility rule's business). */
const POLICY: Record<Action, (actor: ReturnType<typeof actorFor> | null) => boolean> = {
  viewProfile: (a) => peoplePolicies.viewProfile(a),
  openEditor: (a) => peoplePolicies.editProfile(a),
  saveProfile: (a) => peoplePolicies.editProfile(a),
  uploadPhoto: (a) => peoplePolicies.editProfile(a),
  viewDirectory: (a) => peoplePolicies.viewDirectory(a),
  joinPhoneAFriend: (a) => peoplePolicies.joinPhoneAFriend(a),
  startConversation: (a) => peoplePolicies.sendMessages(a),
  reply: (a) => peoplePolicies.sendMessages(a),
  block: (a) => peoplePolicies.block(a),
  report: (a) => peoplePolicies.report(a),
  viewReports: (a) => peoplePolicies.moderateMessages(a),
  resolveReport: (a) => peoplePolicies.moderateMessages(a),
  exportData: (a) => peoplePolicies.ownData(a),
  deleteAccount: (a) => peoplePolicies.ownData(a),
};

let t: TestApp;
let target: TestUser;

async function personFor(who: Exclude<Who, 'anonymous'>): Promise<TestUser> {
  const role = who === 'steward' || who === 'owner' ? 'member' : who;
  const user = await createUser(t.database, { role });
  if (who === 'steward' || who === 'owner') {
    const group = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`insert into groups (slug, name, kind, purpose, status, created_by)
        values (${`g-${user.id}`}, ${`Group ${user.id}`}, 'committee', 'Keeps pages current.', 'active', ${user.id}) returning id`),
    )[0]!;
    await t.database.db.execute(
      sql`insert into group_members (group_id, user_id, role) values (${group.id}, ${user.id}, ${who})`,
    );
  }
  return user;
}

/** A conversation between `user` and the target, with a message from the target (so it can be reported). */
async function conversationWith(user: TestUser | undefined) {
  const db = t.database.db;
  const members = user ? [user.id, target.id] : [target.id];
  const id = await insertConversation(db, { subject: 'Matrix', createdBy: target.id, now: t.clock.now() });
  await addMembers(db, id, members);
  const messageId = (await insertMessage(db, {
    conversationId: id,
    authorId: target.id,
    body: 'From the target',
    idempotencyKey: null,
    via: 'web',
    now: t.clock.now(),
  }))!;
  const reportId = await insertReport(db, {
    messageId,
    reporterId: target.id,
    reason: 'Matrix report',
    now: t.clock.now(),
  });
  return { id, messageId, reportId };
}

async function attempt(action: Action, who: Who): Promise<number> {
  const user = who === 'anonymous' ? undefined : await personFor(who);
  const client = user ? await clientFor(t, user) : new TestClient(t.app);
  const token = await client.csrf(user ? '/account' : '/sign-in');
  const form = (path: string, fields: Record<string, string | string[]>) => client.post(path, fields, { csrf: token });
  const c = await conversationWith(user);
  switch (action) {
    case 'viewProfile':
      return (await client.get(`/people/${target.username}`)).status;
    case 'openEditor':
      return (await client.get('/account/profile')).status;
    case 'saveProfile':
      return (await form('/account/profile', profileForm({ expertise: [] }))).status;
    case 'uploadPhoto':
      return (
        await client.request('/account/profile/photo', {
          method: 'POST',
          body: multipartBody({ _csrf: token }, { photo: new File([tinyPng()], 'p.png') }),
          headers: SAME_ORIGIN,
        })
      ).status;
    case 'viewDirectory':
      return (await client.get('/people/phone-a-friend')).status;
    case 'joinPhoneAFriend':
      return (await form('/account/phone-a-friend', { howICanHelp: 'Lending.', preferredContact: 'message' })).status;
    case 'startConversation':
      return (await form('/messages', { to: target.username, subject: 'Hello', body: 'A question.' })).status;
    case 'reply':
      return (await form(`/messages/${c.id}`, { body: 'A reply.' })).status;
    case 'block':
      return (await form(`/people/${target.username}/block`, {})).status;
    case 'report':
      return (await form(`/messages/${c.id}/report`, { messageId: String(c.messageId), reason: 'Spam' })).status;
    case 'viewReports':
      return (await client.get('/moderation/messages')).status;
    case 'resolveReport':
      return (await form(`/moderation/messages/${c.reportId}`, { decision: 'dismiss' })).status;
    case 'exportData':
      return (await client.request('/account/data/export.json')).status;
    case 'deleteAccount':
      return (await form('/account/delete', { password: user?.password ?? 'x', understood: 'yes' })).status;
  }
}

const STATUS: Record<Outcome, number[]> = { allowed: [200, 303], 'sign-in': [401], forbidden: [403] };

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  target = await createUser(t.database, { displayName: 'Tara Target' });
  await createUser(t.database, { role: 'admin' });
});
afterAll(() => t.close());

describe('people authorisation matrix', () => {
  for (const [action, expected] of Object.entries(EXPECTED) as Array<[Action, Record<Who, Outcome>]>) {
    describe(action, () => {
      for (const who of WHO) {
        it(`${who}: ${expected[who]}`, async () => {
          const status = await attempt(action, who);
          expect(STATUS[expected[who]], `${action} as ${who} answered ${status}`).toContain(status);
        });
      }
      it('agrees with the policy function', async () => {
        for (const who of WHO) {
          const user = who === 'anonymous' ? null : actorFor(await personFor(who));
          expect(POLICY[action](user), `${action} as ${who}`).toBe(expected[who] === 'allowed');
        }
      });
    });
  }
});
