import { Html } from '../../../platform/content/SafeHtml';
import { storedHtml } from '../../../platform/content/stored-html';
import { CsrfField, Notice } from '../../../platform/ui/components';
import type { Visibility } from '../people.table';
import type { ProfileField, Viewer, VisibleProfile } from '../people.visibility';
import type { Vocabulary } from '../../../platform/vocabulary/vocabulary';
import { Avatar, LocalTime, locationLine, PeopleNav, VISIBILITY_LABELS } from './parts';

export interface ProfileActions {
  canMessage: boolean;
  canBlock: boolean;
  blocked: boolean;
  optedIn: boolean;
}

const AS_LABELS: Record<Viewer, string> = { self: 'you', member: 'a signed-in member', public: 'anyone on the web' };

export function ProfilePage({
  profile,
  viewer,
  previewAs,
  vocabulary,
  topics,
  actions,
  csrfToken,
  notice,
  now,
  levels,
}: {
  /** Who can see each field: shown to the person on their own profile. */
  levels?: Record<ProfileField, Visibility> | undefined;
  profile: VisibleProfile;
  /** Who is really looking. */
  viewer: Viewer;
  /** The person looking at their own profile as someone else would see it. */
  previewAs?: Viewer | undefined;
  vocabulary: Vocabulary;
  /** Slugs of the library's topics: an area of expertise that is a topic links to it. */
  topics: Set<string>;
  actions: ProfileActions;
  csrfToken: string;
  notice?: string | undefined;
  now: Date;
}) {
  const p = profile;
  const location = locationLine(p, vocabulary);
  const who = (field: ProfileField) =>
    levels && !previewAs ? (
      <span class="visibility-note"> · Visible to: {VISIBILITY_LABELS[levels[field]].toLowerCase()}</span>
    ) : null;
  return (
    <>
      {viewer === 'self' ? <PeopleNav current="" /> : null}
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {viewer === 'self' ? (
        <Notice
          title={previewAs ? `You are seeing your profile as ${AS_LABELS[previewAs]} would` : 'This is your profile'}
        >
          <p>
            {previewAs ? (
              <a href={`/people/${p.username}`}>See everything (only you can)</a>
            ) : (
              'You see every field, including those only you can see.'
            )}{' '}
            Preview it as <a href={`/people/${p.username}?as=member`}>a signed-in member</a> or{' '}
            <a href={`/people/${p.username}?as=public`}>anyone on the web</a>.{' '}
            <a href="/account/profile">Edit your profile</a>.
          </p>
        </Notice>
      ) : null}
      <div class="profile-header">
        <Avatar name={p.displayName} photoUrl={p.photoUrl} large />
        <div>
          <h1>
            {p.displayName}
            {p.pronouns ? <span class="pronouns"> ({p.pronouns})</span> : null}
          </h1>
          <p class="meta">
            @{p.username}
            {p.pronouns ? who('pronouns') : null}
            {p.photoUrl ? <> · photo{who('photo')}</> : null}
          </p>
          {actions.optedIn ? (
            <p>
              <span class="badge badge-awake">Phone a Friend</span> Happy to be contacted by colleagues.
            </p>
          ) : null}
        </div>
      </div>
      <ul class="actions">
        {actions.canMessage ? (
          <li>
            <a class="button" href={`/messages/new?to=${encodeURIComponent(p.username)}`}>
              Send {p.displayName} a private message
            </a>
          </li>
        ) : null}
        {actions.canBlock ? (
          <li>
            <form
              method="post"
              action={`/people/${p.username}/${actions.blocked ? 'unblock' : 'block'}`}
              class="inline-form"
            >
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary">
                {actions.blocked ? `Unblock ${p.displayName}` : `Block ${p.displayName}`}
              </button>
            </form>
          </li>
        ) : null}
      </ul>
      {actions.blocked ? <p class="muted">You have blocked this member: they cannot send you messages.</p> : null}
      <dl class="facts profile-facts">
        {p.institution ? (
          <>
            <dt>Institution</dt>
            <dd>
              {p.institution}
              {who('institution')}
            </dd>
          </>
        ) : null}
        {p.libraryType ? (
          <>
            <dt>Library type</dt>
            <dd>
              {vocabulary.libraryTypes.label(p.libraryType)}
              {who('libraryType')}
            </dd>
          </>
        ) : null}
        {location ? (
          <>
            <dt>Country and region</dt>
            <dd>
              {location}
              {who('location')}
            </dd>
          </>
        ) : null}
        {p.timeZone ? (
          <>
            <dt>Time zone</dt>
            <dd>
              <LocalTime zone={p.timeZone} now={now} />
              {who('timeZone')}
            </dd>
          </>
        ) : null}
        {p.languages ? (
          <>
            <dt>Languages</dt>
            <dd>
              {p.languages.map((l) => vocabulary.languages.label(l)).join(', ')}
              {who('languages')}
            </dd>
          </>
        ) : null}
        {p.systems ? (
          <>
            <dt>ILL systems used</dt>
            <dd>
              {p.systems.map((s) => vocabulary.systems.label(s)).join(', ')}
              {who('systems')}
            </dd>
          </>
        ) : null}
        {p.expertise ? (
          <>
            <dt>Areas of expertise</dt>
            <dd>
              <ul class="inline-list">
                {p.expertise.map((value) => {
                  const slug = vocabulary.expertise.canonical(value);
                  const name = vocabulary.expertise.label(value);
                  return <li>{topics.has(slug) ? <a href={`/topics/${slug}`}>{name}</a> : name}</li>;
                })}
              </ul>
              {who('expertise')}
            </dd>
          </>
        ) : null}
        {p.email ? (
          <>
            <dt>Email address</dt>
            <dd>
              <a href={`mailto:${p.email}`}>{p.email}</a>
              {who('email')}
            </dd>
          </>
        ) : null}
      </dl>
      {p.bio ? (
        <section aria-labelledby="about-heading" class="prose">
          <h2 id="about-heading">About</h2>
          {levels && !previewAs ? (
            <p class="visibility-note">Visible to: {VISIBILITY_LABELS[levels.bio].toLowerCase()}</p>
          ) : null}
          <Html html={storedHtml(p.bioHtml, p.bio)} />
        </section>
      ) : null}
      {p.links ? (
        <section aria-labelledby="links-heading">
          <h2 id="links-heading">Links</h2>
          {levels && !previewAs ? (
            <p class="visibility-note">Visible to: {VISIBILITY_LABELS[levels.links].toLowerCase()}</p>
          ) : null}
          <ul>
            {p.links.map((l) => (
              <li>
                <a href={l.url} rel="nofollow noopener noreferrer ugc">
                  {l.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {viewer === 'public' && !previewAs ? (
        <p class="muted">
          Members may see more of this profile.{' '}
          <a href={`/sign-in?next=${encodeURIComponent(`/people/${p.username}`)}`}>Sign in</a> to see it or to send a
          message.
        </p>
      ) : null}
    </>
  );
}
