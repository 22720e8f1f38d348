import type { Context } from 'hono';
import { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/** Read a url-encoded or multipart form as strings (repeated names become arrays). */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) {
      values[key] = value.filter((v): v is string => typeof v === 'string');
    } else if (typeof value === 'string') {
      values[key] = value;
    }
  }
  return values;
}

export function validate<S extends z.ZodType>(schema: S, values: FormValues): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    if (!errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors, values };
}

export function str(values: FormValues, key: string): string {
  const v = values[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function list(values: FormValues, key: string): string[] {
  const v = values[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** A required, trimmed text field with a length limit and a readable message. */
export function text(label: string, max: number, options: { min?: number; optional?: boolean } = {}) {
  const min = options.min ?? (options.optional ? 0 : 1);
  return z
    .string({ error: `${label} is required.` })
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(Math.min(min, 1), `${label} is required.`)
        .min(min, `${label} must be at least ${min} characters.`)
        .max(max, `${label} must be ${max.toLocaleString('en')} characters or fewer.`),
    );
}

/** Comma- or newline-separated words, trimmed, de-duplicated. */
export function wordList(label: string, maxItems: number, maxLength: number) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => {
      const raw = Array.isArray(v) ? v.join(',') : (v ?? '');
      return [
        ...new Set(
          raw
            .split(/[,\n]/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
    })
    .pipe(
      z
        .array(
          z.string().max(maxLength, `Each item in ${label.toLowerCase()} must be ${maxLength} characters or fewer.`),
        )
        .max(maxItems, `${label}: at most ${maxItems} items.`),
    );
}
