// The new-thread form: while the title is typed, list threads and articles like it ("Already answered?"), so
// people find existing answers before asking again. Without this script "Preview" lists them.
import { readSuggestions, type Suggestion } from './lib/suggest-list';

const MIN_CHARS = 8;
const MAX_CHARS = 100;
const DELAY_MS = 500;

const box = document.querySelector<HTMLElement>('[data-similar-for]');
const title = box ? document.getElementById(box.dataset.similarFor ?? '') : null;

function render(target: HTMLElement, items: Suggestion[]) {
  if (items.length === 0) {
    target.replaceChildren();
    return;
  }
  const section = document.createElement('section');
  section.className = 'similar-threads';
  section.setAttribute('aria-labelledby', 'similar-threads-title');
  const h = document.createElement('h2');
  h.id = 'similar-threads-title';
  h.textContent = 'Already answered? Similar threads and articles';
  const ul = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = item.url;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = item.title;
    const note = document.createElement('span');
    note.className = 'muted';
    note.textContent = `(${item.label ? `${item.label}, ` : ''}opens in a new tab)`;
    li.append(a, ' ', note);
    ul.append(li);
  }
  section.append(h, ul);
  target.replaceChildren(section);
}

if (box && title instanceof HTMLInputElement) {
  const url = box.dataset.similarUrl ?? '/search/similar';
  let timer: number | undefined;
  let controller: AbortController | undefined;
  let last = '';
  title.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = title.value.replace(/\s+/g, ' ').trim();
    if (q.length < MIN_CHARS || q.length > MAX_CHARS || q === last) return;
    timer = window.setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const res = await fetch(`${url}?${new URLSearchParams({ q })}`, {
          headers: { Accept: 'application/json' },
          signal: controller.signal,
        });
        if (!res.ok) return;
        last = q;
        render(box, readSuggestions(await res.json(), 'similar'));
      } catch {
        // Aborted by newer typing, or offline: "Preview" still lists them.
      }
    }, DELAY_MS);
  });
}
