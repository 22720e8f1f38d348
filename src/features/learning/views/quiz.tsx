import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice } from '../../../platform/ui/components';
import { type Course, type Lesson, lessonUrl, type QuestionShown, quizUrl, teachBackUrl } from '../learning.models';
import { answerField, type QuestionResult, stepField } from '../learning.quiz';

export interface QuizOutcome {
  score: number;
  questions: number;
  passed: boolean;
  /** Whether the attempt was kept (signed-in readers). */
  saved: boolean;
}

export interface QuizPageProps {
  course: Course;
  lesson: Pick<Lesson, 'slug' | 'title'>;
  questions: QuestionShown[];
  csrfToken: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
  /** After checking: each question's result, and the articles they point to (slug → title). */
  results?: Map<string, QuestionResult> | undefined;
  articles?: Map<string, string> | undefined;
  outcome?: QuizOutcome | undefined;
  signedIn: boolean;
}

const given = (values: FormValues | undefined, name: string): string[] => {
  const v = values?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export function Feedback({ result, articles }: { result: QuestionResult; articles: Map<string, string> | undefined }) {
  const title = result.article ? (articles?.get(result.article) ?? null) : null;
  return (
    <div class={result.correct ? 'notice notice-success' : 'notice notice-warning'} data-testid="feedback">
      <p class="notice-title">{result.correct ? 'Right.' : 'Not quite.'}</p>
      <p>{result.explanation}</p>
      {result.article ? (
        <p>
          Learn more: <a href={`/articles/${result.article}`}>{title ?? 'the article that teaches this'}</a>
        </p>
      ) : null}
    </div>
  );
}

export function QuestionFields({ q, values, n }: { q: QuestionShown; values: FormValues | undefined; n: number }) {
  const name = answerField(q.id);
  const id = `f-${name}`;
  if (q.kind === 'short')
    return (
      <div class="field">
        <label for={`${id}-text`}>Your answer</label>
        <input
          id={`${id}-text`}
          name={name}
          type="text"
          maxlength={200}
          value={given(values, name)[0] ?? ''}
          autocomplete="off"
        />
      </div>
    );
  if (q.kind === 'order')
    return (
      <div>
        {q.steps.map((_, i) => {
          const field = stepField(q.id, i + 1);
          const current = given(values, field)[0] ?? '';
          return (
            <div class="field">
              <label for={`f-${field}`}>
                Step {i + 1} of question {n}
              </label>
              <select id={`f-${field}`} name={field}>
                <option value="">Choose a step</option>
                {q.steps.map((s) => (
                  <option value={s.id} selected={s.id === current}>
                    {s.text}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
    );
  const type = q.kind === 'single' ? 'radio' : 'checkbox';
  const chosen = given(values, name);
  return (
    <div>
      {q.options.map((o) => (
        <div class={type}>
          <input type={type} id={`${id}-${o.id}`} name={name} value={o.id} checked={chosen.includes(o.id)} />
          <label for={`${id}-${o.id}`}>{o.text}</label>
        </div>
      ))}
    </div>
  );
}

export function QuizPageView(props: QuizPageProps) {
  const { course, lesson, outcome } = props;
  return (
    <div class="page narrow-wide">
      <p class="meta">
        <a href={lessonUrl(course.slug, lesson.slug)}>Back to the lesson: {lesson.title}</a>
      </p>
      <h1>Quiz: {lesson.title}</h1>
      {outcome ? (
        <div role="status">
          <Notice kind={outcome.passed ? 'success' : 'warning'} title={outcome.passed ? 'Passed' : 'Not passed yet'}>
            <p data-testid="score">
              You answered {outcome.score} of {outcome.questions} questions right.{' '}
              {outcome.passed
                ? outcome.saved
                  ? 'This lesson is marked done.'
                  : 'Sign in to keep your progress.'
                : 'Read the feedback below and try again: there is no limit and no timer.'}
            </p>
            {outcome.passed && outcome.saved ? (
              <p>
                <a href={`${teachBackUrl(course.slug)}?lesson=${encodeURIComponent(lesson.slug)}`}>
                  Say what you will change after this lesson
                </a>{' '}
                (posted to the course’s teach-back thread)
              </p>
            ) : null}
          </Notice>
        </div>
      ) : (
        <p>No time limit. Answer every question, then check your answers: each answer comes back with why.</p>
      )}
      <ErrorSummary errors={props.errors} />
      <form method="post" action={quizUrl(course.slug, lesson.slug)} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.questions.map((q, i) => {
          const name = answerField(q.id);
          const error = props.errors?.[name];
          const result = props.results?.get(q.id);
          const hint =
            q.kind === 'multiple'
              ? 'Choose every answer that applies.'
              : q.kind === 'order'
                ? 'Put the steps in order: choose the first step, then the second, and so on.'
                : q.kind === 'short'
                  ? 'A word or short phrase; capitals and spaces do not matter.'
                  : 'Choose one answer.';
          return (
            <fieldset
              class={error ? 'field has-error' : 'field'}
              id={`f-${name}`}
              aria-describedby={`${name}-hint${error ? ` ${name}-error` : ''}`}
            >
              <legend>
                {i + 1}. {q.prompt}
              </legend>
              <p class="hint" id={`${name}-hint`}>
                {hint}
              </p>
              {error ? (
                <p class="field-error" id={`${name}-error`}>
                  <span class="visually-hidden">Error: </span>
                  {error}
                </p>
              ) : null}
              <QuestionFields q={q} values={props.values} n={i + 1} />
              {result ? <Feedback result={result} articles={props.articles} /> : null}
            </fieldset>
          );
        })}
        <div class="form-actions">
          <button type="submit">{outcome ? 'Check my answers again' : 'Check my answers'}</button>
        </div>
      </form>
      {outcome && !props.signedIn ? (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(quizUrl(course.slug, lesson.slug))}`}>Sign in</a> to keep your
          progress.
        </p>
      ) : null}
    </div>
  );
}
