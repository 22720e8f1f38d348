import type { Child } from 'hono/jsx';
import type { FieldErrors, FormValues } from '../http/forms';
import { CSRF_FIELD } from '../http/security';
import { limitHint } from './char-limit';

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  if (items.length === 0) return null;
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {items.map((item, i) =>
          item.href && i < items.length - 1 ? (
            <li>
              <a href={item.href}>{item.label}</a>
            </li>
          ) : (
            <li>
              <span aria-current="page">{item.label}</span>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
  required?: boolean;
  id?: string;
}

function fieldIds(props: FieldBase, limit?: number) {
  const id = props.id ?? `f-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy =
    [props.hint || limit ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

function fieldValue(values: FormValues | undefined, name: string): string {
  const v = values?.[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

function FieldHead(props: FieldBase & { id: string; error: string | undefined; limit?: number | undefined }) {
  return (
    <>
      <label for={props.id}>
        {props.label}
        {props.required ? null : <span class="optional"> (optional)</span>}
      </label>
      {props.hint || props.limit ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
          {props.hint && props.limit ? ' ' : null}
          {props.limit ? <span class="hint-limit">{limitHint(props.limit)}</span> : null}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

export function TextField(
  props: FieldBase & {
    type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number' | 'date';
    maxLength?: number;
    autocomplete?: string;
    value?: string;
    inputmode?: string;
    spellcheck?: boolean;
    /** State the character limit in the hint (and let the editor script count). Default: for text and URL fields. */
    showLimit?: boolean;
  },
) {
  const textLike = (props.type ?? 'text') === 'text' || props.type === 'url' || props.type === 'search';
  const limit = (props.showLimit ?? textLike) ? props.maxLength : undefined;
  const { id, error, describedBy } = fieldIds(props, limit);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <FieldHead {...props} id={id} error={error} limit={limit} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : (props.value ?? fieldValue(props.values, props.name))}
        maxlength={props.maxLength}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        spellcheck={props.spellcheck}
        data-counter={limit ? '' : undefined}
      />
    </div>
  );
}

export function TextArea(
  props: FieldBase & { maxLength?: number; rows?: number; value?: string; class?: string; showLimit?: boolean },
) {
  const limit = (props.showLimit ?? true) ? props.maxLength : undefined;
  const { id, error, describedBy } = fieldIds(props, limit);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <FieldHead {...props} id={id} error={error} limit={limit} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 6}
        maxlength={props.maxLength}
        required={props.required}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        class={props.class}
        data-counter={limit ? '' : undefined}
      >
        {props.value ?? fieldValue(props.values, props.name)}
      </textarea>
    </div>
  );
}

export function Select(
  props: FieldBase & { options: ReadonlyArray<{ value: string; label: string }>; value?: string; blank?: string },
) {
  const { id, error, describedBy } = fieldIds(props);
  const current = props.value ?? fieldValue(props.values, props.name);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <FieldHead {...props} id={id} error={error} />
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxGroup(
  props: FieldBase & { options: ReadonlyArray<{ value: string; label: string }>; selected: string[] },
) {
  const { id, error, describedBy } = fieldIds(props);
  return (
    <fieldset class={error ? 'field checkboxes has-error' : 'field checkboxes'} aria-describedby={describedBy}>
      <legend>
        {props.label}
        {props.required ? null : <span class="optional"> (optional)</span>}
      </legend>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <div class="checkbox-grid">
        {props.options.map((o) => (
          <div class="checkbox">
            <input
              type="checkbox"
              id={`${id}-${o.value}`}
              name={props.name}
              value={o.value}
              checked={props.selected.includes(o.value)}
            />
            <label for={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({
  errors,
  ids,
}: {
  errors: FieldErrors | undefined;
  /** Field labels (unused: every message already names its field, so repeating the label read badly). */
  labels?: Record<string, string>;
  /** Field ids when they differ from the default `f-<name>`. */
  ids?: Record<string, string>;
}) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There {entries.length === 1 ? 'is a problem' : `are ${entries.length} problems`}</h2>
      <ul>
        {entries.map(([name, message]) =>
          name === '_form' ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${ids?.[name] ?? `f-${name}`}`}>{message}</a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  title?: string;
  children?: Child;
}) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {title ? <p class="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}

export function DateText({ date, withTime = false }: { date: Date; withTime?: boolean }) {
  return <time datetime={date.toISOString()}>{formatDate(date, withTime)}</time>;
}

// Built once: toLocaleDateString builds a new formatter on every call (~0.1 ms each, dozens per thread page).
const DAY_FORMAT = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
const TIME_FORMAT = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });

export function formatDate(date: Date, withTime = false): string {
  const day = DAY_FORMAT.format(date);
  if (!withTime) return day;
  return `${day}, ${TIME_FORMAT.format(date)} UTC`;
}

export function Pagination({
  page,
  pageCount,
  hrefFor,
  label = 'Pages',
}: {
  page: number;
  pageCount: number;
  hrefFor: (p: number) => string;
  label?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label={label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={hrefFor(page - 1)} rel="prev">
              Previous page
            </a>
          </li>
        ) : null}
        <li>
          <span>
            Page {page} of {pageCount}
          </span>
        </li>
        {page < pageCount ? (
          <li>
            <a href={hrefFor(page + 1)} rel="next">
              Next page
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
