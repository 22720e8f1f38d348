import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { enqueue } from './queue';

export interface Schedule {
  /** The job queue to run; its handler receives `{ periodStart }` (ISO). */
  queue: string;
  everyMinutes: number;
}

/** The start of the period `now` falls in, e.g. the top of the hour for a 60-minute schedule. */
export function periodStart(now: Date, everyMinutes: number): Date {
  const ms = everyMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Queue each scheduled job once per period. Every process ticks; the job's
 * dedupe key (queue + period) makes sure only one job exists per period, so
 * several processes never run a schedule twice.
 */
export async function tickSchedules(database: Database, clock: Clock, schedules: Schedule[]): Promise<void> {
  const now = clock.now();
  for (const s of schedules) {
    const start = periodStart(now, s.everyMinutes).toISOString();
    await enqueue(
      database.db,
      s.queue,
      { periodStart: start },
      { runAt: now, dedupeKey: `schedule:${s.queue}@${start}` },
    );
  }
}

export function startScheduler(options: {
  database: Database;
  clock: Clock;
  logger: Logger;
  schedules: Schedule[];
  intervalMs?: number;
}) {
  const tick = () =>
    tickSchedules(options.database, options.clock, options.schedules).catch((error) =>
      options.logger.warn('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  void tick();
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
