import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { authorize } from '../../platform/authz/policy';
import { actorOf, type AppContext, type AppEnv } from '../../platform/http/context';
import type { RouteMounts } from '../../platform/http/mounts';
import { AppError, formatBytes } from '../../platform/http/errors';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { attachmentPath } from './attachments';
import { uploadAttachment } from './attachments.usecases';
import { type ArticleExtension, type EditGrant, editGrantFrom } from './library.extensions';
import { libraryErrors } from './library.errors';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';
import { loadArticle } from './library.routes';
import { FilesPage } from './views/files';

export function uploadsDir(c: AppContext): string {
  return path.join(c.get('deps').config.dataDir, 'uploads');
}

async function filesPage(
  c: AppContext,
  slug: string,
  extra: { uploadedId?: string; error?: string },
  grantsEdit: EditGrant,
  status: 200 | 400 | 413 | 415 = 200,
) {
  const article = await loadArticle(c, slug);
  const actor = actorOf(c);
  authorize(
    actor,
    libraryPolicies.attachToArticle(
      actor,
      article,
      await grantsEdit(c.get('deps').database.db, actor, article, c.get('deps').clock.now()),
    ),
  );
  const files = await repo.listAttachments(c.get('deps').database.db, article.id);
  return renderPage(
    c,
    {
      title: `Files: ${article.title}`,
      breadcrumbs: [
        { label: 'Home', href: '/' },
        { label: article.title, href: `/articles/${article.slug}` },
        { label: 'Files' },
      ],
    },
    <FilesPage
      article={article}
      files={files}
      csrfToken={csrfTokenFor(c)}
      maxBytes={c.get('deps').config.uploadMaxBytes}
      uploaded={files.find((f) => f.id === extra.uploadedId)}
      error={extra.error}
    />,
    status,
  );
}

/** Said next to the upload field when a file is over the limit. */
function tooLargeMessage(limitBytes: number): string {
  return (
    `That file is larger than the hub accepts (the limit is ${formatBytes(limitBytes)}). Make the file smaller ` +
    '(for images, reduce the dimensions; for PDFs, save a compressed copy) and upload it again.'
  );
}

const UPLOAD_PATH = /^\/articles\/([^/]+)\/files$/;

/**
 * An upload over the body limit cannot be read (server.ts stops reading it, CSRF token and all): the upload
 * form again, read-only, with the reason beside the field and status 413. Undefined for other paths.
 */
export async function uploadTooLargePage(
  c: AppContext,
  options: { limitBytes: number; extensions: ArticleExtension[] },
): Promise<Response | undefined> {
  const slug = UPLOAD_PATH.exec(c.req.path)?.[1];
  if (!slug) return undefined;
  return filesPage(c, slug, { error: tooLargeMessage(options.limitBytes) }, editGrantFrom(options.extensions), 413);
}

export function createFileRoutes({ extensions }: { extensions: ArticleExtension[] }): RouteMounts {
  const articleRoutes = new Hono<AppEnv>();
  const attachmentRoutes = new Hono<AppEnv>();
  const grantsEdit = editGrantFrom(extensions);
  articleRoutes.get('/:slug/files', (c) =>
    filesPage(c, c.req.param('slug'), { uploadedId: c.req.query('uploaded') ?? '' }, grantsEdit),
  );

  // The body limit for uploads is applied in server.ts, before the CSRF check reads the form.
  articleRoutes.post('/:slug/files', async (c) => {
    const actor = actorOf(c);
    const slug = c.req.param('slug');
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      return filesPage(c, slug, { error: 'Choose a file to upload.' }, grantsEdit, 400);
    }
    const { database, clock, config } = c.get('deps');
    if (file.size > config.uploadMaxBytes)
      return filesPage(c, slug, { error: tooLargeMessage(config.uploadMaxBytes) }, grantsEdit, 413);
    try {
      const row = await uploadAttachment({
        db: database.db,
        actor,
        now: clock.now(),
        slug,
        file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        uploadsDir: uploadsDir(c),
        grantsEdit,
      });
      return seeOther(c, `/articles/${slug}/files?uploaded=${row.id}`);
    } catch (error) {
      if (error instanceof AppError && error.code === 'library.unsupported_file')
        return filesPage(c, slug, { error: error.message }, grantsEdit, 415);
      if (error instanceof AppError && error.code === 'library.unreadable_file')
        return filesPage(c, slug, { error: error.message }, grantsEdit, 400);
      throw error;
    }
  });

  /**
   * Uploaded files are served as what their bytes say they are, with nosniff
   * and a sandboxing CSP, so even a file that slipped through could not run
   * script in the hub's origin. PDFs download rather than open in place.
   */
  attachmentRoutes.get('/:id/:name', async (c) => {
    const row = await repo.findAttachment(c.get('deps').database.db, c.req.param('id'));
    if (!row) throw libraryErrors.attachmentNotFound();
    const file = attachmentPath(uploadsDir(c), row.id);
    if (!fs.existsSync(file)) throw libraryErrors.attachmentNotFound();
    const etag = `"${row.sha256.slice(0, 32)}"`;
    const headers: Record<string, string> = {
      'Content-Type': row.contentType,
      'Content-Length': String(row.byteSize),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Content-Disposition': `${detectInline(row.contentType) ? 'inline' : 'attachment'}; filename="${row.filename.replace(/"/g, '')}"`,
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
    };
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    const stream = Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
    return new Response(stream, { status: 200, headers });
  });

  function detectInline(contentType: string): boolean {
    return contentType.startsWith('image/');
  }
  return { '/articles': articleRoutes, '/attachments': attachmentRoutes };
}
