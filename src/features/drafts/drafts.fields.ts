import { draftsErrors } from './drafts.errors';
import { DRAFT_LIMITS, UNKEPT_FIELDS } from './drafts.models';

/** The fields worth keeping, and how many characters they hold. */
export function keptFields(values: Record<string, string | string[]>): {
  fields: Record<string, string | string[]>;
  size: number;
} {
  const fields: Record<string, string | string[]> = {};
  let size = 0;
  let n = 0;
  for (const [name, value] of Object.entries(values)) {
    if (UNKEPT_FIELDS.has(name)) continue;
    n += Array.isArray(value) ? value.length : 1;
    size += name.length + (Array.isArray(value) ? value.reduce((sum, v) => sum + v.length, 0) : value.length);
    fields[name] = value;
  }
  if (n > DRAFT_LIMITS.fields || size > DRAFT_LIMITS.chars) throw draftsErrors.tooLarge();
  return { fields, size };
}
