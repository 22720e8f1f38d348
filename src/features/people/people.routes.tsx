import fs from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import { actorOf, type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { AppError, formatBytes } from '../../platform/http/errors';
import { type FormValues, readForm, str, validate } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { pageParam } from '../../platform/http/params';
import { safeNext, seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { type Vocabulary, vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { listTopics } from '../library';
import * as messageRepo from './messages.repository';
import * as usecases from './messages.usecases';
import {
  DIRECTORY_MAX_PAGE,
  DIRECTORY_PAGE_SIZE,
  type DirectoryFilters,
  directoryTimeZones,
  searchDirectory,
} from './people.directory';
import { peopleErrors } from './people.errors';
import { normaliseLanguage, PROFILE_LIMITS } from './people.models';
import { optInStatus } from './people.phone-a-friend';
import { confirmPhoneAFriend, joinPhoneAFriend, leavePhoneAFriend } from './phone-a-friend.usecases';
import { peoplePolicies } from './people.policies';
import * as repo from './people.repository';
import { optInSchema, profileSchema, LINK_SLOTS } from './people.schemas';
import { canonicalTimeZone, groupedTimeZones } from './people.time';
import { loadFullProfile, photoPath, removePhoto, updateProfile, uploadPhoto } from './people.usecases';
import {
  canSee,
  type FullProfile,
  levelOf,
  PROFILE_FIELDS,
  type ProfileField,
  type Viewer,
  viewerOf,
  visibleProfile,
} from './people.visibility';
import type { Visibility } from './people.table';
import { DirectoryPageView } from './views/directory';
import { PeopleHomePage } from './views/home';
import { PhoneAFriendSettingsPage } from './views/phone-a-friend';
import { ProfilePage } from './views/profile';
import { ProfileEditorPage } from './views/profile-editor';

const NOTICES = {
  saved: 'Your profile has been saved.',
  photo: 'Your photo has been updated.',
  'photo-removed': 'Your photo has been removed.',
  blocked: 'You have blocked this member. They cannot send you messages.',
  unblocked: 'You have unblocked this member.',
  joined: 'You are in the Phone a Friend directory for the next 12 months.',
  confirmed: 'Thank you: your listing is confirmed for another 12 months.',
  left: 'You are no longer in the Phone a Friend directory.',
} as const;

export function noticeFrom(c: AppContext): string | undefined {
  const key = c.req.query('notice') ?? '';
  return key in NOTICES ? NOTICES[key as keyof typeof NOTICES] : undefined;
}

export { requireActor };

function deps(c: AppContext) {
  const d = c.get('deps');
  return { db: d.database.db, now: d.clock.now(), dataDir: d.config.dataDir };
}

/** The hub's vocabulary (systems, expertise, library types, regions, languages), read once per process. */
function vocabularyOf(c: AppContext): Promise<Vocabulary> {
  return vocabularyFor(c.get('deps').config.contentDir);
}

/**
 * A saved profile as the editor's form values, each vocabulary value as its
 * slug (a value saved before the vocabulary is shown by its alias's term).
 */
function formValues(full: FullProfile, vocabulary: Vocabulary): FormValues {
  const values: FormValues = {
    displayName: full.displayName,
    pronouns: full.pronouns,
    institution: full.institution,
    libraryType: full.libraryType ? vocabulary.libraryTypes.canonical(full.libraryType) : '',
    country: full.country ? (vocabulary.regions.resolve(full.country) ?? '') : '',
    region: full.region,
    timeZone: full.timeZone,
    languages: full.languages.map((l) => vocabulary.languages.label(l)).join(', '),
    systems: full.systems.map((s) => vocabulary.systems.canonical(s)),
    expertise: full.expertise.map((e) => vocabulary.expertise.canonical(e)),
    bio: full.bio,
  };
  for (const n of LINK_SLOTS) {
    const link = full.links[n - 1];
    values[`link${n}Title`] = link?.title ?? '';
    values[`link${n}Url`] = link?.url ?? '';
  }
  for (const field of PROFILE_FIELDS) values[`vis_${field}`] = levelOf(full, field);
  return values;
}

async function editorPage(
  c: AppContext,
  actor: Actor,
  extra: { values?: FormValues; errors?: Record<string, string>; photoError?: string },
  status: 200 | 400 | 413 | 415 = 200,
) {
  const { db } = deps(c);
  const full = await loadFullProfile(db, actor.id);
  if (!full) throw peopleErrors.personNotFound();
  const vocabulary = await vocabularyOf(c);
  const values = extra.values ?? formValues(full, vocabulary);
  return renderPage(
    c,
    {
      title: 'Edit your profile',
      breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'People', href: '/people' }, { label: 'Edit your profile' }],
      scripts: ['timezone'],
    },
    <ProfileEditorPage
      username={full.username}
      displayName={full.displayName}
      photoUrl={full.photoUrl}
      values={values}
      errors={extra.errors}
      photoError={extra.photoError}
      csrfToken={csrfTokenFor(c)}
      vocabulary={vocabulary}
      unlistedCountry={full.country && !vocabulary.regions.resolve(full.country) ? full.country : undefined}
      zones={groupedTimeZones(full.timeZone)}
      notice={status === 200 ? noticeFrom(c) : undefined}
    />,
    status,
  );
}

/**
 * The directory's filters from the query: vocabulary slugs (a label or an
 * alias is taken as its slug; anything else is ignored), except that a region
 * or language the list does not know is still matched as typed (older links,
 * and states or provinces, which no list holds).
 */
function directoryFilters(c: AppContext, vocabulary: Vocabulary): DirectoryFilters {
  const q = c.req.query();
  const short = (v: string | undefined, max: number) => (v ?? '').trim().slice(0, max);
  const slug = (list: keyof Vocabulary, v: string | undefined) =>
    v ? (vocabulary[list].resolve(short(v, 100)) ?? '') : '';
  const region = short(q.region, PROFILE_LIMITS.region);
  const language = short(q.language, PROFILE_LIMITS.language);
  return {
    q: short(q.q, 100),
    expertise: slug('expertise', q.expertise),
    system: slug('systems', q.system),
    libraryType: slug('libraryTypes', q.libraryType),
    region: region ? (vocabulary.regions.resolve(region) ?? region) : '',
    language: language ? (vocabulary.languages.resolve(language) ?? normaliseLanguage(language)) : '',
    timeZone: canonicalTimeZone(q.timeZone ?? '') ?? '',
    awake: q.awake === '1',
  };
}

function photoTooLarge(limitBytes: number): string {
  return (
    `That photo is larger than the hub accepts (the limit is ${formatBytes(limitBytes)}). ` +
    'Save a smaller copy (reduce its dimensions) and upload it again.'
  );
}

/** A photo over the form body limit cannot be read: the profile editor again, the reason beside the field. */
export async function photoTooLargePage(c: AppContext, limitBytes: number): Promise<Response | undefined> {
  if (c.req.path !== '/account/profile/photo') return undefined;
  return editorPage(
    c,
    requireActor(c),
    { photoError: photoTooLarge(Math.min(limitBytes, PROFILE_LIMITS.photoBytes)) },
    413,
  );
}

export function createProfileRoutes(): RouteMounts {
  const people = new Hono<AppEnv>();
  const profile = new Hono<AppEnv>();
  const phoneAFriend = new Hono<AppEnv>();

  people.get('/', (c) =>
    renderPage(
      c,
      { title: 'People', breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'People' }] },
      <PeopleHomePage actor={actorOf(c)} />,
    ),
  );

  people.get('/phone-a-friend', async (c) => {
    const actor = actorOf(c);
    authorize(actor, peoplePolicies.viewDirectory(actor));
    const { db, now } = deps(c);
    const vocabulary = await vocabularyOf(c);
    const filters = directoryFilters(c, vocabulary);
    const page = pageParam(c.req.query('page'), DIRECTORY_MAX_PAGE);
    const result = await searchDirectory(db, { filters, now, page, pageSize: DIRECTORY_PAGE_SIZE, vocabulary });
    const zones = await directoryTimeZones(db, now);
    const status = await optInStatus(db, actor.id, now);
    return renderPage(
      c,
      {
        title: 'Phone a Friend',
        breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'People', href: '/people' }, { label: 'Phone a Friend' }],
      },
      <DirectoryPageView
        filters={filters}
        result={result}
        vocabulary={vocabulary}
        zones={zones}
        viewerId={actor.id}
        now={now}
        optedIn={status.state === 'in'}
      />,
    );
  });

  people.get('/:username', async (c) => {
    const { db, now } = deps(c);
    const person = await repo.findPersonByUsername(db, c.req.param('username'));
    if (!person) throw peopleErrors.personNotFound();
    const actor = actorOf(c);
    const viewer = viewerOf(actor, person.id);
    const as = c.req.query('as');
    const previewAs: Viewer | undefined = viewer === 'self' && (as === 'member' || as === 'public') ? as : undefined;
    const full = await loadFullProfile(db, person.id);
    if (!full) throw peopleErrors.personNotFound();
    const topics = new Set((await listTopics(db)).map((t) => t.slug));
    const vocabulary = await vocabularyOf(c);
    const other = actor !== null && viewer !== 'self';
    const blocked = other ? (await messageRepo.blockedAmong(db, actor.id, [person.id])).length > 0 : false;
    const optedIn = viewer !== 'public' ? (await optInStatus(db, person.id, now)).state === 'in' : false;
    return renderPage(
      c,
      {
        title: person.displayName,
        breadcrumbs: [
          { label: 'Home', href: '/' },
          { label: 'People', href: '/people' },
          { label: person.displayName },
        ],
      },
      <ProfilePage
        profile={visibleProfile(full, previewAs ?? viewer)}
        viewer={viewer}
        previewAs={previewAs}
        vocabulary={vocabulary}
        topics={topics}
        actions={{
          canMessage: other && peoplePolicies.sendMessages(actor) && atLeast(person.role, 'member') && !blocked,
          canBlock: other && peoplePolicies.block(actor),
          blocked,
          optedIn,
        }}
        csrfToken={actor ? csrfTokenFor(c) : ''}
        notice={noticeFrom(c)}
        now={now}
        levels={
          viewer === 'self'
            ? (Object.fromEntries(PROFILE_FIELDS.map((f) => [f, levelOf(full, f)])) as Record<ProfileField, Visibility>)
            : undefined
        }
      />,
    );
  });

  /**
   * A photo is shown only to those who may see it, as what its bytes are,
   * with nosniff and a sandboxing CSP (as the library serves attachments).
   */
  people.get('/:username/photo', async (c) => {
    const { db, dataDir } = deps(c);
    const person = await repo.findPersonByUsername(db, c.req.param('username'));
    if (!person) throw peopleErrors.photoNotFound();
    const row = await repo.findProfileRow(db, person.id);
    const full = await loadFullProfile(db, person.id);
    if (!row?.photo || !row.photoType || !full) throw peopleErrors.photoNotFound();
    const level = levelOf(full, 'photo');
    if (!canSee(level, viewerOf(actorOf(c), person.id))) throw peopleErrors.photoNotFound();
    const file = photoPath(dataDir, row.photo);
    if (!fs.existsSync(file)) throw peopleErrors.photoNotFound();
    const etag = `"${row.photo.split('.')[0]}-${level}"`;
    const headers: Record<string, string> = {
      'Content-Type': row.photoType,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Content-Disposition': 'inline',
      // Revalidated every time: hiding a photo takes effect at once.
      'Cache-Control': level === 'public' ? 'public, no-cache' : 'private, no-cache',
      ETag: etag,
    };
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    headers['Content-Length'] = String(fs.statSync(file).size);
    return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, { status: 200, headers });
  });

  for (const action of ['block', 'unblock'] as const) {
    people.post(`/:username/${action}`, async (c) => {
      const actor = requireActor(c);
      const values = await readForm(c);
      const { db, now } = deps(c);
      const username = c.req.param('username');
      if (action === 'block') await usecases.block({ db, actor, now, username });
      else await usecases.unblock({ db, actor, username });
      const back = safeNext(str(values, 'back'), `/people/${username}`);
      return seeOther(c, `${back}${back.includes('?') ? '&' : '?'}notice=${action}ed`);
    });
  }

  profile.get('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.editProfile(actor));
    return editorPage(c, actor, {});
  });

  profile.post('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.editProfile(actor));
    const values = await readForm(c);
    const { db, now } = deps(c);
    const vocabulary = await vocabularyOf(c);
    const form = validate(profileSchema(vocabulary), values);
    if (!form.ok) return editorPage(c, actor, { values, errors: form.errors }, 400);
    const result = await updateProfile({ db, actor, now, input: form.data, vocabulary });
    if (!result.ok) return editorPage(c, actor, { values, errors: result.errors }, 400);
    return seeOther(c, '/account/profile?notice=saved');
  });

  profile.post('/photo', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.editProfile(actor));
    const body = await c.req.parseBody();
    const file = body.photo;
    if (!(file instanceof File) || file.size === 0)
      return editorPage(c, actor, { photoError: 'Choose a photo to upload.' }, 400);
    if (file.size > PROFILE_LIMITS.photoBytes)
      return editorPage(c, actor, { photoError: photoTooLarge(PROFILE_LIMITS.photoBytes) }, 413);
    const { db, now, dataDir } = deps(c);
    try {
      await uploadPhoto({ db, actor, now, dataDir, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'people.unsupported_photo')
        return editorPage(c, actor, { photoError: error.message }, 415);
      if (error instanceof AppError && error.code === 'people.unreadable_photo')
        return editorPage(c, actor, { photoError: error.message }, 400);
      throw error;
    }
    return seeOther(c, '/account/profile?notice=photo');
  });

  profile.post('/photo/delete', async (c) => {
    const actor = requireActor(c);
    const { db, now, dataDir } = deps(c);
    await removePhoto({ db, actor, now, dataDir });
    return seeOther(c, '/account/profile?notice=photo-removed');
  });

  async function settingsPage(
    c: AppContext,
    actor: Actor,
    extra: { values?: FormValues; errors?: Record<string, string> } = {},
    status: 200 | 400 = 200,
  ) {
    const { db, now } = deps(c);
    const current = await optInStatus(db, actor.id, now);
    const saved: FormValues =
      current.state === 'out'
        ? { preferredContact: 'message' }
        : { howICanHelp: current.howICanHelp, preferredContact: current.preferredContact };
    return renderPage(
      c,
      {
        title: 'Your Phone a Friend listing',
        breadcrumbs: [
          { label: 'Home', href: '/' },
          { label: 'People', href: '/people' },
          { label: 'Phone a Friend listing' },
        ],
      },
      <PhoneAFriendSettingsPage
        status={current}
        values={extra.values ?? saved}
        errors={extra.errors}
        csrfToken={csrfTokenFor(c)}
        notice={status === 200 ? noticeFrom(c) : undefined}
      />,
      status,
    );
  }

  phoneAFriend.get('/', (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.joinPhoneAFriend(actor));
    return settingsPage(c, actor);
  });

  phoneAFriend.post('/', async (c) => {
    const actor = requireActor(c);
    authorize(actor, peoplePolicies.joinPhoneAFriend(actor));
    const values = await readForm(c);
    const form = validate(optInSchema, values);
    if (!form.ok) return settingsPage(c, actor, { values, errors: form.errors }, 400);
    const { db, now } = deps(c);
    await joinPhoneAFriend({ db, actor, now, input: form.data });
    return seeOther(c, '/account/phone-a-friend?notice=joined');
  });

  phoneAFriend.post('/confirm', async (c) => {
    const actor = requireActor(c);
    const { db, now } = deps(c);
    const done = await confirmPhoneAFriend({ db, actor, now });
    return seeOther(c, done ? '/account/phone-a-friend?notice=confirmed' : '/account/phone-a-friend');
  });

  phoneAFriend.post('/leave', async (c) => {
    const actor = requireActor(c);
    const { db } = deps(c);
    await leavePhoneAFriend({ db, actor });
    return seeOther(c, '/account/phone-a-friend?notice=left');
  });

  return { '/people': people, '/account/profile': profile, '/account/phone-a-friend': phoneAFriend };
}
