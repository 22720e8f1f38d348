// A workflow run: each tick is saved as it is made (the form's own "Save my ticks" button still works without
// this script). The count of ticked checks is announced politely; a failed save says so and leaves the button.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-run-form]')) {
  const progress = document.getElementById('run-progress');
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.className = 'hint';
  form.append(status);
  let pending: Promise<void> = Promise.resolve();
  const save = async () => {
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') body.append(name, value);
    body.set('intent', 'save');
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(String(response.status));
      const { checked } = (await response.json()) as { checked: number };
      const total = form.querySelectorAll('input[type="checkbox"][name="check"]').length;
      if (progress) progress.textContent = `${checked} of ${total} checks ticked`;
      status.textContent = 'Saved.';
    } catch {
      status.textContent = 'Could not save that tick. Use “Save my ticks” below.';
    }
  };
  form.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'checkbox') return;
    pending = pending.then(save);
  });
}
