import type { FieldErrors } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice } from '../../../platform/ui/components';
import { DELIVERIES, DELIVERY_LABELS, type NotificationSettings } from '../notifications.models';

const DELIVERY_HINTS = {
  in_app: 'Notifications appear here in the hub; no email.',
  immediate: 'An email as soon as something happens.',
  digest: 'One email a day listing what is new.',
} as const;

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00 UTC`;
}

export function PreferencesPage({
  settings,
  csrfToken,
  notice,
  errors,
}: {
  settings: NotificationSettings;
  csrfToken: string;
  notice?: string | undefined;
  errors?: FieldErrors | undefined;
}) {
  return (
    <div class="narrow">
      <h1>Email and notification preferences</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          defaultDelivery: 'How to hear',
          digestHourUtc: 'Digest time',
          mailingListMode: 'Mailing-list mode',
          emailPaused: 'Pause all email',
        }}
      />
      <p>
        See and change <a href="/notifications/watching">what you watch</a>.
      </p>
      <form method="post" action="/notifications/preferences" novalidate>
        <CsrfField token={csrfToken} />
        <fieldset
          class={errors?.defaultDelivery ? 'field has-error' : 'field'}
          aria-describedby="f-defaultDelivery-hint"
        >
          <legend>How to hear about mentions, messages and new watches</legend>
          <p class="hint" id="f-defaultDelivery-hint">
            Each watch can have its own choice; this is what new watches start with.
          </p>
          {errors?.defaultDelivery ? (
            <p class="field-error" id="f-defaultDelivery-error">
              <span class="visually-hidden">Error: </span>
              {errors.defaultDelivery}
            </p>
          ) : null}
          {DELIVERIES.map((d) => (
            <div class="radio">
              <input
                type="radio"
                id={d === DELIVERIES[0] ? 'f-defaultDelivery' : `f-defaultDelivery-${d}`}
                name="defaultDelivery"
                value={d}
                checked={settings.defaultDelivery === d}
                aria-describedby={`f-defaultDelivery-${d}-hint`}
              />
              <label for={d === DELIVERIES[0] ? 'f-defaultDelivery' : `f-defaultDelivery-${d}`}>
                {DELIVERY_LABELS[d]}
              </label>
              <p class="hint" id={`f-defaultDelivery-${d}-hint`}>
                {DELIVERY_HINTS[d]}
              </p>
            </div>
          ))}
        </fieldset>
        <fieldset class="field">
          <legend>How often the digest comes</legend>
          <div class="radio">
            <input
              type="radio"
              id="f-digestFrequency-daily"
              name="digestFrequency"
              value="daily"
              checked={settings.digestFrequency !== 'weekly'}
            />
            <label for="f-digestFrequency-daily">Daily</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id="f-digestFrequency-weekly"
              name="digestFrequency"
              value="weekly"
              checked={settings.digestFrequency === 'weekly'}
              aria-describedby="f-digestFrequency-weekly-hint"
            />
            <label for="f-digestFrequency-weekly">Weekly: new in your topics</label>
            <p class="hint" id="f-digestFrequency-weekly-hint">
              On Mondays: new and substantially changed pages in the topics you watch with the digest, and everything
              else you chose for it.
            </p>
          </div>
        </fieldset>
        <div class={errors?.digestHourUtc ? 'field has-error' : 'field'}>
          <label for="f-digestHourUtc">Digest time</label>
          <p class="hint" id="f-digestHourUtc-hint">
            When your daily digest is sent, in Coordinated Universal Time.
          </p>
          {errors?.digestHourUtc ? (
            <p class="field-error" id="f-digestHourUtc-error">
              <span class="visually-hidden">Error: </span>
              {errors.digestHourUtc}
            </p>
          ) : null}
          <select
            id="f-digestHourUtc"
            name="digestHourUtc"
            aria-describedby={
              errors?.digestHourUtc ? 'f-digestHourUtc-hint f-digestHourUtc-error' : 'f-digestHourUtc-hint'
            }
          >
            {Array.from({ length: 24 }, (_, h) => (
              <option value={String(h)} selected={settings.digestHourUtc === h}>
                {hourLabel(h)}
              </option>
            ))}
          </select>
        </div>
        <div class="field checkbox">
          <input
            type="checkbox"
            id="f-mailingListMode"
            name="mailingListMode"
            value="on"
            checked={settings.mailingListMode}
            aria-describedby="f-mailingListMode-hint"
          />
          <label for="f-mailingListMode">Mailing-list mode</label>
          <p class="hint" id="f-mailingListMode-hint">
            Every post in the forum categories you watch comes to you by email as it is posted, like a listserv. Reply
            to any of them to post your answer.
          </p>
        </div>
        <div class="field checkbox">
          <input
            type="checkbox"
            id="f-emailPaused"
            name="emailPaused"
            value="on"
            checked={settings.emailPaused}
            aria-describedby="f-emailPaused-hint"
          />
          <label for="f-emailPaused">Pause all email</label>
          <p class="hint" id="f-emailPaused-hint">
            Nothing but account email (such as password resets) is sent while this is on; notifications still appear in
            the hub.
          </p>
        </div>
        <button type="submit">Save preferences</button>
      </form>
    </div>
  );
}
