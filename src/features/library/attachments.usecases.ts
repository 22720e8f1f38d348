import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { enforce, type RateRule } from '../../platform/http/rate-limit';
import { stripMetadata } from '../../platform/uploads/strip';
import { queueArticleFanout } from '../notifications';
import { attachmentPath, detectFileType, safeFilename } from './attachments';
import { type EditGrant, noGrant } from './library.extensions';
import { libraryErrors } from './library.errors';
import { libraryPolicies } from './library.policies';
import * as repo from './library.repository';

/** Uploads per person: plenty for illustrating a guide, little for filling a disk. */
export const UPLOAD_RULE: RateRule = { name: 'library:upload', limit: 30, windowSeconds: 60 * 60 };

/**
 * Attach a file to an article: the same right as editing it, not while
 * suspended, within the upload rate, and only file types decided from the bytes. What is stored is the file
 * without its hidden metadata; a file that cannot be stripped is refused.
 */
export async function uploadAttachment({
  db,
  actor,
  now,
  slug,
  file,
  uploadsDir,
  grantsEdit = noGrant,
}: {
  db: Db;
  actor: Actor | null;
  now: Date;
  slug: string;
  file: { name: string; bytes: Uint8Array };
  uploadsDir: string;
  grantsEdit?: EditGrant;
}) {
  await assertMayAct(db, actor, now);
  const article = await repo.findArticle(db, slug);
  if (!article) throw libraryErrors.articleNotFound();
  authorize(actor, libraryPolicies.attachToArticle(actor, article, await grantsEdit(db, actor, article, now)));
  await enforce(db, now, [[UPLOAD_RULE, String(actor.id)]]);
  const type = detectFileType(file.bytes);
  if (!type) throw libraryErrors.unsupportedFile();
  // Patron privacy: only the stripped copy is ever written (docs/decisions/034-uploads-stripped.md).
  const stripped = await stripMetadata(file.bytes, type.contentType);
  if (!stripped.ok) throw libraryErrors.unreadableFile(stripped.reason);
  const bytes = stripped.bytes;
  const id = randomUUID();
  const target = attachmentPath(uploadsDir, id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Write to a temporary name first: a crash never leaves a half file under a real id.
  await fs.writeFile(`${target}.part`, bytes);
  await fs.rename(`${target}.part`, target);
  try {
    return await db.transaction(async (tx) => {
      const row = await repo.insertAttachment(tx, {
        id,
        articleId: article.id,
        filename: safeFilename(file.name, type.extension),
        contentType: type.contentType,
        byteSize: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uploadedBy: actor.id,
        createdAt: now,
      });
      await recordEvent(tx, {
        type: 'attachment.uploaded',
        actorId: actor.id,
        subjectType: 'article',
        subjectId: article.id,
        data: { attachmentId: id, filename: row.filename, contentType: row.contentType },
      });
      await queueArticleFanout(tx, {
        kind: 'article.file_added',
        articleId: article.id,
        title: article.title,
        url: `/articles/${article.slug}/files`,
        actorId: actor.id,
        message: row.filename,
        changeKey: `${article.id}:f${id}`,
        now,
      });
      return row;
    });
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
}
