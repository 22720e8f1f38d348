/**
 * Reading an uploaded export (parsing up to REPORT_UPLOAD_BYTES of CSV or a workbook, checking every row) is
 * seconds of CPU for a large file, so it never runs on the event loop. It has its own pool of one thread, with an
 * entry of its own (src/read-worker.ts, which loads only what reading needs): a 100,000-row file needs more heap
 * than the shared pool's threads may use, and one import at a time, with a short queue, bounds what uploads can
 * take from the hub. The file is read twice in chunks (what it holds, then each row checked into typed columns:
 * reports.rows.ts), so the thread holds the file and the columns, never a string or object per cell. A refusal crosses the
 * thread boundary as data and is thrown again as the same AppError; a file that needs more than the thread's heap
 * is refused whole, like any other.
 */
import { AppError } from '../../platform/http/errors';
import { WorkerPool } from '../../platform/workers/pool';
import { offload, workerEntry } from '../../platform/workers/shared';
import { reportsErrors } from './reports.errors';
import type { Upload } from './reports.csv';
import type { Mapping, ReadResult } from './reports.import';
import type { PresetName } from './reports.models';

export const READ_TASK = 'reports.read';

export interface ReadTaskInput {
  /** A Blob (the request's file) crosses to the thread without a copy and is read there in chunks. */
  bytes: Upload;
  preset: PresetName;
  mapping?: Mapping | undefined;
  /** ISO time: dates after it are refused. */
  now: string;
  sheet?: string | undefined;
}

export type ReadTaskResult =
  | { ok: true; read: ReadResult }
  | { ok: false; code: string; status: number; message: string; title?: string | undefined };

/** The worker task: the whole read, with the feature's refusals returned rather than thrown. */
export async function readExportTask(input: ReadTaskInput): Promise<ReadTaskResult> {
  const { readExport } = await import('./reports.import');
  try {
    const read = await readExport(input.bytes, {
      preset: input.preset,
      mapping: input.mapping,
      now: new Date(input.now),
      sheet: input.sheet,
    });
    return { ok: true, read };
  } catch (error) {
    if (error instanceof AppError)
      return { ok: false, code: error.code, status: error.status, message: error.message, title: error.details.title };
    throw error;
  }
}

export const READ_POOL_LIMITS = {
  /** Imports waiting for the one thread; more answer 503 "busy, try again". */
  queueLimit: 3,
  /** The thread's heap: a 200,000-row file fits, a bigger one is refused rather than growing the hub. */
  heapMb: 320,
  timeoutMs: 60_000,
} as const;

let readPool: WorkerPool | undefined;

function pool(): WorkerPool {
  readPool ??= new WorkerPool({
    ...workerEntry('read-worker'),
    maxThreads: 1,
    queueLimit: READ_POOL_LIMITS.queueLimit,
    // The thread and its heap go as soon as the file is read, before its rows are written: an upload's peak is
    // the larger of the two, not their sum (a new thread takes about 0.1 s).
    idleTimeoutMs: 0,
    taskTimeoutMs: READ_POOL_LIMITS.timeoutMs,
    resourceLimits: { maxOldGenerationSizeMb: READ_POOL_LIMITS.heapMb, maxYoungGenerationSizeMb: 4 },
  });
  return readPool;
}

/** The hub's stop: end the reading thread, if there is one. */
export async function stopReadPool(): Promise<void> {
  const stopping = readPool;
  readPool = undefined;
  await stopping?.close();
}

/** Read an export off the event loop (a full queue answers 503 "busy", an overrun 503 "took too long"). */
export async function readExportOffThread(
  bytes: Upload,
  options: { preset: PresetName; mapping?: Mapping | undefined; now: Date; sheet?: string | undefined },
): Promise<ReadResult> {
  let result: ReadTaskResult;
  try {
    result = await offload<ReadTaskResult>(
      READ_TASK,
      { bytes, preset: options.preset, mapping: options.mapping, now: options.now.toISOString(), sheet: options.sheet },
      { pool: pool() },
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
      throw reportsErrors.refused('reading it needs more memory than one upload may use; export a shorter period');
    throw error;
  }
  if (result.ok) return result.read;
  throw new AppError(result.code, result.status as AppError['status'], result.message, { title: result.title });
}
