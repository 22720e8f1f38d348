import { describe, expect, it } from 'vitest';
import { streamedFormData, TooManyParts } from './multipart';

/** A browser's multipart body (the platform's own encoder), delivered in chunks of `chunk` bytes. */
async function encoded(form: FormData, chunk = 7): Promise<{ body: ReadableStream<Uint8Array>; type: string }> {
  const response = new Response(form);
  const type = response.headers.get('content-type')!;
  const bytes = new Uint8Array(await response.arrayBuffer());
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
  return { body, type };
}

describe('streamedFormData', () => {
  it('gives the fields and the file as sent, byte for byte, whatever the chunks', async () => {
    const file = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    const form = new FormData();
    form.set('_csrf', 'token-1');
    form.set('name', 'Bibliothèque — 2025');
    form.set('file', new Blob([file], { type: 'text/csv' }), 'prêts-2025.csv');
    const { body, type } = await encoded(form, 4093);
    const parsed = await streamedFormData(body, type, 100);
    expect(parsed.get('_csrf')).toBe('token-1');
    expect(parsed.get('name')).toBe('Bibliothèque — 2025');
    const got = parsed.get('file') as File;
    expect(got).toBeInstanceOf(File);
    expect(got.name).toBe('prêts-2025.csv');
    expect(got.type).toBe('text/csv');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(file);
  });

  it('reads an empty file input as an empty File with no name, as the platform parser does', async () => {
    const form = new FormData();
    form.set('file', new File([], ''));
    const { body, type } = await encoded(form);
    const parsed = await streamedFormData(body, type, 100);
    const got = parsed.get('file') as File;
    expect(got).toBeInstanceOf(File);
    expect(got.size).toBe(0);
  });

  it('refuses more parts than allowed, and a body that is not multipart', async () => {
    const form = new FormData();
    for (let i = 0; i < 12; i++) form.append(`f${i}`, 'x');
    const many = await encoded(form);
    await expect(streamedFormData(many.body, many.type, 10)).rejects.toBeInstanceOf(TooManyParts);
    const garbage = new Blob(['not a form at all']).stream();
    await expect(streamedFormData(garbage, 'multipart/form-data', 10)).rejects.toThrow();
  });
});
