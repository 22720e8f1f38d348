import path from 'node:path';

export interface DetectedType {
  contentType: string;
  extension: string;
  /** Images are shown inline; PDFs download, so a PDF viewer never runs in the hub's origin. */
  inline: boolean;
}

/**
 * Decide what a file is from its first bytes, never from its name or the
 * browser's claim. Anything else (SVG, HTML, scripts, archives) is refused.
 */
export function detectFileType(bytes: Uint8Array): DetectedType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { contentType: 'image/png', extension: 'png', inline: true };
  if (starts(0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', extension: 'jpg', inline: true };
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
    return { contentType: 'image/gif', extension: 'gif', inline: true };
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return { contentType: 'image/webp', extension: 'webp', inline: true };
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return { contentType: 'application/pdf', extension: 'pdf', inline: false };
  return undefined;
}

export function safeFilename(name: string, extension: string): string {
  const stem = path
    .basename(name)
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'file'}.${extension}`;
}

export function attachmentPath(uploadsDir: string, id: string): string {
  return path.join(uploadsDir, id.slice(0, 2), id);
}

export function attachmentUrl(id: string, filename: string): string {
  return `/attachments/${id}/${encodeURIComponent(filename)}`;
}
