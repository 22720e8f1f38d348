import type { Hono } from 'hono';
import { publicPage } from '../../platform/cache/public-page';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { type FormValues, readForm } from '../../platform/http/forms';
import { csrfTokenFor } from '../../platform/http/security';
import { pageHtml, renderPage } from '../../platform/ui/render';
import { inspectOpenUrl } from '../tools';
import { type CitationExercise, citationExercises, citationsUrl, findCitationExercise } from './learning.citations';
import { checkCitationExercise } from './learning.citations.usecases';
import { shownQuestions } from './learning.models';
import type { QuizCheck } from './learning.quiz';
import { CitationPageView, CitationsIndexView } from './views/citations';

const CRUMBS = [
  { label: 'Home', href: '/' },
  { label: 'Learning', href: '/learning' },
];

const contentDir = (c: AppContext) => c.get('deps').config.contentDir;

async function exercisePage(
  c: AppContext,
  exercise: CitationExercise,
  next: CitationExercise | undefined,
  after?: { values: FormValues; check: QuizCheck },
) {
  const all = await citationExercises(contentDir(c));
  const check = after?.check;
  const inspected =
    exercise.form === 'openurl'
      ? inspectOpenUrl(exercise.text, c.get('deps').clock.now()).fields.map(({ label, value }) => ({ label, value }))
      : undefined;
  return renderPage(
    c,
    {
      title: `Citation detective: ${exercise.title}`,
      breadcrumbs: [...CRUMBS, { label: 'Citation detective', href: citationsUrl }, { label: exercise.title }],
    },
    <CitationPageView
      exercise={exercise}
      position={{ index: all.findIndex((e) => e.id === exercise.id) + 1, of: all.length }}
      questions={shownQuestions(exercise.questions)}
      inspected={inspected}
      next={next}
      csrfToken={csrfTokenFor(c)}
      values={after?.values}
      errors={check && !check.ok ? check.errors : undefined}
      results={check?.ok ? new Map(check.results.map((r) => [r.id, r])) : undefined}
      outcome={check?.ok ? { score: check.score, questions: check.questions } : undefined}
    />,
    check && !check.ok ? 400 : 200,
  );
}

/**
 * The citation detective under /learning/citations, added before the course routes (whose `/:course` would
 * otherwise take it). The list is a public page; an exercise is made for each reader (its form carries their
 * token), and its key never reaches the page before an answer is checked.
 */
export function addCitationRoutes(routes: Hono<AppEnv>): void {
  routes.get('/citations', async (c) => {
    const exercises = await citationExercises(contentDir(c));
    return publicPage(c, () =>
      pageHtml(
        c,
        {
          title: 'Citation detective',
          description: 'Practise reading citations and OpenURLs: what the item is, what is missing, where to look.',
          breadcrumbs: [...CRUMBS, { label: 'Citation detective' }],
        },
        <CitationsIndexView exercises={exercises} />,
      ),
    );
  });

  routes.get('/citations/:exercise', async (c) => {
    const { exercise, next } = await findCitationExercise(contentDir(c), c.req.param('exercise'));
    return exercisePage(c, exercise, next);
  });

  // Open to everyone like a lesson's quiz (CSRF still applies); nothing is stored, so no rate limit is needed.
  routes.post('/citations/:exercise', async (c) => {
    const values = await readForm(c);
    const { exercise, next, check } = await checkCitationExercise({
      contentDir: contentDir(c),
      exerciseId: c.req.param('exercise'),
      answers: values,
    });
    return exercisePage(c, exercise, next, { values, check });
  });
}
