/**
 * The time-zone picker's enhancement: the zone the browser reports is offered
 * at the top as "Detected: …" (after the blank choice and the saved zone),
 * without choosing it for the person. Kept apart from the DOM wiring so it can
 * be tested on any select-like list of options.
 */
export interface OptionLike {
  value: string;
  text: string;
}

/** Where to insert the "Detected" option, or undefined when there is nothing to add. */
export function detectedOption(
  options: readonly OptionLike[],
  detected: string | undefined,
): { index: number; option: OptionLike } | undefined {
  if (!detected || !options.some((o) => o.value === detected)) return undefined;
  let index = 0;
  while (index < options.length && (options[index]!.value === '' || options[index]!.text.startsWith('Saved: '))) {
    // The saved zone is already first: nothing to add when the browser agrees.
    if (options[index]!.value === detected) return undefined;
    index++;
  }
  return { index, option: { value: detected, text: `Detected: ${detected}` } };
}
