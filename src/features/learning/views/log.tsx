import { longDay } from '../learning.models';
import type { LearningLog } from '../learning.log';

export const LOG_URL = '/learning/log';
export const LOG_CSV_URL = '/learning/log.csv';

/** "3 h 25 min", "40 min". */
export function hoursAndMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A member's learning log, made to be printed (the print stylesheet drops the hub's menus and links' colours). */
export function LearningLogView({ log, name, today }: { log: LearningLog; name: string; today: Date }) {
  return (
    <div class="page narrow-wide learning-log">
      <h1>Learning log</h1>
      <p class="lead">
        {name}, as of {longDay(today)}: <strong data-testid="log-total">{hoursAndMinutes(log.totalMinutes)}</strong> of
        learning in ILL Commons.
      </p>
      <p class="no-print">
        Only you see this page. To show it to whoever you report to, print it (your browser's Print command gives a page
        without the hub's menus) or <a href={LOG_CSV_URL}>download it as CSV</a> for a spreadsheet.
      </p>
      <section aria-labelledby="log-courses">
        <h2 id="log-courses">Courses</h2>
        {log.courses.length === 0 ? (
          <p class="empty">No lessons done yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Courses, lessons done and minutes</caption>
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  <th scope="col">Lessons done</th>
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {log.courses.map((c) => (
                  <tr>
                    <th scope="row">{c.title}</th>
                    <td>
                      {c.done} of {c.lessons}
                    </td>
                    <td>{hoursAndMinutes(c.minutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="log-lessons">
        <h2 id="log-lessons">Lessons done</h2>
        {log.lessons.length === 0 ? (
          <p class="empty">None yet.</p>
        ) : (
          <ul class="log-list" data-testid="log-lessons">
            {log.lessons.map((l) => (
              <li>
                <time datetime={l.completedAt.toISOString()}>{longDay(l.completedAt)}</time>:{' '}
                <a href={l.url}>{l.title}</a> ({l.courseTitle}), {l.minutes} min
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="log-events">
        <h2 id="log-events">Events attended</h2>
        {log.events.length === 0 ? (
          <p class="empty">No events marked “attending” yet.</p>
        ) : (
          <ul class="log-list" data-testid="log-events">
            {log.events.map((e) => (
              <li>
                <time datetime={e.startsAt.toISOString()}>{longDay(e.startsAt)}</time>: <a href={e.url}>{e.title}</a>
                {e.minutes !== null ? `, ${hoursAndMinutes(e.minutes)}` : ' (time not counted)'}
              </li>
            ))}
          </ul>
        )}
        <p class="hint">
          Events count their length when they are timed and last under 12 hours; all-day, multi-day and repeating events
          are listed without time.
        </p>
      </section>
    </div>
  );
}
