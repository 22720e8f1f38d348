import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import {
  CheckboxGroup,
  CsrfField,
  ErrorSummary,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import type { Vocabulary } from '../../../platform/vocabulary/vocabulary';
import { PROFILE_LIMITS } from '../people.models';
import { LINK_SLOTS } from '../people.schemas';
import { VISIBILITIES } from '../people.models';
import type { ProfileField } from '../people.visibility';
import { Avatar, FIELD_PHRASES, PeopleNav, TimeZoneSelect, VISIBILITY_LABELS, type ZoneGroups } from './parts';

const VIS_OPTIONS = VISIBILITIES.map((v) => ({ value: v, label: VISIBILITY_LABELS[v] }));

function Who({ field, values, errors }: { field: ProfileField; values: FormValues; errors?: FieldErrors | undefined }) {
  return (
    <Select
      name={`vis_${field}`}
      label={`Who can see your ${FIELD_PHRASES[field]}`}
      options={VIS_OPTIONS}
      values={values}
      errors={errors}
      required
    />
  );
}

/** The time-zone field: a select grouped by region (see TimeZoneSelect), with its hint and error like every field. */
function TimeZoneField({
  values,
  errors,
  zones,
}: {
  values: FormValues;
  errors?: FieldErrors | undefined;
  zones: ZoneGroups;
}) {
  const error = errors?.timeZone;
  const value = values.timeZone;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-timeZone">
        Time zone <span class="optional">(optional)</span>
      </label>
      <p class="hint" id="f-timeZone-hint">
        Lets colleagues see whether it is working hours for you. Zones are grouped by region.
      </p>
      {error ? (
        <p class="field-error" id="f-timeZone-error">
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <TimeZoneSelect
        id="f-timeZone"
        name="timeZone"
        value={typeof value === 'string' ? value : ''}
        zones={zones}
        blank="Not set"
        describedBy={error ? 'f-timeZone-hint f-timeZone-error' : 'f-timeZone-hint'}
        invalid={Boolean(error)}
      />
    </div>
  );
}

function list(values: FormValues, name: string): string[] {
  const v = values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export const PROFILE_ERROR_LABELS: Record<string, string> = {
  displayName: 'Display name',
  pronouns: 'Pronouns',
  institution: 'Institution',
  libraryType: 'Library type',
  country: 'Country or region',
  region: 'State, province or area',
  timeZone: 'Time zone',
  languages: 'Languages',
  systems: 'ILL systems',
  expertise: 'Areas of expertise',
  bio: 'Short bio',
  ...Object.fromEntries(
    LINK_SLOTS.flatMap((n) => [
      [`link${n}Title`, `Link ${n} title`],
      [`link${n}Url`, `Link ${n} address`],
    ]),
  ),
};

export function ProfileEditorPage({
  username,
  displayName,
  photoUrl,
  values,
  errors,
  csrfToken,
  vocabulary,
  unlistedCountry,
  zones,
  notice,
  photoError,
}: {
  username: string;
  displayName: string;
  photoUrl: string | null;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  vocabulary: Vocabulary;
  /** A country saved as typed before the list existed, which no entry matches. */
  unlistedCountry?: string | undefined;
  zones: ZoneGroups;
  notice?: string | undefined;
  photoError?: string | undefined;
}) {
  const fieldErrors = errors;
  return (
    <>
      <PeopleNav current="profile" />
      <h1>Edit your profile</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p class="lead">
        Say as much or as little as you like. For each part you choose who can see it: everyone, members only, or only
        you. Your display name is always public; your email address is never shown unless you choose.{' '}
        <a href={`/people/${username}`}>See your profile</a>.
      </p>

      <section aria-labelledby="photo-heading" class="panel">
        <h2 id="photo-heading">Photo</h2>
        <div class="profile-header">
          <Avatar name={displayName} photoUrl={photoUrl} large />
          <div>
            {photoError ? (
              <p class="field-error" id="f-photo-error" role="alert">
                <span class="visually-hidden">Error: </span>
                {photoError}
              </p>
            ) : null}
            <form method="post" action="/account/profile/photo" enctype="multipart/form-data">
              <CsrfField token={csrfToken} />
              <div class={photoError ? 'field has-error' : 'field'}>
                <label for="f-photo">
                  Choose a photo <span class="optional">(optional)</span>
                </label>
                <p class="hint" id="f-photo-hint">
                  PNG, JPEG, GIF or WebP, up to {Math.round(PROFILE_LIMITS.photoBytes / 1024)} KB. Who can see it is set
                  below. Camera and location details (EXIF, GPS) and other hidden metadata are removed before it is
                  stored.
                </p>
                <input
                  id="f-photo"
                  type="file"
                  name="photo"
                  accept="image/png,image/jpeg,image/gif,image/webp"
                  aria-describedby={photoError ? 'f-photo-hint f-photo-error' : 'f-photo-hint'}
                />
              </div>
              <button type="submit">Upload photo</button>
            </form>
            {photoUrl ? (
              <form method="post" action="/account/profile/photo/delete" class="inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  Remove photo
                </button>
              </form>
            ) : null}
          </div>
        </div>
      </section>

      <ErrorSummary errors={fieldErrors} labels={PROFILE_ERROR_LABELS} />
      <form method="post" action="/account/profile" novalidate class="profile-form">
        <CsrfField token={csrfToken} />
        <fieldset class="group">
          <legend>Name and pronouns</legend>
          <TextField
            name="displayName"
            label="Display name"
            required
            maxLength={PROFILE_LIMITS.displayName}
            values={values}
            errors={fieldErrors}
            hint="Always shown to everyone, beside what you write."
            autocomplete="name"
          />
          <TextField
            name="pronouns"
            label="Pronouns"
            maxLength={PROFILE_LIMITS.pronouns}
            values={values}
            errors={fieldErrors}
            hint="For example: she/her, they/them."
          />
          <Who field="pronouns" values={values} errors={fieldErrors} />
          <Who field="photo" values={values} errors={fieldErrors} />
        </fieldset>
        <fieldset class="group">
          <legend>Where you work</legend>
          <TextField
            name="institution"
            label="Institution"
            maxLength={PROFILE_LIMITS.institution}
            values={values}
            errors={fieldErrors}
            autocomplete="organization"
          />
          <Who field="institution" values={values} errors={fieldErrors} />
          <Select
            name="libraryType"
            label="Library type"
            blank="Not set"
            options={vocabulary.libraryTypes.options()}
            values={values}
            errors={fieldErrors}
          />
          <Who field="libraryType" values={values} errors={fieldErrors} />
          <div class="field-row">
            <Select
              name="country"
              label="Country or region"
              blank="Not set"
              options={vocabulary.regions.options()}
              values={values}
              errors={fieldErrors}
              hint={unlistedCountry ? `You had written “${unlistedCountry}”: choose it from the list.` : undefined}
            />
            <TextField
              name="region"
              label="State, province or area"
              maxLength={PROFILE_LIMITS.region}
              values={values}
              errors={fieldErrors}
            />
          </div>
          <Who field="location" values={values} errors={fieldErrors} />
          <TimeZoneField values={values} errors={fieldErrors} zones={zones} />
          <Who field="timeZone" values={values} errors={fieldErrors} />
        </fieldset>
        <fieldset class="group">
          <legend>What you know</legend>
          <TextField
            name="languages"
            label="Languages"
            hint={`English names, separated by commas, e.g. English, Spanish. Up to ${PROFILE_LIMITS.languages}.`}
            maxLength={PROFILE_LIMITS.languages * (PROFILE_LIMITS.language + 2)}
            values={values}
            errors={fieldErrors}
          />
          <Who field="languages" values={values} errors={fieldErrors} />
          <CheckboxGroup
            name="systems"
            label="ILL systems used"
            options={vocabulary.systems.options()}
            selected={list(values, 'systems')}
            errors={fieldErrors}
          />
          <Who field="systems" values={values} errors={fieldErrors} />
          <CheckboxGroup
            name="expertise"
            label="Areas of expertise"
            hint={`Up to ${PROFILE_LIMITS.expertise}. The first ones are the library's topics.`}
            options={vocabulary.expertise.options()}
            selected={list(values, 'expertise')}
            errors={fieldErrors}
          />
          <Who field="expertise" values={values} errors={fieldErrors} />
          <TextArea
            name="bio"
            label="Short bio"
            hint="Markdown works: **bold**, lists and links."
            rows={6}
            maxLength={PROFILE_LIMITS.bio}
            values={values}
            errors={fieldErrors}
          />
          <Who field="bio" values={values} errors={fieldErrors} />
        </fieldset>
        <fieldset class="group">
          <legend>Links</legend>
          <p class="hint">Up to {LINK_SLOTS.length} web pages: your library, a presentation, a profile elsewhere.</p>
          {LINK_SLOTS.map((n) => (
            <div class="field-row">
              <TextField
                name={`link${n}Title`}
                label={`Link ${n} title`}
                maxLength={PROFILE_LIMITS.linkTitle}
                values={values}
                errors={fieldErrors}
              />
              <TextField
                name={`link${n}Url`}
                label={`Link ${n} address`}
                type="url"
                maxLength={PROFILE_LIMITS.linkUrl}
                values={values}
                errors={fieldErrors}
              />
            </div>
          ))}
          <Who field="links" values={values} errors={fieldErrors} />
        </fieldset>
        <fieldset class="group">
          <legend>Email address</legend>
          <p class="hint">
            Colleagues can always reach you with a private message without seeing your address. Show it only if you want
            to.
          </p>
          <Who field="email" values={values} errors={fieldErrors} />
        </fieldset>
        <div class="form-actions">
          <button type="submit">Save profile</button>
          <a href={`/people/${username}`}>Cancel</a>
        </div>
      </form>
    </>
  );
}
