// Live character counter under each field marked data-counter (the TextField and
// TextArea components mark fields with a maxlength). The hint already states the
// limit without this script; the counter adds "1,234 of 100,000 characters".
import { counterState } from '../../platform/ui/char-limit';

export function enhanceCounters(root: ParentNode): void {
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-counter][maxlength]')) {
    const max = Number(field.getAttribute('maxlength'));
    if (!Number.isFinite(max) || max <= 0 || field.dataset.counter === 'on') continue;
    field.dataset.counter = 'on';
    const counter = document.createElement('p');
    counter.className = 'char-counter';
    counter.id = `${field.id || field.name}-counter`;
    field.after(counter);
    const described = field.getAttribute('aria-describedby');
    field.setAttribute('aria-describedby', described ? `${described} ${counter.id}` : counter.id);

    const update = () => {
      const state = counterState(field.value.length, max);
      // Announced politely only near the limit, so screen readers are not told every keystroke.
      if (state.near) counter.setAttribute('aria-live', 'polite');
      else counter.removeAttribute('aria-live');
      counter.classList.toggle('is-near', state.near && !state.over);
      counter.classList.toggle('is-over', state.over);
      if (counter.textContent !== state.text) counter.textContent = state.text;
    };
    field.addEventListener('input', update);
    update();
  }
}
