import { formatBytes } from '../../../platform/http/errors';
import { STRIPPED_NOTICE } from '../../../platform/uploads/strip';
import { CsrfField, DateText, Notice } from '../../../platform/ui/components';
import { attachmentUrl } from '../attachments';
import type { Article } from '../library.models';
import type { AttachmentRow } from '../library.repository';

export function FilesPage({
  article,
  files,
  csrfToken,
  maxBytes,
  uploaded,
  error,
}: {
  article: Article;
  files: AttachmentRow[];
  csrfToken: string;
  maxBytes: number;
  uploaded?: AttachmentRow | undefined;
  error?: string | undefined;
}) {
  const limit = formatBytes(maxBytes);
  return (
    <>
      <h1>Files for “{article.title}”</h1>
      <p class="lead">
        Upload images (PNG, JPEG, GIF or WebP) and PDFs up to {limit}. To show a file in the article, paste its Markdown
        line into the article text.
      </p>
      {uploaded ? (
        <Notice kind="success" title="File uploaded">
          <p>
            Paste this into the article text: <code>{snippet(uploaded)}</code>
          </p>
        </Notice>
      ) : null}
      {error ? (
        <div class="error-summary" role="alert" aria-labelledby="upload-error-title">
          <h2 id="upload-error-title">The file was not uploaded</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <form method="post" action={`/articles/${article.slug}/files`} enctype="multipart/form-data" class="upload-form">
        <CsrfField token={csrfToken} />
        <div class="field">
          <label for="f-file">Choose an image or PDF</label>
          <p class="hint" id="f-file-hint">
            The type is checked from the file's contents, not its name. SVG and HTML files are not accepted.
          </p>
          <p class="hint" id="f-file-privacy">
            {STRIPPED_NOTICE}
          </p>
          <input
            id="f-file"
            type="file"
            name="file"
            required
            accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
            aria-describedby="f-file-hint f-file-privacy"
          />
        </div>
        <button type="submit">Upload file</button>
      </form>
      <h2>Files on this article</h2>
      {files.length === 0 ? (
        <p class="empty">No files yet.</p>
      ) : (
        <div class="table-wrap" role="region" aria-label="Uploaded files" tabindex={0}>
          <table class="data-table">
            <caption class="visually-hidden">Uploaded files</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Markdown to paste</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr>
                  <th scope="row">
                    <a href={attachmentUrl(f.id, f.filename)}>{f.filename}</a>
                  </th>
                  <td>{f.contentType}</td>
                  <td>{Math.max(1, Math.round(f.byteSize / 1024))} KB</td>
                  <td>
                    <DateText date={f.createdAt} />
                  </td>
                  <td>
                    <code>{snippet(f)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={`/articles/${article.slug}/edit`}>Edit the article</a> ·{' '}
        <a href={`/articles/${article.slug}`}>Back to the article</a>
      </p>
    </>
  );
}

export function snippet(f: AttachmentRow): string {
  const url = attachmentUrl(f.id, f.filename);
  return f.contentType.startsWith('image/') ? `![Describe the image](${url})` : `[${f.filename}](${url})`;
}
