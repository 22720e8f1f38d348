// The browser side of drafts for one writing form (see ./drafts.ts for the rules, which are unit tested).
import {
  AUTOSAVE_IDLE_MS,
  AUTOSAVE_MIN_INTERVAL_MS,
  encodedSize,
  FORM_BODY_LIMIT,
  type Fields,
  fieldsFrom,
  hasText,
  type LocalDraft,
  overLimitMessage,
  parseLocalDraft,
  savedMessage,
  shouldOffer,
  storageKey,
  tooLargeFormMessage,
} from './drafts';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage blocked: the server draft still works
  }
}

function currentFields(form: HTMLFormElement): Fields {
  const entries: [string, string][] = [];
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') entries.push([name, value]);
  return fieldsFrom(entries);
}

function fill(form: HTMLFormElement, fields: Fields) {
  for (const el of Array.from(form.elements) as Field[]) {
    if (!el.name || !(el.name in fields) || el.name === '_csrf' || el.name === 'idempotencyKey') continue;
    const value = fields[el.name];
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio'))
      el.checked = list.includes(el.value);
    else if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button')) continue;
    else el.value = list[0] ?? '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** A message next to a field (the same look as the server's field errors), replacing an earlier one. */
function fieldMessage(field: Field, text: string) {
  const id = `${field.id || field.name}-limit-error`;
  let p = document.getElementById(id);
  if (!p) {
    p = document.createElement('p');
    p.id = id;
    p.className = 'field-error';
    field.before(p);
    const described = field.getAttribute('aria-describedby');
    field.setAttribute('aria-describedby', described ? `${id} ${described}` : id);
  }
  p.textContent = text;
  field.setAttribute('aria-invalid', 'true');
  field.closest('.field')?.classList.add('has-error');
}

function clearFieldMessage(field: Field) {
  const p = document.getElementById(`${field.id || field.name}-limit-error`);
  if (!p) return;
  p.remove();
  field.removeAttribute('aria-invalid');
}

export function enhanceDraftForm(form: HTMLFormElement): void {
  const { draftKind: kind, draftTarget: target = '', draftOwner: owner, draftSaved: serverSavedAt } = form.dataset;
  if (!kind || !owner) return;
  const key = storageKey(owner, kind, target);
  const store = storage();
  const token = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const textNames = Array.from(
    form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea[name], input[type="text"][name]'),
  ).map((f) => f.name);

  // A status line beside the buttons: when the hub last kept the draft.
  const status = document.createElement('p');
  status.className = 'draft-status muted';
  form.querySelector('.form-actions')?.append(status);

  // Offer the copy kept in this browser, when it is not what the form already shows.
  const local = parseLocalDraft(store?.getItem(key) ?? null);
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (
    local &&
    shouldOffer(local, { current: currentFields(form), serverSavedAt, backForward: nav?.type === 'back_forward' })
  ) {
    const offer = document.createElement('section');
    offer.className = 'notice notice-info draft-notice draft-offer-local';
    offer.setAttribute('aria-labelledby', 'draft-local-title');
    const title = document.createElement('h2');
    title.id = 'draft-local-title';
    title.className = 'notice-title';
    const when = new Date(local.savedAt).toLocaleString();
    title.textContent = `You have an unsaved draft from ${when} kept in this browser`;
    const actions = document.createElement('div');
    actions.className = 'form-actions';
    const restore = document.createElement('button');
    restore.type = 'button';
    restore.textContent = 'Restore it';
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'secondary';
    discard.textContent = 'Discard it';
    actions.append(restore, discard);
    offer.append(title, actions);
    form.before(offer);
    restore.addEventListener('click', () => {
      fill(form, local.fields);
      offer.remove();
      form.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.focus();
    });
    discard.addEventListener('click', () => {
      store?.removeItem(key);
      offer.remove();
      form.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.focus();
    });
  } else if (local?.submitted && !serverSavedAt) {
    // Submitted, and the hub keeps no draft for this form any more: the text went in.
    store?.removeItem(key);
  }

  const keepLocal = (submitted = false) => {
    const fields = currentFields(form);
    if (!hasText(fields, textNames)) return;
    const value: LocalDraft = { fields, savedAt: new Date().toISOString(), ...(submitted ? { submitted } : {}) };
    try {
      store?.setItem(key, JSON.stringify(value));
    } catch {
      // quota exceeded: the server draft still works
    }
  };

  let idleTimer: number | undefined;
  let lastSave = 0;
  let blockedUntil = 0;
  let dirty = false;
  let controller: AbortController | undefined;
  let stopped = false;

  const saveToHub = async () => {
    if (stopped || !dirty) return;
    const wait = Math.max(lastSave + AUTOSAVE_MIN_INTERVAL_MS, blockedUntil) - Date.now();
    if (wait > 0) {
      idleTimer = window.setTimeout(saveToHub, wait);
      return;
    }
    const fields = currentFields(form);
    if (!hasText(fields, textNames)) return;
    dirty = false;
    lastSave = Date.now();
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    body.set('intent', 'draft');
    controller = new AbortController();
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        headers: { 'X-CSRF-Token': token, Accept: 'application/json' },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (response.ok) {
        const data = (await response.json()) as { draft?: { updatedAt?: string } };
        status.textContent = savedMessage(new Date(data.draft?.updatedAt ?? Date.now()));
        return;
      }
      dirty = true;
      if (response.status === 429) {
        blockedUntil = Date.now() + Math.max(1, Number(response.headers.get('Retry-After')) || 60) * 1000;
        idleTimer = window.setTimeout(saveToHub, blockedUntil - Date.now());
      }
      const error = ((await response.json().catch(() => ({}))) as { error?: { message?: string } }).error;
      const reason = error?.message ?? `The draft could not be saved on the hub (error ${response.status}).`;
      status.textContent = `${reason} Your text is kept in this browser.`;
    } catch {
      if (!stopped) {
        dirty = true;
        status.textContent = 'Could not reach the hub to save the draft; your text is kept in this browser.';
      }
    }
  };

  let localTimer: number | undefined;
  const changed = () => {
    dirty = true;
    window.clearTimeout(localTimer);
    localTimer = window.setTimeout(() => keepLocal(), 300);
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(saveToHub, AUTOSAVE_IDLE_MS);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.name === 'intent' ? submitter.value : '';
    // Stop a submission the hub would refuse for size, with the reason next to the field; the text stays.
    for (const field of Array.from(form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[maxlength]'))) {
      const max = Number(field.getAttribute('maxlength'));
      if (max > 0 && field.value.length > max && intent !== 'draft') {
        event.preventDefault();
        keepLocal();
        fieldMessage(field, overLimitMessage(field.value.length, max));
        field.focus();
        return;
      }
      clearFieldMessage(field);
    }
    const fields = currentFields(form);
    const bytes = encodedSize(fields);
    if (bytes > FORM_BODY_LIMIT) {
      event.preventDefault();
      keepLocal();
      const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
      if (body) {
        fieldMessage(body, tooLargeFormMessage(bytes));
        body.focus();
      }
      return;
    }
    // Kept in this browser first, so a refusal the script could not foresee loses nothing.
    keepLocal(intent !== 'preview' && intent !== 'draft');
    if (intent === 'preview') return;
    stopped = true;
    window.clearTimeout(idleTimer);
    controller?.abort();
  });
}
