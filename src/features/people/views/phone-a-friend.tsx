import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, DateText, ErrorSummary, Notice, Select, TextArea } from '../../../platform/ui/components';
import {
  CONTACT_PREFERENCE_LABELS,
  CONTACT_PREFERENCES,
  PHONE_A_FRIEND_MONTHS,
  PROFILE_LIMITS,
} from '../people.models';
import type { OptInStatus } from '../people.phone-a-friend';
import { PeopleNav } from './parts';

export function PhoneAFriendSettingsPage({
  status,
  values,
  errors,
  csrfToken,
  notice,
}: {
  status: OptInStatus;
  values: FormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string;
  notice?: string | undefined;
}) {
  return (
    <div class="narrow">
      <PeopleNav current="phone" />
      <h1>Your Phone a Friend listing</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p class="lead">
        Phone a Friend is a list of members happy to be asked for help. Colleagues find you by what you know and contact
        you with a private message; they never see your email address. You confirm once a year that you are still happy
        to help.
      </p>
      {status.state === 'in' ? (
        <Notice
          kind={status.dueSoon ? 'warning' : 'info'}
          title={status.dueSoon ? 'Please confirm your listing' : 'You are listed'}
        >
          <p>
            You are in the directory until <DateText date={status.lapsesAt} /> (last confirmed{' '}
            <DateText date={status.confirmedAt} />
            ).
            {status.dueSoon ? ' Confirm now to stay listed for another year.' : ''}
          </p>
          <div class="form-actions">
            <form method="post" action="/account/phone-a-friend/confirm" class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit">Yes, I can still help: confirm for {PHONE_A_FRIEND_MONTHS} months</button>
            </form>
            <form method="post" action="/account/phone-a-friend/leave" class="inline-form">
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary">
                Take me off the directory
              </button>
            </form>
          </div>
        </Notice>
      ) : status.state === 'lapsed' ? (
        <Notice kind="warning" title="Your listing has lapsed">
          <p>
            It lapsed on <DateText date={status.lapsedAt} /> because it was not confirmed for {PHONE_A_FRIEND_MONTHS}{' '}
            months. Save the form below to be listed again.
          </p>
        </Notice>
      ) : null}
      <h2>{status.state === 'in' ? 'Change what you offer' : 'Join the directory'}</h2>
      <ErrorSummary
        errors={errors}
        labels={{ howICanHelp: 'How you can help', preferredContact: 'How you prefer to be reached' }}
      />
      <form method="post" action="/account/phone-a-friend" novalidate>
        <CsrfField token={csrfToken} />
        <TextArea
          name="howICanHelp"
          label="How you can help"
          hint="For example: “Happy to talk through international lending, IFLA vouchers and customs forms.”"
          required
          rows={5}
          maxLength={PROFILE_LIMITS.howICanHelp}
          values={values}
          errors={errors}
        />
        <Select
          name="preferredContact"
          label="How you prefer to be reached"
          required
          options={CONTACT_PREFERENCES.map((p) => ({ value: p, label: CONTACT_PREFERENCE_LABELS[p] }))}
          values={values}
          errors={errors}
        />
        <p class="hint">
          What people can filter by (expertise, systems, library type, region, languages, time zone) comes from your{' '}
          <a href="/account/profile">profile</a>, and only the parts you let members see.
        </p>
        <button type="submit">{status.state === 'in' ? 'Save and confirm' : 'List me in the directory'}</button>
      </form>
    </div>
  );
}
