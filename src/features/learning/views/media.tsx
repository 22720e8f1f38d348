import type { Embed } from '../../../platform/content/embeds';
import { Html } from '../../../platform/content/SafeHtml';
import { storedHtml } from '../../../platform/content/stored-html';
import type { LessonMedia } from '../learning.media';
import { type Course, courseUrl, type Lesson, lessonUrl, mediaUrl } from '../learning.models';

const noun = (m: LessonMedia) => (m.kind === 'video' ? 'video' : 'recording');

/**
 * A lesson's video or audio: on the lesson page, links only (nothing is fetched from the host until the reader asks:
 * "Load the video from YouTube" opens the player page); on the player page, the player itself. The transcript is
 * always here, on our page.
 */
export function MediaSection(props: {
  course: Course;
  lesson: Lesson;
  media: LessonMedia;
  /** Where the recording plays (null: a host no longer allow-listed, so a plain link only). */
  embed: Embed | null;
  /** True on the player page, whose response alone allows the host's player in the CSP. */
  playing: boolean;
}) {
  const { course, lesson, media, embed } = props;
  const label = media.kind === 'video' ? 'Video' : 'Audio';
  return (
    <section aria-labelledby="media" class="panel" id="player">
      <h2 id="media">
        {label}: {lesson.title}
      </h2>
      {props.playing && embed ? (
        <div class={media.kind === 'video' ? 'embed' : 'embed embed-audio'}>
          <iframe
            src={embed.src}
            title={`${label}: ${lesson.title} (${embed.host} player)`}
            allow="fullscreen; picture-in-picture"
            referrerpolicy="strict-origin-when-cross-origin"
            sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
          />
        </div>
      ) : null}
      <ul class="actions">
        {embed && !props.playing ? (
          <li>
            <a href={`${mediaUrl(course.slug, lesson.slug)}#player`} data-testid="load-media">
              Load the {noun(media)} from {embed.host}
            </a>{' '}
            <span class="meta">
              (nothing is fetched from {embed.host} until you choose; once loaded, {embed.host} learns that you watched
              or listened)
            </span>
          </li>
        ) : null}
        <li>
          <a href={media.url} rel="nofollow noopener">
            Open it on {embed?.host ?? 'the host’s site'}
          </a>
        </li>
        {media.captions ? (
          <li>
            <a href={media.captions} rel="nofollow noopener">
              Captions (WebVTT)
            </a>
          </li>
        ) : null}
        {props.playing ? (
          <li>
            <a href={lessonUrl(course.slug, lesson.slug)}>Back to the lesson without the player</a>
          </li>
        ) : null}
      </ul>
      {lesson.transcript ? (
        <details id="transcript" open>
          <summary>Transcript</summary>
          <div class="prose transcript">
            <Html html={storedHtml(lesson.transcriptHtml, lesson.transcript)} />
          </div>
        </details>
      ) : null}
    </section>
  );
}

/** The player page: the lesson's recording, loaded because the reader asked, with its transcript. */
export function MediaPageView(props: { course: Course; lesson: Lesson; media: LessonMedia; embed: Embed | null }) {
  const { course, lesson } = props;
  return (
    <div class="page narrow-wide">
      <p class="meta">
        <a href={courseUrl(course.slug)}>{course.title}</a>:{' '}
        <a href={lessonUrl(course.slug, lesson.slug)}>{lesson.title}</a>
      </p>
      <h1>{lesson.title}</h1>
      <MediaSection course={course} lesson={lesson} media={props.media} embed={props.embed} playing={true} />
    </div>
  );
}
