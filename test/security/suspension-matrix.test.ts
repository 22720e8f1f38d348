import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyByEmail as forumReplyByEmail } from '../../src/features/community/community.inbound';
import { changeMembership, editGroup, requestGroup } from '../../src/features/groups/groups.usecases';
import { createExpertList, inviteExpert } from '../../src/features/groups/experts.usecases';
import { assignStewardship, proposeHandover } from '../../src/features/groups/stewardship.usecases';
import { submitSuggestion } from '../../src/features/groups/suggestions.usecases';
import { reviseArticle } from '../../src/features/library/library.usecases';
import {
  replyByEmail as replyToConversationByEmail,
  startConversation,
} from '../../src/features/people/messages.usecases';
import { joinPhoneAFriend } from '../../src/features/people/phone-a-friend.usecases';
import { profileSchema } from '../../src/features/people/people.schemas';
import type { Actor } from '../../src/platform/auth/actor';
import { insertSuspension, liftSuspension, SUSPENDED_CODE } from '../../src/platform/auth/standing';
import { rowsOf } from '../../src/platform/db/database';
import { AppError } from '../../src/platform/http/errors';
import { validate } from '../../src/platform/http/forms';
import { createTestApp, createUser, type TestApp, actorFor, clientFor, type TestUser } from '../helpers/app';
import { tinyPng } from './files';
import { vocabularyFor } from '../../src/platform/vocabulary/vocabulary';
import { exampleGroup, maintain } from '../helpers/groups';
import { profileForm } from '../helpers/people';
import { addTopic, articleContent, newArticle } from '../helpers/content';
import { errorCode } from '../helpers/http';
import { exampleStep, exampleWorkflow } from '../helpers/workflows';
import { eventInput } from '../helpers/events';
import { updateWorkflowSteps } from '../../src/features/workflows/workflows.repository';
import { findPage as findSystemPage } from '../../src/features/systems/systems.repository';
import { editSystemPage, verifyRepresentative } from '../../src/features/systems/systems.usecases';
import { findRecord as findResourceRecord } from '../../src/features/resources/records.repository';
import { editRecord } from '../../src/features/resources/records.usecases';
import { newSchedule } from '../../src/features/learning/learning.review';
import { checklistFor } from '../../src/features/reports/reports.assessment.content';
import { addCards as addReviewCards } from '../../src/features/learning/learning.review.repository';
import {
  insertItems as insertPlanItems,
  insertPlan,
  itemsOf as planItemsOf,
  setAccepted as setPlanAccepted,
} from '../../src/features/learning/learning.plans.repository';

/**
 * Every state-changing use case refuses a suspended member, the way the CSRF
 * test covers every route: the test reads every `*.usecases.ts` module of
 * every feature, and each exported function must be either called below as a
 * suspended person (refused with the stable code, nothing written, and the
 * very same call accepted once the suspension is lifted, so the refusal is
 * the suspension's and not bad test data) or listed as exempt, with the
 * reason. A new use case without the check fails here until it gets one.
 */

const FEATURES = path.resolve(import.meta.dirname, '../../src/features');
const modules: Record<string, Record<string, unknown>> = {};
for (const feature of fs.readdirSync(FEATURES)) {
  const dir = path.join(FEATURES, feature);
  if (!fs.statSync(dir).isDirectory()) continue;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.usecases.ts'))) {
    modules[`${feature}/${file.replace(/\.usecases\.ts$/, '')}`] = (await import(path.join(dir, file))) as Record<
      string,
      unknown
    >;
  }
}

/** Every exported function of every use-case module, as "feature/module.name". */
function exportedFunctions(): string[] {
  return Object.entries(modules).flatMap(([mod, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => `${mod}.${name}`),
  );
}

/** What every imported event gets (iCalendar import): a named organiser, free, virtual. */
const importSettings = () => ({
  kind: 'workshop',
  cost: 'free',
  feeAmount: '',
  format: 'virtual',
  organiserGroupId: null,
  organiserName: 'Example Consortium',
  organiserUrl: '',
  defaultZone: 'UTC',
});

const uc = (name: string) => {
  const [mod, fn] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
  const f = modules[mod]?.[fn];
  if (typeof f !== 'function') throw new Error(`no use case ${name}`);
  return f as (input: Record<string, unknown>) => Promise<unknown>;
};

/** A dataset and a private report composed from it, for the composed-report use cases (docs/decisions/044). */
async function composedFor(actor: Actor): Promise<number> {
  const made = (await uc('reports/reports.importNewDataset')({
    db: db(),
    actor,
    now: now(),
    name: 'Matrix report',
    preset: 'custom',
    mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
    bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
  })) as { datasetId: number };
  const out = (await uc('reports/reports.compose.composeReport')({
    db: db(),
    actor,
    now: now(),
    datasetId: made.datasetId,
    input: { title: 'Matrix', measures: ['volume'], periodFrom: '2025-01', periodTo: '2025-01', commentary: '' },
  })) as { report: { id: number } };
  return out.report.id;
}

/** Not checked, and why. Reading, signing out, exporting and deleting one's own data are route-level and covered below. */
const EXEMPT: Record<string, string> = {
  'events/events.import.refreshFeed':
    'scheduled job, no actor: it checks the feed owner’s standing itself and pauses a suspended owner’s feed',
  'events/events.import.queueDueFeeds': 'scheduled job, no actor',
  'events/events.import.feedsOf': 'reading the member’s own feeds',
  'events/events.import.importedEvents': 'reading',
  'events/events.feeds.othersFeeds': 'reading: the other members’ feeds an editor may manage',
  'events/events.calendar-keys.revokeCalendarKey':
    'account safety: stopping one’s own private calendar address stays open (covered below as allowed)',
  'reports/reports.viewDataset': 'reading the member’s own dataset',
  'reports/reports.listDatasets': 'reading the member’s own datasets',
  'reports/reports.ownDataset': 'reading: the dataset the actor may see or change (a check, not a use case of its own)',
  'reports/reports.compose.composeChoices': 'reading the measures and months of a dataset one may see',
  'reports/reports.compose.readReport': 'reading a report one may see',
  'reports/reports.compose.readSharedReport': 'reading a report by its link (anyone holding it)',
  'reports/reports.compose.readExample': 'reading a published report example (anyone)',
  'reports/reports.compose.galleryExamples': 'reading the public gallery',
  'reports/reports.compose.myReports': 'reading the member’s reports and their groups’ workspaces',
  'reports/reports.compose.datasetWorkspace': 'reading a dataset’s group and whether one may change it',
  'reports/reports.compose.uploadWorkspaces': 'reading the groups one may upload for',
  'reports/reports.peers.viewCosts': 'reading the cost inputs of a dataset one may see',
  'reports/reports.peers.viewComparison': 'reading where one’s dataset stands among its cohorts',
  'reports/reports.peers.viewReference': 'reading the public PLS reference figures (anyone, signed in or not)',
  'reports/reports.assessment.myAssessments': 'reading the member’s own self-assessments',
  'reports/reports.assessment.readAssessment': 'reading one of the member’s own self-assessments',
  'reports/reports.recipes.recipeList': 'reading the public report recipes (anyone)',
  'reports/reports.recipes.readRecipe': 'reading a public report recipe (anyone)',
  'reports/reports.compose.reportReviewsOverdue': 'reading the report examples and recipes past their review date',
  'tools/tools.checkIso18626Message': 'a read-only checker anyone may use (signed in or not); it stores nothing',
  'learning/learning.citations.checkCitationExercise':
    'practice anyone may do (signed in or not): answers are checked against the key and nothing is stored',
  'resources/resources.runLinkCheck': 'the weekly link-check job: the hub acts for itself, no member acts',
  'workflows/workflows.memberGroupIds': 'reads the groups a member belongs to',
  'workflows/workflows.visibleWorkflow': 'reads a workflow (private ones only for their owners)',
  'workflows/workflows.ownRun': 'reads the member’s own run',
  'learning/learning.plans.viewPlan': 'reads a plan (its manager’s or colleague’s only)',
  'learning/learning.plans.myPlans': 'reads the member’s own plans',
  'workflows/workflows.decisionsFrom': 'a pure conversion of form lines, no writing',
  'accounts/accounts.signUp': 'no signed-in actor: making an account',
  'accounts/accounts.signIn': 'no signed-in actor: a suspended member may still sign in, to read',
  'accounts/accounts.signOut': 'signing out stays open (covered by the route checks below)',
  'accounts/accounts.requestPasswordReset': 'no signed-in actor: recovering an account',
  'accounts/accounts.checkResetToken': 'reads a token',
  'accounts/accounts.resetPassword': 'account safety: recovering an account stays open',
  'accounts/accounts.changePassword': 'account safety: securing an account stays open',
  'accounts/accounts.requestEmailChange': 'account safety: keeping the address current stays open',
  'accounts/accounts.confirmEmailChange': 'account safety: keeping the address current stays open',
  'accounts/accounts.pendingEmailChange': 'reads a token',
  'accounts/accounts.confirmAddress': 'account safety: proving one’s address stays open',
  'accounts/accounts.resendAddressConfirmation': 'account safety: proving one’s address stays open',
  'accounts/accounts.changeRole':
    'administrators only; administrators cannot be suspended (suspendMember refuses), so a suspended member is refused by role',
  'accounts/accounts.createAdmin': 'the command-line tool, no actor',
  'community/community.settleThread': 'helper inside moderation and deletion use cases, no actor',
  'community/moderation.flagPost':
    'a flag reaches only moderators; someone suspended must still be able to report abuse aimed at them',
  'drafts/drafts.discardDraft': 'only takes the person’s own private draft away',
  'drafts/drafts.draftSubmitted': 'helper after a submission whose own use case checked the actor',
  'drafts/drafts.pruneOldDrafts': 'scheduled job, no actor',
  'groups/groups.groupEvent': 'helper: records an event in the caller’s transaction',
  'groups/groups.endTerms': 'scheduled job, no actor',
  'groups/stewardship.sweepOverdue': 'scheduled job, no actor',
  'groups/stewardship.claimUrl': 'helper: a path',
  'groups/stewardship.withdrawClaim': 'only takes the person’s own request back',
  'groups/suggestions.readSuggestion': 'reading',
  'library/library.insertNewArticle':
    'helper inside createArticle’s transaction and the starter-content loader, no actor',
  'notifications/notifications.enqueueEmailBatches': 'job, no actor',
  'notifications/notifications.refreshQueueStatistics': 'job, no actor',
  'notifications/notifications.notify': 'helper: tells people inside another use case’s transaction',
  'notifications/notifications.watch':
    'helper keyed by user id (e.g. the author’s own thread) inside a use case that checks its actor; members watch through watchTarget',
  'notifications/notifications.unwatch': 'helper keyed by user id; members stop watching through unwatchTarget',
  'notifications/notifications.setThreadMuted': 'helper keyed by user id; members mute through muteThread',
  'notifications/notifications.replyAddress': 'helper: mints a reply address for outgoing mail',
  'notifications/notifications.setReplyDomain': 'configuration',
  'notifications/notifications.openNotification': 'marks the person’s own notification read; reaches no one',
  'notifications/notifications.subjectSeen':
    'helper keyed by user id: marks the person’s own notifications about something they opened read; reaches no one',
  'notifications/notifications.markAllNotificationsRead': 'marks the person’s own notifications read; reaches no one',
  'notifications/notifications.updatePreferences': 'hearing less (or more) is the person’s own choice; reaches no one',
  'notifications/notifications.unsubscribeByToken':
    'no signed-in actor: the link’s token is the authority, and stopping email is always allowed',
  'notifications/notifications.replyDomain': 'configuration',
  'notifications/watches.unwatchTarget': 'hearing less is always allowed',
  'notifications/watches.muteThread': 'hearing less is always allowed',
  'people/people.loadFullProfile': 'reading',
  'people/people.exportAllData': 'downloading one’s own data stays open (covered by the route checks below)',
  'people/people.deleteAccount': 'deleting one’s own account stays open (covered by the route checks below)',
  'people/messages.markConversationRead': 'moves only the person’s own read marker',
  'people/people.indexPerson': 'helper inside updateProfile’s transaction',
  'people/people.photosDir': 'helper: a path',
  'people/people.photoPath': 'helper: a path',
  'people/people.removePhotoFiles': 'helper used by account deletion',
  'people/people.removePhoto': 'only takes the person’s own photo away',
  'people/messages.leave': 'only takes the person out of a conversation',
  'people/messages.block': 'self-protection; reaches no one',
  'people/messages.unblock': 'undoes the person’s own block; reaches no one',
  'people/messages.reportMessage':
    'a report reaches only moderators; someone suspended must still be able to report abuse',
  'people/phone-a-friend.leavePhoneAFriend': 'only takes the person out of the directory',
};

type Who = 'member' | 'editor' | 'moderator' | 'admin';
interface Call {
  /** Who calls (they are suspended for the call); members are the usual case. */
  as?: Who;
  /** Prepare what the call needs while nobody is suspended, and return the call. */
  prepare: (actor: Actor) => Promise<() => Promise<unknown>>;
}

let t: TestApp;
const people = {} as Record<Who | 'olive' | 'pat' | 'zed', TestUser>;
const db = () => t.database.db;
const now = () => t.clock.now();
const act = (who: keyof typeof people): Actor => actorFor(people[who]);
let n = 0;
const unique = (label: string) => `${label} ${process.pid}-${++n}`;

/** An onboarding plan with one task, made directly (no rate limit, no waiting-plan check). */
async function planFor(v: { managerId: number; learnerId: number; accepted?: boolean }) {
  const plan = await insertPlan(db(), { ...v, title: 'First weeks', template: null, now: now() });
  await insertPlanItems(db(), plan.id, [{ kind: 'task', ref: null, title: 'Shadow a colleague', week: 1 }], now());
  if (v.accepted) await setPlanAccepted(db(), plan.id, now());
  return plan;
}

async function postAs(author: TestUser, over: Record<string, unknown> = {}) {
  const result = (await uc('community/community.createThread')({
    db: db(),
    actor: actorFor(author),
    now: now(),
    input: {
      title: unique('Which lenders accept IFLA vouchers?'),
      body: 'We have a thesis request from France.',
      categorySlug: 'international',
      kind: 'question',
      topicSlugs: [],
      ...over,
    },
    idempotencyKey: null,
  })) as { ok: true; thread: { id: number }; post: { id: number } };
  return result;
}

async function replyAs(author: TestUser, threadId: number) {
  return (await uc('community/community.replyToThread')({
    db: db(),
    actor: actorFor(author),
    now: now(),
    threadId,
    body: 'We accept them for loans and copies alike.',
    idempotencyKey: null,
  })) as {
    post: { id: number };
  };
}

/** A group the actor owns (a member's group: owners are stewards too), with the people given. */
async function groupOf(owner: Actor, members: Array<[TestUser, 'owner' | 'steward' | 'member']> = []) {
  return exampleGroup(t, { ...owner }, people.admin, { name: unique('Example Committee'), members });
}

async function conversationWithPat(actor: Actor): Promise<number> {
  const started = await startConversation({
    db: db(),
    actor,
    now: now(),
    to: [people.pat.username],
    subject: 'Courier schedules',
    body: 'When does your courier come?',
  });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  return started.conversationId;
}

/** An event by Pat a year ahead: questions for its speakers stay open however far the clock runs. */
async function patsFutureEvent(): Promise<number> {
  const input = eventInput({ startsAt: new Date('2027-03-10T14:00:00Z'), endsAt: new Date('2027-03-10T15:00:00Z') });
  const { event } = (await uc('events/events.createEvent')({ db: db(), actor: act('pat'), now: now(), input })) as {
    event: { id: number };
  };
  return event.id;
}

async function askAs(actor: Actor, eventId: number): Promise<number> {
  const asked = (await uc('events/events.questions.askQuestion')({
    db: db(),
    actor,
    now: now(),
    eventId,
    sessionId: null,
    body: unique('What should we read before the session?'),
  })) as { ok: boolean; id: number };
  if (!asked.ok) throw new Error('the question was refused');
  return asked.id;
}

async function subscribedFeed(actor: Actor): Promise<number> {
  const { feed } = (await uc('events/events.import.subscribeFeed')({
    db: db(),
    actor,
    now: now(),
    // One active subscription per calendar: each its own address.
    url: `https://calendar.example/feed-${++n}.ics`,
    settings: importSettings(),
  })) as { feed: { id: number } };
  return feed.id;
}

async function ownEvent(actor: Actor): Promise<number> {
  const { event } = (await uc('events/events.createEvent')({ db: db(), actor, now: now(), input: eventInput() })) as {
    event: { id: number };
  };
  return event.id;
}

/** Each checked use case (and each other path to one), as a suspended person would call it. */
const CALLS: Record<string, Call> = {
  'search/synonyms.saveSynonyms': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('search/synonyms.saveSynonyms')({
        db: db(),
        actor,
        now: now(),
        yaml: 'synonyms:\n  - terms: [quoll, dasyure]\n    reason: test\n',
        note: '',
      }),
  },
  'events/events.createEvent': {
    prepare: async (actor) => () =>
      uc('events/events.createEvent')({ db: db(), actor, now: now(), input: eventInput() }),
  },
  'events/events.updateEvent': {
    prepare: async (actor) => {
      const id = await ownEvent(actor);
      return () =>
        uc('events/events.updateEvent')({ db: db(), actor, now: now(), id, input: eventInput({ title: 'Changed' }) });
    },
  },
  'events/events.cancelEvent': {
    prepare: async (actor) => {
      const id = await ownEvent(actor);
      return () => uc('events/events.cancelEvent')({ db: db(), actor, now: now(), id });
    },
  },
  'events/events.addSession': {
    prepare: async (actor) => {
      const eventId = await ownEvent(actor);
      const input = {
        title: 'Opening',
        speakers: [],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: '',
        link: '',
        materials: '',
      };
      return () => uc('events/events.addSession')({ db: db(), actor, now: now(), eventId, input });
    },
  },
  'events/events.removeSession': {
    prepare: async (actor) => {
      const eventId = await ownEvent(actor);
      const input = {
        title: 'Opening',
        speakers: [],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: '',
        link: '',
        materials: '',
      };
      const { session } = (await uc('events/events.addSession')({ db: db(), actor, now: now(), eventId, input })) as {
        session: { id: number };
      };
      return () => uc('events/events.removeSession')({ db: db(), actor, now: now(), eventId, sessionId: session.id });
    },
  },
  'events/events.addLink': {
    prepare: async (actor) => {
      const eventId = await ownEvent(actor);
      const input = { kind: 'recording', title: 'Recording', url: 'https://video.example/rec' };
      return () => uc('events/events.addLink')({ db: db(), actor, now: now(), eventId, input });
    },
  },
  'events/events.startDiscussion': {
    prepare: async (actor) => {
      const eventId = await ownEvent(act('pat'));
      return () => uc('events/events.startDiscussion')({ db: db(), actor, now: now(), eventId });
    },
  },
  'events/events.after.addTranscript': {
    prepare: async (actor) => {
      const eventId = await ownEvent(actor);
      await uc('events/events.addLink')({
        db: db(),
        actor,
        now: now(),
        eventId,
        input: { kind: 'recording', title: 'Recording', url: 'https://video.example/rec' },
      });
      const linkId = Number(
        rowsOf<{ id: number }>(await db().execute(sql`select id from calendar_links where event_id = ${eventId}`))[0]!
          .id,
      );
      return () =>
        uc('events/events.after.addTranscript')({
          db: db(),
          actor,
          now: now(),
          eventId,
          linkId,
          transcript: 'What the speaker said.',
        });
    },
  },
  'events/events.after.uploadEventFile': {
    prepare: async (actor) => {
      const eventId = await ownEvent(actor);
      const uploadsDir = path.join(t.deps.config.dataDir, 'uploads');
      return () =>
        uc('events/events.after.uploadEventFile')({
          db: db(),
          actor,
          now: now(),
          eventId,
          title: 'Map',
          file: { name: 'map.png', bytes: tinyPng() },
          uploadsDir,
        });
    },
  },
  'events/events.after.startSessionDiscussion': {
    prepare: async (actor) => {
      const eventId = await ownEvent(actor);
      const input = {
        title: 'Opening',
        speakers: [],
        startsAt: new Date('2026-03-10T14:00:00Z'),
        endsAt: new Date('2026-03-10T14:30:00Z'),
        room: '',
        link: '',
        materials: '',
      };
      const { session } = (await uc('events/events.addSession')({ db: db(), actor, now: now(), eventId, input })) as {
        session: { id: number };
      };
      return () =>
        uc('events/events.after.startSessionDiscussion')({
          db: db(),
          actor,
          now: now(),
          eventId,
          sessionId: session.id,
        });
    },
  },
  'events/events.postTeachBack': {
    prepare: async (actor) => {
      const eventId = await ownEvent(act('pat'));
      return () =>
        uc('events/events.postTeachBack')({
          db: db(),
          actor,
          now: now(),
          eventId,
          body: 'What I learned and will change.',
        });
    },
  },
  'reports/reports.importNewDataset': {
    prepare: async (actor) => () =>
      uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      }),
  },
  'reports/reports.importIntoDataset': {
    prepare: async (actor) => {
      const made = (await uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix into',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      })) as { datasetId: number };
      return () =>
        uc('reports/reports.importIntoDataset')({
          db: db(),
          actor,
          now: now(),
          datasetId: made.datasetId,
          bytes: new TextEncoder().encode('d,s,t\n2025-01-03,unfilled,copy\n'),
        });
    },
  },
  'reports/reports.deleteDataset': {
    prepare: async (actor) => {
      const made = (await uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix delete',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      })) as { datasetId: number };
      return () => uc('reports/reports.deleteDataset')({ db: db(), actor, now: now(), datasetId: made.datasetId });
    },
  },
  'reports/reports.peers.saveCosts': {
    prepare: async (actor) => {
      const made = (await uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix costs',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      })) as { datasetId: number };
      const inputs = {
        staffMinutesPerRequest: 10,
        hourlyCost: 30,
        shippingPerLoan: 5,
        feesPaid: 0,
        ifmPaid: 0,
        bookPrice: 40,
        articleCost: 30,
      };
      return () =>
        uc('reports/reports.peers.saveCosts')({ db: db(), actor, now: now(), datasetId: made.datasetId, inputs });
    },
  },
  'reports/reports.peers.joinPeers': {
    prepare: async (actor) => {
      const made = (await uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix peers',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      })) as { datasetId: number };
      const vocabulary = await vocabularyFor(t.deps.config.contentDir);
      return () =>
        uc('reports/reports.peers.joinPeers')({
          db: db(),
          actor,
          now: now(),
          datasetId: made.datasetId,
          settings: { libraryType: 'public' },
          vocabulary,
        });
    },
  },
  'reports/reports.peers.leavePeers': {
    prepare: async (actor) => {
      const made = (await uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix leave',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      })) as { datasetId: number };
      const vocabulary = await vocabularyFor(t.deps.config.contentDir);
      await uc('reports/reports.peers.joinPeers')({
        db: db(),
        actor,
        now: now(),
        datasetId: made.datasetId,
        settings: { region: 'international' },
        vocabulary,
      });
      return () => uc('reports/reports.peers.leavePeers')({ db: db(), actor, now: now(), datasetId: made.datasetId });
    },
  },
  'reports/reports.compose.composeReport': {
    prepare: async (actor) => {
      const made = (await uc('reports/reports.importNewDataset')({
        db: db(),
        actor,
        now: now(),
        name: 'Matrix compose',
        preset: 'custom',
        mapping: { requestDate: 'd', status: 's', requestType: 't', fixedDirection: 'borrowing' },
        bytes: new TextEncoder().encode('d,s,t\n2025-01-02,filled,loan\n'),
      })) as { datasetId: number };
      return () =>
        uc('reports/reports.compose.composeReport')({
          db: db(),
          actor,
          now: now(),
          datasetId: made.datasetId,
          input: { title: 'Matrix', measures: ['volume'], periodFrom: '2025-01', periodTo: '2025-01', commentary: '' },
        });
    },
  },
  'reports/reports.compose.reviseReport': {
    prepare: async (actor) => {
      const reportId = await composedFor(actor);
      return () =>
        uc('reports/reports.compose.reviseReport')({
          db: db(),
          actor,
          now: now(),
          reportId,
          input: {
            title: 'Revised',
            measures: ['volume'],
            periodFrom: '2025-01',
            periodTo: '2025-01',
            commentary: 'x',
          },
        });
    },
  },
  'reports/reports.compose.shareReport': {
    prepare: async (actor) => {
      const reportId = await composedFor(actor);
      return () =>
        uc('reports/reports.compose.shareReport')({ db: db(), actor, now: now(), reportId, sharing: 'link' });
    },
  },
  'reports/reports.compose.publishReport': {
    prepare: async (actor) => {
      const reportId = await composedFor(actor);
      return () =>
        uc('reports/reports.compose.publishReport')({
          db: db(),
          actor,
          now: now(),
          reportId,
          input: {
            purpose: 'Made for the matrix of suspensions.',
            audience: 'Testers',
            reception: 'Received as expected by the test.',
          },
        });
    },
  },
  'reports/reports.compose.markExampleReviewed': {
    prepare: async (actor) => {
      const reportId = await composedFor(actor);
      await uc('reports/reports.compose.publishReport')({
        db: db(),
        actor,
        now: now(),
        reportId,
        input: {
          purpose: 'Made for the matrix of suspensions.',
          audience: 'Testers',
          reception: 'Received as expected by the test.',
        },
      });
      return () => uc('reports/reports.compose.markExampleReviewed')({ db: db(), actor, now: now(), reportId });
    },
  },
  'reports/reports.recipes.markRecipeReviewed': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('reports/reports.recipes.markRecipeReviewed')({
        db: db(),
        actor,
        now: now(),
        slug: 'fill-rate-to-your-director',
      }),
  },
  'reports/reports.compose.deleteComposedReport': {
    prepare: async (actor) => {
      const reportId = await composedFor(actor);
      return () => uc('reports/reports.compose.deleteComposedReport')({ db: db(), actor, now: now(), reportId });
    },
  },
  'reports/reports.assessment.saveAssessment': {
    prepare: async (actor) => {
      const checklist = await checklistFor(t.deps.config.contentDir);
      return () =>
        uc('reports/reports.assessment.saveAssessment')({
          db: db(),
          actor,
          now: now(),
          checklist,
          values: { 'score-speed-few-hands': '2', 'note-speed-few-hands': 'Saved by the matrix' },
        });
    },
  },
  'events/events.import.importCalendarFile': {
    as: 'editor',
    prepare: async (actor) => {
      const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\nUID:matrix-${Date.now()}@example\r\nDTSTART:20270301T150000Z\r\nDTEND:20270301T160000Z\r\nSUMMARY:Example import\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
      return () =>
        uc('events/events.import.importCalendarFile')({
          db: db(),
          actor,
          now: now(),
          bytes: new TextEncoder().encode(ics),
          settings: importSettings(),
        });
    },
  },
  'events/events.import.subscribeFeed': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('events/events.import.subscribeFeed')({
        db: db(),
        actor,
        now: now(),
        url: `https://calendar.example/feed-${++n}.ics`,
        settings: importSettings(),
      }),
  },
  'events/events.questions.askQuestion': {
    prepare: async (actor) => {
      const eventId = await patsFutureEvent();
      return () =>
        uc('events/events.questions.askQuestion')({
          db: db(),
          actor,
          now: now(),
          eventId,
          sessionId: null,
          body: 'What should we read before the session?',
        });
    },
  },
  'events/events.questions.removeQuestion': {
    prepare: async (actor) => {
      const eventId = await patsFutureEvent();
      const questionId = await askAs(actor, eventId);
      return () => uc('events/events.questions.removeQuestion')({ db: db(), actor, now: now(), eventId, questionId });
    },
  },
  'events/events.questions.secondQuestion': {
    prepare: async (actor) => {
      const eventId = await patsFutureEvent();
      const questionId = await askAs(act('pat'), eventId);
      return () =>
        uc('events/events.questions.secondQuestion')({ db: db(), actor, now: now(), eventId, questionId, on: true });
    },
  },
  'events/events.feeds.refreshFeedNow': {
    as: 'editor',
    prepare: async (actor) => {
      const feedId = await subscribedFeed(actor);
      return () => uc('events/events.feeds.refreshFeedNow')({ db: db(), actor, now: now(), feedId });
    },
  },
  'events/events.feeds.stopFeed': {
    as: 'editor',
    prepare: async (actor) => {
      const feedId = await subscribedFeed(actor);
      return () => uc('events/events.feeds.stopFeed')({ db: db(), actor, now: now(), feedId });
    },
  },
  'events/events.attendance.setAttendance': {
    prepare: async (actor) => {
      const eventId = await ownEvent(act('pat'));
      return () =>
        uc('events/events.attendance.setAttendance')({ db: db(), actor, now: now(), eventId, choice: 'attending' });
    },
  },
  'events/events.calendar-keys.makeCalendarKey': {
    prepare: async (actor) => () => uc('events/events.calendar-keys.makeCalendarKey')({ db: db(), actor, now: now() }),
  },
  'workflows/workflows.adoptWorkflow': {
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      return () =>
        uc('workflows/workflows.adoptWorkflow')({
          db: db(),
          actor,
          now: now(),
          originalId: w.id,
          owner: 'me',
          visibility: 'public',
        });
    },
  },
  'workflows/workflows.saveStep': {
    as: 'editor',
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      const form = {
        title: 'Search well',
        role: 'ILL assistant',
        system: 'ill-system',
        minutes: 3,
        details: '',
        checks: [],
        decisions: [],
      };
      return () =>
        uc('workflows/workflows.saveStep')({ db: db(), actor, now: now(), workflowId: w.id, key: 'a', form });
    },
  },
  'workflows/workflows.createWorkflow': {
    prepare: async (actor) => {
      const title = unique('Example workflow');
      return () =>
        uc('workflows/workflows.createWorkflow')({
          db: db(),
          actor,
          now: now(),
          input: {
            title,
            summary: 'Made up for a test.',
            context: { libraryTypes: ['academic'] },
            sources: [],
            topics: [],
            maintainer: 'editors',
          },
        });
    },
  },
  'workflows/workflows.deleteStep': {
    as: 'editor',
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      return () => uc('workflows/workflows.deleteStep')({ db: db(), actor, now: now(), workflowId: w.id, key: 'c' });
    },
  },
  'workflows/workflows.moveStep': {
    as: 'editor',
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      return () =>
        uc('workflows/workflows.moveStep')({
          db: db(),
          actor,
          now: now(),
          workflowId: w.id,
          key: 'a',
          direction: 'down',
        });
    },
  },
  'workflows/workflows.resolveChange': {
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      const { local } = (await uc('workflows/workflows.adoptWorkflow')({
        db: db(),
        actor,
        now: now(),
        originalId: w.id,
        owner: 'me',
        visibility: 'private',
      })) as { local: { id: number } };
      await updateWorkflowSteps(db(), w.id, {
        steps: [exampleStep('a', 'Search the catalogue'), exampleStep('b', 'Pull'), exampleStep('c', 'Ship')],
        now: now(),
      });
      return () =>
        uc('workflows/workflows.resolveChange')({
          db: db(),
          actor,
          now: now(),
          workflowId: local.id,
          key: 'a',
          choice: 'take',
        });
    },
  },
  'workflows/workflows.startRun': {
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      return () =>
        uc('workflows/workflows.startRun')({ db: db(), actor, now: now(), workflowId: w.id, label: 'Request 1' });
    },
  },
  'workflows/workflows.saveRun': {
    prepare: async (actor) => {
      const w = await exampleWorkflow(db(), people.admin.id, now());
      const { run } = (await uc('workflows/workflows.startRun')({
        db: db(),
        actor,
        now: now(),
        workflowId: w.id,
        label: 'Request 2',
      })) as { run: { id: number } };
      return () => uc('workflows/workflows.saveRun')({ db: db(), actor, now: now(), runId: run.id, checked: ['a:0'] });
    },
  },
  'community/community.createThread': {
    prepare: async (actor) => () =>
      uc('community/community.createThread')({
        db: db(),
        actor,
        now: now(),
        input: {
          title: unique('Returning microfilm'),
          body: 'How do you pack reels?',
          categorySlug: 'international',
          kind: 'discussion',
          topicSlugs: [],
        },
        idempotencyKey: null,
      }),
  },
  'community/community.replyToThread': {
    prepare: async (actor) => {
      const { thread } = await postAs(people.olive);
      return () =>
        uc('community/community.replyToThread')({
          db: db(),
          actor,
          now: now(),
          threadId: thread.id,
          body: 'We take vouchers.',
          idempotencyKey: null,
        });
    },
  },
  'community/community.inbound(replyByEmail)': {
    prepare: async (actor) => {
      const { thread } = await postAs(people.olive);
      return () =>
        forumReplyByEmail(t.deps, {
          userId: actor.id,
          targetId: String(thread.id),
          text: 'We take vouchers, by email.',
          messageId: `<${unique('m').replace(/\W/g, '')}@mail.test>`,
        });
    },
  },
  'community/community.editPost': {
    prepare: async (actor) => {
      const { post } = await postAs(people.member);
      return () =>
        uc('community/community.editPost')({
          db: db(),
          actor,
          now: now(),
          postId: post.id,
          body: 'A second wording of my question.',
        });
    },
  },
  'community/community.deletePost': {
    as: 'moderator',
    prepare: async (actor) => {
      const { post } = await postAs(people.olive, { kind: 'discussion' });
      return () => uc('community/community.deletePost')({ db: db(), actor, now: now(), postId: post.id });
    },
  },
  'community/community.acceptAnswer': {
    prepare: async (actor) => {
      const { thread } = await postAs(people.member);
      const { post } = await replyAs(people.olive, thread.id);
      return () =>
        uc('community/community.acceptAnswer')({ db: db(), actor, now: now(), threadId: thread.id, postId: post.id });
    },
  },
  'community/community.toggleHelpful': {
    prepare: async (actor) => {
      const { post } = await postAs(people.olive);
      return () => uc('community/community.toggleHelpful')({ db: db(), actor, now: now(), postId: post.id });
    },
  },
  'community/moderation.changePostStatus': {
    as: 'moderator',
    prepare: async (actor) => {
      const { post } = await postAs(people.olive);
      return () =>
        uc('community/moderation.changePostStatus')({ db: db(), actor, now: now(), postId: post.id, change: 'hide' });
    },
  },
  'community/moderation.dismissFlags': {
    as: 'moderator',
    prepare: async (actor) => {
      const { post } = await postAs(people.olive);
      await uc('community/moderation.flagPost')({
        db: db(),
        actor: act('pat'),
        now: now(),
        postId: post.id,
        reason: 'spam',
        note: '',
      });
      return () => uc('community/moderation.dismissFlags')({ db: db(), actor, now: now(), postId: post.id });
    },
  },
  'community/moderation.changeThread': {
    as: 'moderator',
    prepare: async (actor) => {
      const { thread } = await postAs(people.olive);
      return () =>
        uc('community/moderation.changeThread')({
          db: db(),
          actor,
          now: now(),
          threadId: thread.id,
          change: { locked: true },
        });
    },
  },
  'community/moderation.suspendMember': {
    as: 'moderator',
    prepare: async (actor) => {
      const target = await createUser(t.database);
      return () =>
        uc('community/moderation.suspendMember')({
          db: db(),
          actor,
          now: now(),
          userId: target.id,
          days: 3,
          reason: 'Advertising',
        });
    },
  },
  'community/moderation.liftSuspension': {
    as: 'moderator',
    prepare: async (actor) => {
      const target = await createUser(t.database);
      const id = await insertSuspension(db(), {
        userId: target.id,
        until: new Date(now().getTime() + 86_400_000),
        reason: 'Advertising',
        createdBy: people.admin.id,
        now: now(),
      });
      return () => uc('community/moderation.liftSuspension')({ db: db(), actor, now: now(), suspensionId: id });
    },
  },
  'community/moderation.setHoldFirstPosts': {
    as: 'admin',
    prepare: async (actor) => () =>
      uc('community/moderation.setHoldFirstPosts')({ db: db(), actor, now: now(), value: false }),
  },
  'systems/systems.editSystemPage': {
    prepare: async (actor) => {
      const page = (await findSystemPage(db(), 'illiad'))!;
      const data = { ...page.data, pricing: { text: `Subscription (${unique('note')}).` } };
      return () =>
        uc('systems/systems.editSystemPage')({
          db: db(),
          actor,
          now: now(),
          slug: 'illiad',
          input: { data, note: '', baseRevision: page.revision },
        });
    },
  },
  'systems/systems.decideSystemChange': {
    as: 'editor',
    prepare: async (actor) => {
      const page = (await findSystemPage(db(), 'docline'))!;
      const { revision } = await editSystemPage({
        db: db(),
        actor: act('pat'),
        now: now(),
        slug: 'docline',
        input: {
          // Every source gone: the change waits for review.
          data: { ...page.data, summary: { text: 'A routing system.' }, standards: [], integrations: [], docs: [] },
          note: 'drops the sources',
          baseRevision: page.revision,
        },
      });
      return () =>
        uc('systems/systems.decideSystemChange')({
          db: db(),
          actor,
          now: now(),
          slug: 'docline',
          revisionId: revision.id,
          decision: 'reject',
        });
    },
  },
  'systems/systems.markSystemReviewed': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('systems/systems.markSystemReviewed')({ db: db(), actor, now: now(), slug: 'folio' }),
  },
  'systems/systems.verifyRepresentative': {
    as: 'admin',
    prepare: async (actor) => () =>
      uc('systems/systems.verifyRepresentative')({
        db: db(),
        actor,
        now: now(),
        slug: 'koha',
        username: people.olive.username,
        organisation: 'Example support company',
      }),
  },
  'systems/systems.withdrawRepresentative': {
    as: 'admin',
    prepare: async (actor) => {
      await verifyRepresentative({
        db: db(),
        actor,
        now: now(),
        slug: 'tipasa',
        username: people.pat.username,
        organisation: 'Example vendor',
      });
      return () =>
        uc('systems/systems.withdrawRepresentative')({
          db: db(),
          actor,
          now: now(),
          slug: 'tipasa',
          userId: people.pat.id,
        });
    },
  },
  'systems/systems.postVendorResponse': {
    prepare: async (actor) => {
      await verifyRepresentative({
        db: db(),
        actor: act('admin'),
        now: now(),
        slug: 'clio',
        username: actor.username,
        organisation: 'Example vendor',
      });
      return () =>
        uc('systems/systems.postVendorResponse')({ db: db(), actor, now: now(), slug: 'clio', body: 'Our reply.' });
    },
  },
  'systems/systems.fileInteropReport': {
    prepare: async (actor) => () =>
      uc('systems/systems.fileInteropReport')({
        db: db(),
        actor,
        now: now(),
        input: {
          protocol: 'iso18626',
          fromSystem: 'reshare',
          toSystem: 'alma',
          fromVersion: '',
          toVersion: '',
          messageTypes: ['Request'],
          result: 'works',
          testedOn: '2026-01-15',
          evidenceUrl: '',
          notes: '',
        },
      }),
  },
  'resources/records.editRecord': {
    prepare: async (actor) => {
      const record = (await findResourceRecord(db(), 'lender-country', 'japan'))!;
      const data = structuredClone(record.data);
      data.lenders[0]!.notes = unique('Checked against the lender’s page');
      return () =>
        uc('resources/records.editRecord')({
          db: db(),
          actor,
          now: now(),
          kind: 'lender-country',
          ref: 'japan',
          input: { data, yaml: '', note: '', baseRevision: record.revision },
        });
    },
  },
  'resources/records.decideRecordChange': {
    as: 'editor',
    prepare: async (actor) => {
      const record = (await findResourceRecord(db(), 'lender-country', 'germany'))!;
      const data = structuredClone(record.data);
      // Every lender but the first gone, with their sources: the change waits for review.
      data.lenders = data.lenders.slice(0, 1);
      const { revision } = await editRecord({
        db: db(),
        actor: act('pat'),
        now: now(),
        kind: 'lender-country',
        ref: 'germany',
        input: { data, yaml: '', note: 'drops a source', baseRevision: record.revision },
      });
      return () =>
        uc('resources/records.decideRecordChange')({
          db: db(),
          actor,
          now: now(),
          kind: 'lender-country',
          ref: 'germany',
          revisionId: revision.id,
          decision: 'reject',
        });
    },
  },
  'resources/records.markRecordReviewed': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('resources/records.markRecordReviewed')({
        db: db(),
        actor,
        now: now(),
        kind: 'lender-country',
        ref: 'france',
      }),
  },
  'learning/learning.submitQuiz': {
    prepare: async (actor) => () =>
      uc('learning/learning.submitQuiz')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        lessonSlug: 'what-borrowing-is',
        answers: { 'answer.who': 'a', 'answer.forms': ['a', 'b'], 'answer.first-check': 'a' },
        ip: '192.0.2.30',
      }),
  },
  'learning/learning.markLessonDone': {
    prepare: async (actor) => () =>
      uc('learning/learning.markLessonDone')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        lessonSlug: 'your-own-system',
      }),
  },
  'learning/learning.review.addGlossaryCards': {
    prepare: async (actor) => () => uc('learning/learning.review.addGlossaryCards')({ db: db(), actor, now: now() }),
  },
  'learning/learning.review.rateCard': {
    prepare: async (actor) => {
      const at = now();
      const source = `glossary:suspension-${actor.id}-${at.getTime()}`;
      await addReviewCards(db(), actor.id, [{ source, front: 'Term', back: 'Meaning', ...newSchedule(at) }], at);
      const [card] = rowsOf<{ id: number }>(
        await db().execute(
          sql`select id from learning_review_cards where user_id = ${actor.id} and source = ${source}`,
        ),
      );
      return () =>
        uc('learning/learning.review.rateCard')({ db: db(), actor, now: now(), cardId: card!.id, rating: 'good' });
    },
  },
  'learning/learning.plans.startPlan': {
    prepare: async (actor) => {
      const colleague = await createUser(t.database);
      return () =>
        uc('learning/learning.plans.startPlan')({
          db: db(),
          actor,
          now: now(),
          contentDir: t.deps.config.contentDir,
          input: { colleague: colleague.username, template: 'ill-assistant' },
        });
    },
  },
  'learning/learning.plans.addPlanItem': {
    prepare: async (actor) => {
      const plan = await planFor({ managerId: actor.id, learnerId: people.pat.id });
      return () =>
        uc('learning/learning.plans.addPlanItem')({
          db: db(),
          actor,
          now: now(),
          planId: plan.id,
          input: { kind: 'task', task: 'Shadow the lending desk', week: '2' },
        });
    },
  },
  'learning/learning.plans.removePlanItem': {
    prepare: async (actor) => {
      const plan = await planFor({ managerId: actor.id, learnerId: people.pat.id });
      const [item] = await planItemsOf(db(), plan.id);
      return () =>
        uc('learning/learning.plans.removePlanItem')({
          db: db(),
          actor,
          now: now(),
          planId: plan.id,
          itemId: String(item!.id),
        });
    },
  },
  'learning/learning.plans.deletePlan': {
    prepare: async (actor) => {
      const plan = await planFor({ managerId: actor.id, learnerId: people.pat.id });
      return () => uc('learning/learning.plans.deletePlan')({ db: db(), actor, now: now(), planId: plan.id });
    },
  },
  'learning/learning.plans.acceptPlan': {
    prepare: async (actor) => {
      const plan = await planFor({ managerId: people.pat.id, learnerId: actor.id });
      return () => uc('learning/learning.plans.acceptPlan')({ db: db(), actor, now: now(), planId: plan.id });
    },
  },
  'learning/learning.plans.declinePlan': {
    prepare: async (actor) => {
      const plan = await planFor({ managerId: people.pat.id, learnerId: actor.id });
      return () => uc('learning/learning.plans.declinePlan')({ db: db(), actor, now: now(), planId: plan.id });
    },
  },
  'learning/learning.plans.markPlanItem': {
    prepare: async (actor) => {
      const plan = await planFor({ managerId: people.pat.id, learnerId: actor.id, accepted: true });
      const [item] = await planItemsOf(db(), plan.id);
      return () =>
        uc('learning/learning.plans.markPlanItem')({
          db: db(),
          actor,
          now: now(),
          planId: plan.id,
          itemId: String(item!.id),
          input: { status: 'stuck', note: 'Need a login' },
        });
    },
  },
  'learning/learning.threads.postTeachBack': {
    prepare: async (actor) => () =>
      uc('learning/learning.threads.postTeachBack')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        lessonSlug: 'your-own-system',
        values: { body: unique('I will write our status codes down') },
        key: null,
      }),
  },
  'learning/learning.threads.startProject': {
    prepare: async (actor) => () =>
      uc('learning/learning.threads.startProject')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
      }),
  },
  'learning/learning.threads.saveMilestones': {
    prepare: async (actor) => {
      await uc('learning/learning.threads.startProject')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
      });
      return () =>
        uc('learning/learning.threads.saveMilestones')({
          db: db(),
          actor,
          now: now(),
          courseSlug: 'ill-borrowing-first-month',
          done: ['intake'],
        });
    },
  },
  'learning/learning.threads.postProgress': {
    prepare: async (actor) => {
      await uc('learning/learning.threads.startProject')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
      });
      return () =>
        uc('learning/learning.threads.postProgress')({
          db: db(),
          actor,
          now: now(),
          courseSlug: 'ill-borrowing-first-month',
          values: { body: unique('Week one: intake mapped') },
          key: null,
        });
    },
  },
  'learning/learning.cohorts.addCohort': {
    as: 'editor',
    prepare: async (actor) => {
      const eventId = await patsFutureEvent();
      return () =>
        uc('learning/learning.cohorts.addCohort')({
          db: db(),
          actor,
          now: now(),
          courseSlug: 'ill-borrowing-first-month',
          values: { event: String(eventId), startsOn: '2027-03-01' },
        });
    },
  },
  'learning/learning.cohorts.joinCohort': {
    prepare: async (actor) => {
      const eventId = await patsFutureEvent();
      const added = (await uc('learning/learning.cohorts.addCohort')({
        db: db(),
        actor: act('editor'),
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        values: { event: String(eventId), startsOn: '2027-03-01' },
      })) as { ok: boolean; cohortId: number };
      if (!added.ok) throw new Error('the cohort was refused');
      return () =>
        uc('learning/learning.cohorts.joinCohort')({
          db: db(),
          actor,
          now: now(),
          courseSlug: 'ill-borrowing-first-month',
          cohortId: added.cohortId,
        });
    },
  },
  'learning/learning.review.setReviewReminder': {
    prepare: async (actor) => () =>
      uc('learning/learning.review.setReviewReminder')({ db: db(), actor, now: now(), on: true }),
  },
  'learning/learning.upkeep.markCourseReviewed': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('learning/learning.upkeep.markCourseReviewed')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
      }),
  },
  'learning/learning.upkeep.editLesson': {
    as: 'editor',
    prepare: async (actor) => () =>
      uc('learning/learning.upkeep.editLesson')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        lessonSlug: 'your-own-system',
        input: { title: unique('Your own system'), summary: 'One request, start to end.', body: 'Reading.', note: '' },
      }),
  },
  'learning/learning.upkeep.suggestLessonEdit': {
    prepare: async (actor) => () =>
      uc('learning/learning.upkeep.suggestLessonEdit')({
        db: db(),
        actor,
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        lessonSlug: 'your-own-system',
        input: { body: unique('A clearer reading'), note: 'Plainer words' },
      }),
  },
  'learning/learning.upkeep.decideLessonSuggestion': {
    as: 'editor',
    prepare: async (actor) => {
      const { id } = (await uc('learning/learning.upkeep.suggestLessonEdit')({
        db: db(),
        actor: act('olive'),
        now: now(),
        courseSlug: 'ill-borrowing-first-month',
        lessonSlug: 'your-own-system',
        input: { body: unique('Another reading'), note: 'Shorter' },
      })) as { id: number };
      return () =>
        uc('learning/learning.upkeep.decideLessonSuggestion')({
          db: db(),
          actor,
          now: now(),
          courseSlug: 'ill-borrowing-first-month',
          suggestionId: id,
          decision: { kind: 'decline', note: 'Not this time' },
        });
    },
  },
  'groups/groups.requestGroup': {
    prepare: async (actor) => () =>
      uc('groups/groups.requestGroup')({
        db: db(),
        actor,
        now: now(),
        input: {
          name: unique('Courier committee'),
          kind: 'committee',
          purpose: 'Keeps courier pages current.',
          website: '',
        },
      }),
  },
  'groups/groups.decideGroup': {
    as: 'admin',
    prepare: async (actor) => {
      const pending = await requestGroup({
        db: db(),
        actor: act('olive'),
        now: now(),
        input: {
          name: unique('Pending group'),
          kind: 'project',
          purpose: 'An example purpose long enough.',
          website: '',
        },
      });
      return () =>
        uc('groups/groups.decideGroup')({ db: db(), actor, now: now(), groupId: pending.id, approve: true, note: '' });
    },
  },
  'groups/groups.editGroup': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      return () =>
        editGroup({
          db: db(),
          actor,
          now: now(),
          slug: group.slug,
          input: { name: group.name, kind: 'committee', purpose: 'A changed purpose, long enough.', website: '' },
        });
    },
  },
  'groups/groups.changeMembership': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      return () =>
        changeMembership({
          db: db(),
          actor,
          now: now(),
          slug: group.slug,
          change: { kind: 'add', username: people.pat.username, role: 'member', termEndsOn: null },
        });
    },
  },
  'groups/stewardship.assignStewardship': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const page = await newArticle(t, people.olive, { title: unique('Unmaintained page') });
      return () =>
        assignStewardship({ db: db(), actor, now: now(), slug: page.slug, groupId: group.id, intervalMonths: 12 });
    },
  },
  'groups/stewardship.releaseStewardship': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      await maintain(t, people.member, group, page.slug);
      return () => uc('groups/stewardship.releaseStewardship')({ db: db(), actor, now: now(), slug: page.slug });
    },
  },
  'groups/stewardship.markReviewed': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      await maintain(t, people.member, group, page.slug);
      return () =>
        uc('groups/stewardship.markReviewed')({ db: db(), actor, now: now(), slug: page.slug, note: 'Still right.' });
    },
  },
  'groups/stewardship.proposeHandover': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const other = await groupOf(act('olive'));
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      await maintain(t, people.member, group, page.slug);
      return () =>
        proposeHandover({
          db: db(),
          actor,
          now: now(),
          fromSlug: group.slug,
          toSlug: other.slug,
          articleIds: [page.id],
        });
    },
  },
  'groups/stewardship.answerHandover': {
    prepare: async (actor) => {
      const receiving = await groupOf(actor);
      const from = await groupOf(act('olive'));
      const page = await newArticle(t, people.olive, { title: unique('Olive’s page') });
      await maintain(t, people.olive, from, page.slug);
      const proposed = await proposeHandover({
        db: db(),
        actor: act('olive'),
        now: now(),
        fromSlug: from.slug,
        toSlug: receiving.slug,
        articleIds: [page.id],
      });
      if (!proposed.ok) throw new Error('handover');
      return () =>
        uc('groups/stewardship.answerHandover')({ db: db(), actor, now: now(), id: proposed.id, answer: 'accept' });
    },
  },
  'groups/stewardship.decideClaim': {
    as: 'editor',
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const page = await newArticle(t, people.pat, { title: unique('Pat’s page') });
      const claimed = await assignStewardship({
        db: db(),
        actor: act('olive'),
        now: now(),
        slug: page.slug,
        groupId: group.id,
        intervalMonths: 12,
      });
      if (!claimed.ok || !claimed.claimId) throw new Error('claim');
      return () =>
        uc('groups/stewardship.decideClaim')({
          db: db(),
          actor,
          now: now(),
          id: claimed.claimId,
          decision: { approve: true, note: '' },
        });
    },
  },
  'groups/topics.requestTopicAdoption': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const slug = `topic-${process.pid}-${++n}`;
      await addTopic(t, slug, unique('Topic'));
      return () =>
        uc('groups/topics.requestTopicAdoption')({
          db: db(),
          actor,
          now: now(),
          topicSlug: slug,
          groupId: group.id,
          intervalMonths: 12,
        });
    },
  },
  'groups/topics.decideTopicAdoption': {
    as: 'editor',
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const slug = `topic-${process.pid}-${++n}`;
      await addTopic(t, slug, unique('Topic'));
      const asked = (await uc('groups/topics.requestTopicAdoption')({
        db: db(),
        actor: act('olive'),
        now: now(),
        topicSlug: slug,
        groupId: group.id,
        intervalMonths: 12,
      })) as { status: string; id: number };
      if (asked.status !== 'requested') throw new Error('topic request');
      return () =>
        uc('groups/topics.decideTopicAdoption')({ db: db(), actor, now: now(), id: asked.id, approve: true, note: '' });
    },
  },
  'groups/topics.releaseTopic': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const slug = `topic-${process.pid}-${++n}`;
      await addTopic(t, slug, unique('Topic'));
      const asked = (await uc('groups/topics.requestTopicAdoption')({
        db: db(),
        actor,
        now: now(),
        topicSlug: slug,
        groupId: group.id,
        intervalMonths: 12,
      })) as { status: string; id: number };
      if (asked.status !== 'requested') throw new Error('topic request');
      await uc('groups/topics.decideTopicAdoption')({
        db: db(),
        actor: act('editor'),
        now: now(),
        id: asked.id,
        approve: true,
        note: '',
      });
      return () => uc('groups/topics.releaseTopic')({ db: db(), actor, now: now(), id: asked.id });
    },
  },
  'groups/suggestions.submitSuggestion': {
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const page = await newArticle(t, people.olive, { title: unique('Maintained page') });
      await maintain(t, people.olive, group, page.slug);
      return () =>
        submitSuggestion({
          db: db(),
          actor,
          now: now(),
          slug: page.slug,
          baseRevision: 1,
          content: articleContent({ title: page.title, body: 'A better text for the page.' }),
          message: 'Better',
        });
    },
  },
  'groups/suggestions.updateSuggestion': {
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const page = await newArticle(t, people.olive, { title: unique('Maintained page') });
      await maintain(t, people.olive, group, page.slug);
      const submitted = await submitSuggestion({
        db: db(),
        actor,
        now: now(),
        slug: page.slug,
        baseRevision: 1,
        content: articleContent({ title: page.title, body: 'A better text.' }),
        message: 'Better',
      });
      if (submitted.status !== 'saved') throw new Error(submitted.status);
      return () =>
        uc('groups/suggestions.updateSuggestion')({
          db: db(),
          actor,
          now: now(),
          id: submitted.id,
          baseRevision: 1,
          content: articleContent({ title: page.title, body: 'An even better text.' }),
          message: 'Better still',
        });
    },
  },
  'groups/suggestions.decideSuggestion': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      await maintain(t, people.member, group, page.slug);
      const submitted = await submitSuggestion({
        db: db(),
        actor: act('olive'),
        now: now(),
        slug: page.slug,
        baseRevision: 1,
        content: articleContent({ title: page.title, body: 'Olive’s better text.' }),
        message: 'Better',
      });
      if (submitted.status !== 'saved') throw new Error(submitted.status);
      return () =>
        uc('groups/suggestions.decideSuggestion')({
          db: db(),
          actor,
          now: now(),
          id: submitted.id,
          decision: { kind: 'approve', note: '' },
        });
    },
  },
  'groups/experts.createExpertList': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      return () =>
        createExpertList({
          db: db(),
          actor,
          now: now(),
          groupSlug: group.slug,
          title: unique('Copyright experts'),
          description: '',
        });
    },
  },
  'groups/experts.inviteExpert': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const list = await createExpertList({
        db: db(),
        actor,
        now: now(),
        groupSlug: group.slug,
        title: unique('Copyright experts'),
        description: '',
      });
      if (!list.ok) throw new Error('list');
      return () =>
        inviteExpert({
          db: db(),
          actor,
          now: now(),
          listSlug: list.slug,
          username: people.pat.username,
          note: 'You answer these often.',
        });
    },
  },
  'groups/experts.answerInvitation': {
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const list = await createExpertList({
        db: db(),
        actor: act('olive'),
        now: now(),
        groupSlug: group.slug,
        title: unique('Copyright experts'),
        description: '',
      });
      if (!list.ok) throw new Error('list');
      await inviteExpert({
        db: db(),
        actor: act('olive'),
        now: now(),
        listSlug: list.slug,
        username: actor.username,
        note: '',
      });
      return () =>
        uc('groups/experts.answerInvitation')({ db: db(), actor, now: now(), listSlug: list.slug, accept: true });
    },
  },
  'groups/experts.removeExpert': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const list = await createExpertList({
        db: db(),
        actor,
        now: now(),
        groupSlug: group.slug,
        title: unique('Copyright experts'),
        description: '',
      });
      if (!list.ok) throw new Error('list');
      await inviteExpert({ db: db(), actor, now: now(), listSlug: list.slug, username: people.pat.username, note: '' });
      return () =>
        uc('groups/experts.removeExpert')({ db: db(), actor, now: now(), listSlug: list.slug, userId: people.pat.id });
    },
  },
  'drafts/drafts.saveDraft': {
    prepare: async (actor) => () =>
      uc('drafts/drafts.saveDraft')({
        db: db(),
        actor,
        now: now(),
        key: { kind: 'thread_new', target: '' },
        title: 'Returning microfilm',
        href: '/forum/new',
        values: { body: 'How do you pack reels?' },
      }),
  },
  'library/library.createArticle': {
    prepare: async (actor) => () =>
      uc('library/library.createArticle')({
        db: db(),
        actor,
        now: now(),
        content: articleContent({ title: unique('Packing art books') }),
        message: 'First draft',
      }),
  },
  'library/library.reviseArticle': {
    prepare: async (actor) => {
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      return () =>
        reviseArticle({
          db: db(),
          actor,
          now: now(),
          slug: page.slug,
          baseRevision: 1,
          content: articleContent({ title: page.title, body: 'A second version.' }),
          message: 'Second',
        });
    },
  },
  'library/library.revertArticle': {
    prepare: async (actor) => {
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      await reviseArticle({
        db: db(),
        actor,
        now: now(),
        slug: page.slug,
        baseRevision: 1,
        content: articleContent({ title: page.title, body: 'A second version.' }),
        message: 'Second',
      });
      return () =>
        uc('library/library.revertArticle')({
          db: db(),
          actor,
          now: now(),
          slug: page.slug,
          toRevision: 1,
          baseRevision: 2,
        });
    },
  },
  'library/library.setArticleProtection': {
    as: 'moderator',
    prepare: async (actor) => {
      const page = await newArticle(t, people.olive, { title: unique('Olive’s page') });
      return () =>
        uc('library/library.setArticleProtection')({ db: db(), actor, now: now(), slug: page.slug, value: true });
    },
  },
  'library/attachments.uploadAttachment': {
    prepare: async (actor) => {
      const page = await newArticle(t, people.member, { title: unique('Own page') });
      const uploadsDir = path.join(t.deps.config.dataDir, 'uploads');
      return () =>
        uc('library/attachments.uploadAttachment')({
          db: db(),
          actor,
          now: now(),
          slug: page.slug,
          file: { name: 'photo.png', bytes: tinyPng() },
          uploadsDir,
        });
    },
  },
  'notifications/watches.watchTarget': {
    prepare: async (actor) => {
      const page = await newArticle(t, people.olive, { title: unique('Olive’s page') });
      return () =>
        uc('notifications/watches.watchTarget')({
          db: db(),
          actor,
          now: now(),
          targetType: 'article',
          targetId: String(page.id),
        });
    },
  },
  'people/people.updateProfile': {
    prepare: async (actor) => {
      const form = validate(
        profileSchema(await vocabularyFor()),
        profileForm({ displayName: actor.displayName, expertise: [] }),
      );
      if (!form.ok) throw new Error(JSON.stringify(form.errors));
      return () => uc('people/people.updateProfile')({ db: db(), actor, now: now(), input: form.data });
    },
  },
  'people/people.uploadPhoto': {
    prepare: async (actor) => () =>
      uc('people/people.uploadPhoto')({
        db: db(),
        actor,
        now: now(),
        dataDir: t.deps.config.dataDir,
        bytes: tinyPng(),
      }),
  },
  'people/messages.startConversation': {
    prepare: async (actor) => () =>
      uc('people/messages.startConversation')({
        db: db(),
        actor,
        now: now(),
        to: [people.pat.username],
        subject: unique('Courier'),
        body: 'When does your courier come?',
      }),
  },
  'people/messages.reply': {
    prepare: async (actor) => {
      const id = await conversationWithPat(actor);
      return () =>
        uc('people/messages.reply')({ db: db(), actor, now: now(), conversationId: id, body: 'And on Fridays?' });
    },
  },
  'people/messages.replyByEmail': {
    prepare: async (actor) => {
      const id = await conversationWithPat(actor);
      return () =>
        replyToConversationByEmail(db(), now(), {
          userId: actor.id,
          targetId: String(id),
          text: 'By email: and on Fridays?',
          messageId: `<${unique('m').replace(/\W/g, '')}@mail.test>`,
        });
    },
  },
  'people/messages.resolveReport': {
    as: 'moderator',
    prepare: async (actor) => {
      const started = await startConversation({
        db: db(),
        actor: act('olive'),
        now: now(),
        to: [people.pat.username],
        subject: unique('Offer'),
        body: 'Buy my courier boxes.',
      });
      if (!started.ok) throw new Error('conversation');
      const [message] = rowsOf<{ id: number }>(
        await db().execute(sql`select id from messages where conversation_id = ${started.conversationId} limit 1`),
      );
      await uc('people/messages.reportMessage')({
        db: db(),
        actor: act('pat'),
        now: now(),
        conversationId: started.conversationId,
        messageId: message!.id,
        reason: 'An advert',
      });
      const [report] = rowsOf<{ id: number }>(
        await db().execute(sql`select id from message_reports where message_id = ${message!.id} limit 1`),
      );
      return () =>
        uc('people/messages.resolveReport')({ db: db(), actor, now: now(), reportId: report!.id, removeMessage: true });
    },
  },
  'people/phone-a-friend.joinPhoneAFriend': {
    prepare: async (actor) => () =>
      uc('people/phone-a-friend.joinPhoneAFriend')({
        db: db(),
        actor,
        now: now(),
        input: { howICanHelp: 'Copyright questions.', preferredContact: 'message' },
      }),
  },
  'people/phone-a-friend.confirmPhoneAFriend': {
    prepare: async (actor) => {
      await joinPhoneAFriend({
        db: db(),
        actor,
        now: now(),
        input: { howICanHelp: 'Copyright questions.', preferredContact: 'message' },
      });
      return () => uc('people/phone-a-friend.confirmPhoneAFriend')({ db: db(), actor, now: now() });
    },
  },
};

/** Partly allowed: the variant that only takes the person's own things away still works while suspended. */
const ALLOWED_WHILE_SUSPENDED: Record<string, Call> = {
  'stop one’s own calendar address (events.calendar-keys.revokeCalendarKey)': {
    prepare: async (actor) => () =>
      uc('events/events.calendar-keys.revokeCalendarKey')({ db: db(), actor, now: now() }),
  },
  'delete one’s own post (community.deletePost)': {
    prepare: async (actor) => {
      const { post } = await postAs(people.member, { kind: 'discussion' });
      return () => uc('community/community.deletePost')({ db: db(), actor, now: now(), postId: post.id });
    },
  },
  'flag a post (moderation.flagPost)': {
    prepare: async (actor) => {
      const { post } = await postAs(people.olive);
      return () =>
        uc('community/moderation.flagPost')({
          db: db(),
          actor,
          now: now(),
          postId: post.id,
          reason: 'abusive',
          note: 'Aimed at me.',
        });
    },
  },
  'leave a group (groups.changeMembership leave)': {
    prepare: async (actor) => {
      const group = await groupOf(act('olive'), [[people.member, 'member']]);
      return () => changeMembership({ db: db(), actor, now: now(), slug: group.slug, change: { kind: 'leave' } });
    },
  },
  'withdraw one’s own suggestion (suggestions.decideSuggestion withdraw)': {
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const page = await newArticle(t, people.olive, { title: unique('Maintained page') });
      await maintain(t, people.olive, group, page.slug);
      const submitted = await submitSuggestion({
        db: db(),
        actor,
        now: now(),
        slug: page.slug,
        baseRevision: 1,
        content: articleContent({ title: page.title, body: 'A better text.' }),
        message: 'Better',
      });
      if (submitted.status !== 'saved') throw new Error(submitted.status);
      return () =>
        uc('groups/suggestions.decideSuggestion')({
          db: db(),
          actor,
          now: now(),
          id: submitted.id,
          decision: { kind: 'withdraw' },
        });
    },
  },
  'decline an expert-list invitation (experts.answerInvitation decline)': {
    prepare: async (actor) => {
      const group = await groupOf(act('olive'));
      const list = await createExpertList({
        db: db(),
        actor: act('olive'),
        now: now(),
        groupSlug: group.slug,
        title: unique('Copyright experts'),
        description: '',
      });
      if (!list.ok) throw new Error('list');
      await inviteExpert({
        db: db(),
        actor: act('olive'),
        now: now(),
        listSlug: list.slug,
        username: actor.username,
        note: '',
      });
      return () =>
        uc('groups/experts.answerInvitation')({ db: db(), actor, now: now(), listSlug: list.slug, accept: false });
    },
  },
  'withdraw one’s own request to maintain a page (stewardship.withdrawClaim)': {
    prepare: async (actor) => {
      const group = await groupOf(actor);
      const page = await newArticle(t, people.olive, { title: unique('Olive’s page') });
      const claimed = await assignStewardship({
        db: db(),
        actor,
        now: now(),
        slug: page.slug,
        groupId: group.id,
        intervalMonths: 12,
      });
      if (!claimed.ok || !claimed.claimId) throw new Error('claim');
      return () => uc('groups/stewardship.withdrawClaim')({ db: db(), actor, now: now(), id: claimed.claimId });
    },
  },
  'leave a conversation, block and report (messages)': {
    prepare: async (actor) => {
      const started = await startConversation({
        db: db(),
        actor: act('pat'),
        now: now(),
        to: [actor.username],
        subject: unique('Hello'),
        body: 'Something unpleasant.',
      });
      if (!started.ok) throw new Error('conversation');
      const [message] = rowsOf<{ id: number }>(
        await db().execute(sql`select id from messages where conversation_id = ${started.conversationId} limit 1`),
      );
      return async () => {
        await uc('people/messages.reportMessage')({
          db: db(),
          actor,
          now: now(),
          conversationId: started.conversationId,
          messageId: message!.id,
          reason: 'Unpleasant',
        });
        await uc('people/messages.block')({ db: db(), actor, now: now(), username: people.pat.username });
        await uc('people/messages.leave')({ db: db(), actor, now: now(), conversationId: started.conversationId });
      };
    },
  },
  'stop watching and leave Phone a Friend': {
    prepare: async (actor) => {
      const page = await newArticle(t, people.olive, { title: unique('Olive’s page') });
      await uc('notifications/watches.watchTarget')({
        db: db(),
        actor,
        now: now(),
        targetType: 'article',
        targetId: String(page.id),
      });
      await joinPhoneAFriend({
        db: db(),
        actor,
        now: now(),
        input: { howICanHelp: 'Copyright questions.', preferredContact: 'message' },
      });
      return async () => {
        await uc('notifications/watches.unwatchTarget')({
          db: db(),
          actor,
          targetType: 'article',
          targetId: String(page.id),
        });
        await uc('people/phone-a-friend.leavePhoneAFriend')({ db: db(), actor });
      };
    },
  },
};

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  await addTopic(t);
  for (const who of ['member', 'editor', 'moderator', 'admin'] as const)
    people[who] = await createUser(t.database, { role: who });
  people.olive = await createUser(t.database, { displayName: 'Olive Owner' });
  people.pat = await createUser(t.database, { displayName: 'Pat Peer' });
  people.zed = await createUser(t.database, { displayName: 'Zed Suspended' });
});
afterAll(() => t?.close());

/** What a refused call must leave untouched. */
async function footprint(): Promise<Record<string, unknown>> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db().execute(sql`select
      (select count(*) from events)::int as events,
      (select count(*) from notifications)::int as notifications,
      (select count(*) from jobs)::int as jobs,
      (select count(*) from article_revisions)::int as revisions,
      (select count(*) from forum_posts)::int as posts,
      (select count(*) from messages)::int as messages,
      (select count(*) from stewardships)::int as stewardships,
      (select count(*) from stewardship_claims)::int as claims,
      (select count(*) from suggested_edits)::int as suggestions,
      (select count(*) from subscriptions)::int as watches,
      (select count(*) from report_datasets)::int as report_datasets,
      (select count(*) from report_rows)::int as report_rows,
      (select count(*) from report_compositions)::int as report_compositions,
      (select count(*) from report_assessments)::int as report_assessments,
      (select coalesce(string_agg(id || ':' || sharing || ':' || title, ',' order by id), '') from report_compositions) as report_states,
      (select count(*) from learning_progress)::int as learning_progress,
      (select coalesce(sum(attempts), 0) from learning_progress)::int as learning_attempts,
      (select count(*) from learning_review_cards)::int as review_cards,
      (select count(*) from learning_plans)::int as plans,
      (select count(*) from learning_plans where accepted_at is not null)::int as plans_accepted,
      (select count(*) from learning_plan_items)::int as plan_items,
      (select count(*) from learning_plan_items where status <> 'open')::int as plan_marks,
      (select max(due)::text from learning_review_cards) as review_due,
      (select count(*) from learning_project_enrolments)::int as project_enrolments,
      (select coalesce(sum(cardinality(milestones_done)), 0) from learning_project_enrolments)::int as milestones_done,
      (select count(*) from learning_cohorts)::int as cohorts,
      (select count(*) from learning_cohort_members)::int as cohort_members,
      (select count(*) from learning_review_reminders)::int as review_reminders,
      (select coalesce(string_agg(slug || ':' || coalesce(review_due::text, ''), ',' order by id), '') from learning_courses) as course_reviews,
      (select coalesce(string_agg(id || ':' || title, ',' order by id), '') from learning_lessons) as lesson_titles,
      (select count(*) from learning_lesson_revisions)::int as lesson_revisions,
      (select coalesce(string_agg(id || ':' || status, ',' order by id), '') from learning_lesson_suggestions) as lesson_suggestions`),
  );
  return row ?? {};
}

async function suspend(user: TestUser): Promise<number> {
  return insertSuspension(db(), {
    userId: user.id,
    until: new Date(now().getTime() + 7 * 86_400_000),
    reason: 'Advertising in every category',
    createdBy: people.admin.id,
    now: now(),
  });
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? error.code : `threw ${(error as Error).message}`;
  }
}

describe('the list of use cases', () => {
  it('finds the use-case modules of every feature', () => {
    expect(Object.keys(modules)).toEqual(
      expect.arrayContaining([
        'library/library',
        'community/community',
        'groups/suggestions',
        'people/messages',
        'notifications/watches',
      ]),
    );
  });

  it('has every exported use case either checked below or exempt with a reason', () => {
    const unlisted = exportedFunctions().filter((name) => !(name in CALLS) && !(name in EXEMPT));
    expect(unlisted, 'add a suspension check (assertMayAct) and a CALLS entry, or an EXEMPT entry saying why').toEqual(
      [],
    );
    const stale = [...Object.keys(EXEMPT), ...Object.keys(CALLS).filter((k) => !k.includes('('))].filter(
      (name) => !exportedFunctions().includes(name),
    );
    expect(stale).toEqual([]);
  });
});

describe('a suspended member', () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(`is refused by ${name}, and the same call works once the suspension is lifted`, async () => {
      t.clock.advance(10 * 60_000); // clear of per-person rate windows
      const user = people[call.as ?? 'member'];
      const actor = actorFor(user);
      const run = await call.prepare(actor);
      const suspension = await suspend(user);
      try {
        const before = await footprint();
        expect(await codeOf(run)).toBe(SUSPENDED_CODE);
        expect(await footprint()).toEqual(before);
      } finally {
        await liftSuspension(db(), suspension, people.admin.id, now());
      }
      expect(await codeOf(run)).toBe('accepted');
    });
  }

  for (const [name, call] of Object.entries(ALLOWED_WHILE_SUSPENDED)) {
    it(`may still ${name}`, async () => {
      t.clock.advance(10 * 60_000);
      const user = people[call.as ?? 'member'];
      const run = await call.prepare(actorFor(user));
      const suspension = await suspend(user);
      try {
        expect(await codeOf(run)).toBe('accepted');
      } finally {
        await liftSuspension(db(), suspension, people.admin.id, now());
      }
    });
  }

  it('is told why and until when, by a page with the stable code', async () => {
    const client = await clientFor(t, people.zed);
    const token = await client.csrf('/articles/new');
    await suspend(people.zed);
    const res = await client.post(
      '/messages',
      { to: people.pat.username, subject: 'Hello', body: 'A message while suspended.' },
      { csrf: token },
    );
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(errorCode(page)).toBe(SUSPENDED_CODE);
    expect(page).toContain('Advertising in every category');
  });

  it('can still read, download their data, sign out, and delete their account', async () => {
    const user = await createUser(t.database);
    const page = await newArticle(t, user, { title: unique('Written before') });
    const client = await clientFor(t, user);
    await suspend(user);
    for (const path of ['/', `/articles/${page.slug}`, '/forum', '/account', '/account/data', '/notifications']) {
      expect((await client.get(path)).status, path).toBe(200);
    }
    const exported = await client.get('/account/data/export.json');
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(user.username);
    const signedOut = await client.post('/sign-out', {}, { from: '/account' });
    expect(signedOut.status).toBe(303);
    const again = await clientFor(t, user);
    const deleted = await again.post(
      '/account/delete',
      { password: user.password, understood: 'yes' },
      { from: '/account/delete' },
    );
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/account/deleted');
  });
});
