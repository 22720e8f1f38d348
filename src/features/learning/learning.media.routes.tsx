import type { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { contentSecurityPolicyWithFrames } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { learningErrors } from './learning.errors';
import { lessonEmbed } from './learning.media';
import { courseUrl, lessonUrl } from './learning.models';
import * as repo from './learning.repository';
import { MediaPageView } from './views/media';

/**
 * `/:course/:lesson/media`: the player of a video or audio lesson, loaded only because the reader asked for it (the
 * lesson page has links only). This response alone allows the host's one origin in the CSP's frame-src; it is made
 * per request (never a shared or cached page), so the header never reaches another address.
 */
export function addMediaRoutes(routes: Hono<AppEnv>): void {
  routes.get('/:course/:lesson/media', async (c) => {
    const db = c.get('deps').database.db;
    const course = await repo.findCourse(db, c.req.param('course'));
    if (!course) throw learningErrors.courseNotFound();
    const lesson = await repo.findLesson(db, course.id, c.req.param('lesson'));
    if (!lesson) throw learningErrors.lessonNotFound();
    if (!lesson.media) throw learningErrors.noMedia();
    const embed = lessonEmbed(lesson.media);
    const page = renderPage(
      c,
      {
        title: `${lesson.media.kind === 'video' ? 'Video' : 'Audio'}: ${lesson.title}`,
        description: lesson.summary,
        breadcrumbs: [
          { label: 'Home', href: '/' },
          { label: 'Learning', href: '/learning' },
          { label: course.title, href: courseUrl(course.slug) },
          { label: lesson.title, href: lessonUrl(course.slug, lesson.slug) },
          { label: lesson.media.kind === 'video' ? 'Video' : 'Audio' },
        ],
      },
      <MediaPageView course={course} lesson={lesson} media={lesson.media} embed={embed} />,
    );
    if (embed) page.headers.set('Content-Security-Policy', contentSecurityPolicyWithFrames([embed.origin]));
    return page;
  });
}
