// Writing forms: a live character counter under each limited field, and a live
// preview for the article and forum editors. Without this script the hint states
// each limit and the "Preview" button does the same job with a full page round trip.
import { enhanceCounters } from './lib/counter';
import { enhanceDraftForm } from './lib/draft-form';
import { previewFailureMessage, retryAfterSeconds } from './lib/preview-messages';

enhanceCounters(document);
for (const f of document.querySelectorAll<HTMLFormElement>('form.editor-form[data-draft-kind]')) enhanceDraftForm(f);

const form = document.querySelector<HTMLFormElement>('form.editor-form');
const body = form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
const output = document.getElementById('preview-output');
const token = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;

if (form && body && output && token) {
  let timer: number | undefined;
  let controller: AbortController | undefined;
  let blockedUntil = 0;
  const url = form.dataset.previewUrl ?? '/preview';
  const maxLength = Number(body.getAttribute('maxlength')) || undefined;

  // Never silently nothing: say what failed, in the preview area (a polite live region).
  const fail = (message: string) => {
    const p = document.createElement('p');
    p.className = 'preview-error';
    p.textContent = message;
    output.replaceChildren(p);
    output.dataset.previewState = 'failed';
  };

  const refresh = async () => {
    controller?.abort();
    const wait = blockedUntil - Date.now();
    if (wait > 0) {
      // Still refused: try again once the hub said it would accept, not on every keystroke.
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, wait);
      return;
    }
    const current = new AbortController();
    controller = current;
    const data = new URLSearchParams({ body: body.value });
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: data,
        headers: { 'X-CSRF-Token': token },
        credentials: 'same-origin',
        signal: current.signal,
      });
      if (!response.ok) {
        const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'), Date.now());
        if (response.status === 429) blockedUntil = Date.now() + Math.max(1, retryAfter ?? 60) * 1000;
        if (!current.signal.aborted) fail(previewFailureMessage({ status: response.status, retryAfter, maxLength }));
        return;
      }
      // The server renders with the same Markdown renderer and sanitiser as the article page.
      const html = await response.text();
      if (current.signal.aborted) return;
      output.innerHTML = html;
      output.dataset.previewState = 'ok';
    } catch {
      // Aborted by a newer keystroke: the newer request answers. Otherwise the hub could not be reached.
      if (!current.signal.aborted) fail(previewFailureMessage('network'));
    }
  };

  body.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  output.dataset.live = 'true';
  void refresh();
}
