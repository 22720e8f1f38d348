import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CheckboxGroup, CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../../platform/ui/components';
import {
  EVENT_COST_LABELS,
  EVENT_COSTS,
  EVENT_FORMAT_LABELS,
  EVENT_FORMATS,
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  EVENT_LEVEL_LABELS,
  EVENT_LEVELS,
  EVENT_LIMITS,
  REPEAT_LABELS,
  REPEATS,
} from '../events.models';
import { LocalTime } from './event-page';

type Options = ReadonlyArray<{ value: string; label: string }>;

export interface EventFormProps {
  action: string;
  mode: 'create' | 'edit';
  values: FormValues;
  errors: FieldErrors | undefined;
  csrfToken: string;
  options: {
    groups: Options;
    zones: readonly string[];
    audiences: Options;
    topics: Options;
    areas: Options;
    regions: Options;
  };
}

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, label: labels[v] }));

function selected(values: FormValues, name: string): string[] {
  const v = values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function EventFormPage(props: EventFormProps) {
  const { values, errors, options } = props;
  const common = { values, errors };
  const form = { values, errors: errors ?? {} };
  return (
    <>
      <h1>{props.mode === 'create' ? 'Add an event' : 'Edit event'}</h1>
      <p class="lead">
        Give the dates as the organiser publishes them, in the event’s own time zone; readers see them in theirs.
      </p>
      <form method="post" action={props.action} class="narrow-wide">
        <CsrfField token={props.csrfToken} />
        <ErrorSummary errors={errors} />
        <TextField name="title" label="Title" maxLength={EVENT_LIMITS.title} required {...common} />
        <TextField
          name="summary"
          label="Summary"
          hint="One or two sentences for lists."
          maxLength={EVENT_LIMITS.summary}
          {...common}
        />
        <Select name="kind" label="Kind" options={opts(EVENT_KINDS, EVENT_KIND_LABELS)} required {...common} />
        <fieldset>
          <legend>Organiser</legend>
          <Select
            name="organiserGroup"
            label="A group on the hub"
            blank="None: a named organisation"
            options={options.groups}
            {...common}
          />
          <TextField
            name="organiserName"
            label="Or the organisation’s name"
            maxLength={EVENT_LIMITS.organiserName}
            {...common}
          />
          <TextField
            name="organiserUrl"
            type="url"
            label="Organisation’s link"
            maxLength={EVENT_LIMITS.url}
            {...common}
          />
        </fieldset>
        <fieldset>
          <legend>When</legend>
          <div class="field-row">
            <LocalTime id="f-startsAt" name="startsAt" label="Starts" form={form} />
            <LocalTime id="f-endsAt" name="endsAt" label="Ends" form={form} />
          </div>
          <div class="field checkbox">
            <input
              type="checkbox"
              id="f-allDay"
              name="allDay"
              value="on"
              checked={values.allDay === 'on'}
              aria-describedby="f-allDay-hint"
            />
            <label for="f-allDay">All-day event</label>
            <p class="hint" id="f-allDay-hint">
              Only the dates of Starts and Ends count: from the start of the first day to the end of the last, shown as
              “all day” and sent to calendars as dates.
            </p>
          </div>
          <Select
            name="timeZone"
            label="Time zone"
            hint="The zone the organiser gives the times in."
            options={options.zones.map((z) => ({ value: z, label: z }))}
            required
            {...common}
          />
          <div class="field-row">
            <Select name="repeat" label="Repeats" options={opts(REPEATS, REPEAT_LABELS)} required {...common} />
            <TextField
              name="repeatsUntil"
              type="date"
              label="Repeats until"
              hint={`Without an end date, repeats are shown ${EVENT_LIMITS.horizonMonths} months ahead.`}
              {...common}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Where</legend>
          <Select
            name="format"
            label="Format"
            options={opts(EVENT_FORMATS, EVENT_FORMAT_LABELS)}
            required
            {...common}
          />
          <TextField
            name="place"
            label="Place"
            hint="Venue and city (in person and hybrid)."
            maxLength={EVENT_LIMITS.place}
            {...common}
          />
          <TextField name="onlineUrl" type="url" label="Online link" maxLength={EVENT_LIMITS.url} {...common} />
        </fieldset>
        <fieldset>
          <legend>Cost and audience</legend>
          <div class="field-row">
            <Select name="cost" label="Cost" options={opts(EVENT_COSTS, EVENT_COST_LABELS)} required {...common} />
            <TextField
              name="feeAmount"
              label="Fee"
              hint="e.g. USD 50; members USD 30."
              maxLength={EVENT_LIMITS.fee}
              {...common}
            />
          </div>
          <Select name="level" label="Level" options={opts(EVENT_LEVELS, EVENT_LEVEL_LABELS)} required {...common} />
          <CheckboxGroup
            name="audiences"
            label="For"
            options={options.audiences}
            selected={selected(values, 'audiences')}
            {...common}
          />
        </fieldset>
        <CheckboxGroup
          name="topics"
          label="Topics"
          options={options.topics}
          selected={selected(values, 'topics')}
          {...common}
        />
        <CheckboxGroup
          name="areas"
          label="Skills beyond ILL"
          hint="Training outside ILL itself: customer service, leadership, project management…"
          options={options.areas}
          selected={selected(values, 'areas')}
          {...common}
        />
        <Select name="regions" label="Region" blank="Anywhere / international" options={options.regions} {...common} />
        <fieldset>
          <legend>Accessibility</legend>
          <div class="checkbox">
            <input type="checkbox" id="f-captions" name="captions" value="on" checked={values.captions === 'on'} />
            <label for="f-captions">Captions</label>
          </div>
          <div class="checkbox">
            <input
              type="checkbox"
              id="f-signLanguage"
              name="signLanguage"
              value="on"
              checked={values.signLanguage === 'on'}
            />
            <label for="f-signLanguage">Sign language interpretation</label>
          </div>
          <TextArea
            name="accessibility"
            label="Venue access and other notes"
            rows={3}
            maxLength={EVENT_LIMITS.accessibility}
            {...common}
          />
        </fieldset>
        <fieldset>
          <legend>Registration</legend>
          <TextField
            name="registrationUrl"
            type="url"
            label="Registration link"
            maxLength={EVENT_LIMITS.url}
            {...common}
          />
          <div class="field-row">
            <TextField name="registrationDeadline" type="date" label="Registration deadline" {...common} />
            <TextField name="cfpDeadline" type="date" label="Call-for-proposals deadline" {...common} />
          </div>
        </fieldset>
        <TextArea
          name="description"
          label="Description"
          hint="Markdown works."
          rows={10}
          maxLength={EVENT_LIMITS.description}
          {...common}
        />
        <div class="form-actions">
          <button type="submit">{props.mode === 'create' ? 'Add event' : 'Save changes'}</button>
          <a href={props.mode === 'create' ? '/events' : props.action}>Cancel</a>
        </div>
      </form>
    </>
  );
}
