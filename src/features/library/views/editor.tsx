import type { SafeHtml } from '../../../platform/content/markdown';
import { Html } from '../../../platform/content/SafeHtml';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import {
  CheckboxGroup,
  CsrfField,
  ErrorSummary,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import { DraftNotice, type DraftView, draftAttributes, SaveDraftButton } from '../../drafts';
import {
  ARTICLE_LIMITS,
  ARTICLE_TYPE_LABELS,
  ARTICLE_TYPES,
  type Article,
  type ArticleContent,
  AUDIENCE_LABELS,
  AUDIENCES,
  LIBRARY_SIZES,
  LICENCES,
  type Topic,
} from '../library.models';
import { formatSources } from '../library.schemas';
import type { Vocabulary } from '../../../platform/vocabulary/vocabulary';

export const EDITOR_LABELS: Record<string, string> = {
  title: 'Title',
  summary: 'Summary',
  type: 'Kind of article',
  audience: 'Written for',
  body: 'Article text',
  topicSlugs: 'Topics',
  tags: 'Tags',
  aka: 'Also known as',
  libraryTypes: 'Library types',
  sizes: 'Library sizes',
  systems: 'ILL systems',
  regions: 'Regions',
  sources: 'Sources and further reading',
  related: 'Related articles',
  licence: 'Licence',
  message: 'Change summary',
};

/** The editor's field values for an existing article (or any version of its content, e.g. a suggested edit). */
export function valuesFromArticle(article: ArticleContent): FormValues {
  return {
    title: article.title,
    summary: article.summary,
    type: article.type,
    audience: article.audience,
    body: article.body,
    tags: article.tags.join(', '),
    aka: (article.aka ?? []).join(', '),
    topicSlugs: article.topicSlugs,
    libraryTypes: article.context.libraryTypes ?? [],
    sizes: article.context.sizes ?? [],
    systems: (article.context.systems ?? []).join(', '),
    regions: (article.context.regions ?? []).join(', '),
    sources: formatSources(article.sources),
    related: article.related.join(', '),
    licence: article.licence,
  };
}

/** A comma-separated field (or a list) as its items. */
function fieldList(values: FormValues, name: string): string[] {
  const v = values[name];
  return (Array.isArray(v) ? v : (v ?? '').split(',')).map((x) => x.trim()).filter(Boolean);
}

function selected(values: FormValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
}

export function EditorPage({
  mode,
  article,
  values,
  errors,
  topics,
  csrfToken,
  preview,
  baseRevision,
  notice,
  form,
  draft,
  vocabulary,
}: {
  mode: 'create' | 'edit';
  article?: Article;
  values: FormValues;
  errors?: FieldErrors | undefined;
  topics: Topic[];
  csrfToken: string;
  preview?: SafeHtml | undefined;
  baseRevision?: number;
  notice?: string | undefined;
  /** The same form posted elsewhere, e.g. a suggested edit: its address, heading, button and whether a change summary is required. */
  form?: { action: string; heading: string; submitLabel: string; messageRequired?: boolean } | undefined;
  /** The member's draft of this form (new article, edit): offered above it, kept by "Save as draft" and the autosave. */
  draft?: DraftView | undefined;
  /** The hub's vocabulary: library types, systems and regions are chosen or written from its lists. */
  vocabulary: Vocabulary;
}) {
  // Saved context values are slugs (or, from before the vocabulary, labels): shown as labels, which the form reads back.
  const inWords = (name: 'systems' | 'regions') =>
    fieldList(values, name)
      .map((v) => vocabulary[name].label(v))
      .join(', ');
  const libraryTypes = selected(values, 'libraryTypes').map((v) => vocabulary.libraryTypes.canonical(v));
  const contextValues: FormValues = { systems: inWords('systems'), regions: inWords('regions') };
  const action = form?.action ?? (mode === 'create' ? '/articles' : `/articles/${article?.slug}`);
  return (
    <div class="editor">
      <h1>{form?.heading ?? (mode === 'create' ? 'Write an article' : `Edit “${article?.title}”`)}</h1>
      {mode === 'create' ? (
        <p class="lead">
          Share what you know. Write for a colleague at another library: say where your advice applies and list sources
          they can check.
        </p>
      ) : null}
      {notice ? <Notice kind="info">{notice}</Notice> : null}
      <DraftNotice draft={draft} csrfToken={csrfToken} />
      <ErrorSummary errors={errors} labels={EDITOR_LABELS} />
      <form
        method="post"
        action={action}
        novalidate
        class="editor-form"
        data-preview-url="/preview"
        {...draftAttributes(draft)}
      >
        <CsrfField token={csrfToken} />
        {baseRevision ? <input type="hidden" name="baseRevision" value={String(baseRevision)} /> : null}
        <TextField
          name="title"
          label="Title"
          required
          maxLength={ARTICLE_LIMITS.title}
          errors={errors}
          values={values}
        />
        <TextArea
          name="summary"
          label="Summary"
          required
          rows={2}
          maxLength={ARTICLE_LIMITS.summary}
          errors={errors}
          values={values}
          hint="One or two sentences shown in lists and search results."
        />
        <div class="field-row">
          <Select
            name="type"
            label="Kind of article"
            required
            options={ARTICLE_TYPES.map((t) => ({ value: t, label: ARTICLE_TYPE_LABELS[t] }))}
            errors={errors}
            values={values}
          />
          <Select
            name="audience"
            label="Written for"
            required
            options={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))}
            errors={errors}
            values={values}
          />
        </div>
        <CheckboxGroup
          name="topicSlugs"
          label="Topics"
          required
          hint="Choose one to six."
          options={topics.map((t) => ({ value: t.slug, label: t.name }))}
          selected={selected(values, 'topicSlugs')}
          errors={errors}
        />
        <div class="editor-body">
          <TextArea
            name="body"
            label="Article text"
            required
            rows={22}
            maxLength={ARTICLE_LIMITS.body}
            errors={errors}
            values={values}
            class="monospace"
            hint="Markdown: ## for a section heading, - for a list item, [words](https://address) for a link. Raw HTML is shown as text."
          />
          <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview</h2>
            <div id="preview-output" class="prose" aria-live="polite">
              {preview?.trim() ? (
                <Html html={preview} />
              ) : (
                <p class="muted">Select “Preview” to see the article as readers will.</p>
              )}
            </div>
          </section>
        </div>
        <TextField
          name="tags"
          label="Tags"
          maxLength={600}
          errors={errors}
          values={values}
          hint="Words separated by commas, e.g. “returnables, packaging”."
        />
        <TextField
          name="aka"
          label="Also known as"
          maxLength={ARTICLE_LIMITS.aka * (ARTICLE_LIMITS.akaItem + 2)}
          errors={errors}
          values={values}
          hint="Other names readers search for, separated by commas: an acronym and what it stands for, US and British spellings, e.g. “TAT, turn-around time”. Search finds the page by these as by its title."
        />
        <fieldset class="group">
          <legend>Where this applies</legend>
          <p class="hint">
            Leave blank when the advice applies to any library. Best practices must say where they apply, and need “##
            Why this works” and “## What it costs and saves” sections in the text.
          </p>
          <CheckboxGroup
            name="libraryTypes"
            label="Library types"
            options={vocabulary.libraryTypes.options()}
            selected={libraryTypes}
            errors={errors}
          />
          <CheckboxGroup
            name="sizes"
            label="Library sizes"
            options={LIBRARY_SIZES.map((t) => ({ value: t, label: t[0]!.toUpperCase() + t.slice(1) }))}
            selected={selected(values, 'sizes')}
            errors={errors}
          />
          <TextField
            name="systems"
            label="ILL systems"
            maxLength={600}
            errors={errors}
            values={contextValues}
            hint="Systems the advice is specific to, by name, separated by commas, e.g. “ILLiad, Tipasa”."
          />
          <TextField
            name="regions"
            label="Regions"
            maxLength={600}
            errors={errors}
            values={contextValues}
            hint="Countries, separated by commas, e.g. “United States, Canada”, or “International”."
          />
        </fieldset>
        <TextArea
          name="sources"
          label="Sources and further reading"
          rows={4}
          maxLength={ARTICLE_LIMITS.sources * 2200}
          errors={errors}
          values={values}
          hint="One per line: Title | https://address | optional note."
        />
        <TextField
          name="related"
          label="Related articles"
          maxLength={1000}
          errors={errors}
          values={values}
          hint="Addresses of other articles, separated by commas, e.g. “hard-citations”."
          spellcheck={false}
        />
        <Select
          name="licence"
          label="Licence"
          required
          options={Object.entries(LICENCES).map(([value, l]) => ({ value, label: l.name }))}
          errors={errors}
          values={values}
          hint="CC BY 4.0 lets anyone reuse the article with credit."
        />
        <TextField
          name="message"
          label="Change summary"
          required={form?.messageRequired}
          maxLength={ARTICLE_LIMITS.message}
          errors={errors}
          values={values}
          hint="What you changed and why, for the history page."
        />
        <div class="form-actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            {form?.submitLabel ?? (mode === 'create' ? 'Publish article' : 'Save changes')}
          </button>
          <SaveDraftButton draft={draft} />
          {mode === 'edit' && article ? (
            <a href={`/articles/${article.slug}`}>Cancel and return to the article</a>
          ) : null}
        </div>
      </form>
    </div>
  );
}
