// Title suggestions under the search boxes (the header's on every page, the search page's): the ARIA 1.2
// combobox pattern with a listbox popup. Arrow keys move through the suggestions, Enter opens the chosen one,
// Escape closes the list. Without this script the boxes are plain search forms and work the same.
import { moveActive, readSuggestions, type Suggestion } from './lib/suggest-list';

const MIN_CHARS = 2;
const MAX_CHARS = 100;
const DELAY_MS = 150;

let counter = 0;

function enhance(input: HTMLInputElement) {
  const host = input.parentElement;
  if (!host || input.dataset.suggest === 'on') return;
  input.dataset.suggest = 'on';
  const id = `suggest-${++counter}`;
  host.classList.add('suggest-box');
  const list = document.createElement('ul');
  list.id = `${id}-list`;
  list.className = 'suggest-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggested pages');
  list.hidden = true;
  const status = document.createElement('span');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  host.append(list);
  // The live region joins the page when the box is first used (before any suggestion is announced), so pages
  // that never use the box carry no extra status region besides their own.
  input.addEventListener('focus', () => {
    if (!status.isConnected) host.append(status);
  });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  let items: Suggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let controller: AbortController | undefined;
  const cache = new Map<string, Suggestion[]>();

  const setActive = (index: number) => {
    active = index;
    for (const [i, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(i === active));
    if (active === -1) input.removeAttribute('aria-activedescendant');
    else {
      input.setAttribute('aria-activedescendant', `${id}-${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    }
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const show = (found: Suggestion[]) => {
    items = found;
    list.replaceChildren(
      ...found.map((s, i) => {
        const li = document.createElement('li');
        li.id = `${id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.append(s.title);
        if (s.label) {
          const kind = document.createElement('span');
          kind.className = 'suggest-kind';
          kind.textContent = `(${s.label})`;
          li.append(' ', kind);
        }
        // Keep the focus in the box while choosing with the mouse.
        li.addEventListener('mousedown', (e) => e.preventDefault());
        li.addEventListener('click', () => window.location.assign(s.url));
        return li;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
    const open = found.length > 0 && document.activeElement === input;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    status.textContent = open ? `${found.length} suggestion${found.length === 1 ? '' : 's'}; use the arrow keys` : '';
  };
  const fetchFor = async (q: string) => {
    const known = cache.get(q);
    if (known) return show(known);
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/search/suggest?${new URLSearchParams({ q })}`, {
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      if (!res.ok) return close();
      const found = readSuggestions(await res.json(), 'suggestions');
      cache.set(q, found);
      if (input.value.trim() === q) show(found);
    } catch {
      // Aborted by newer typing, or offline: the form still works.
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = input.value.replace(/\s+/g, ' ').trim();
    if (q.length < MIN_CHARS || q.length > MAX_CHARS) {
      controller?.abort();
      show([]);
      return;
    }
    timer = window.setTimeout(() => void fetchFor(q), DELAY_MS);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!open) {
        if (items.length === 0) return;
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      e.preventDefault();
      setActive(moveActive(active, e.key === 'ArrowDown' ? 1 : -1, items.length));
    } else if (e.key === 'Enter' && open && active >= 0) {
      const chosen = items[active];
      if (chosen) {
        e.preventDefault();
        window.location.assign(chosen.url);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', close);
}

for (const input of document.querySelectorAll<HTMLInputElement>('#site-search-q, #search-q')) enhance(input);
