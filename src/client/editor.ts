// Live preview for the article editor. Without this script the "Preview"
// button does the same job with a full page round trip.
const form = document.querySelector<HTMLFormElement>('form.editor-form');
const body = form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
const output = document.getElementById('preview-output');
const token = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;

if (form && body && output && token) {
  let timer: number | undefined;
  let controller: AbortController | undefined;
  const url = form.dataset.previewUrl ?? '/preview';

  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    const data = new URLSearchParams({ body: body.value });
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: data,
        headers: { 'X-CSRF-Token': token },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok) return;
      // The server renders with the same Markdown renderer and sanitiser as the article page.
      output.innerHTML = await response.text();
    } catch {
      // Aborted by a newer keystroke, or offline: the Preview button still works.
    }
  };

  body.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  output.dataset.live = 'true';
  void refresh();
}
