// Time-zone pickers: offer the browser's own zone at the top as "Detected: …".
// Without this script the picker lists the saved zone first, then every zone by region.
import { detectedOption } from './lib/timezone-detect';

let detected: string | undefined;
try {
  detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
} catch {
  detected = undefined;
}

for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-timezone-select]')) {
  const found = detectedOption(
    [...select.options].map((o) => ({ value: o.value, text: o.text })),
    detected,
  );
  if (!found) continue;
  const option = new Option(found.option.text, found.option.value);
  select.insertBefore(option, select.options[found.index] ?? null);
}
