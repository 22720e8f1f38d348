import { type ResourceLimits, Worker } from 'node:worker_threads';

/** Every thread is busy and the queue is at its limit: the caller should answer "busy, try again". */
export class WorkerPoolFullError extends Error {
  constructor(readonly queueLimit: number) {
    super(`all worker threads are busy and ${queueLimit} tasks are already waiting`);
    this.name = 'WorkerPoolFullError';
  }
}

/** A task ran past its time limit: its thread was stopped (the only way to interrupt synchronous work). */
export class WorkerTaskTimeoutError extends Error {
  constructor(
    readonly task: string,
    readonly timeoutMs: number,
  ) {
    super(`task ${task} took longer than ${timeoutMs} ms and was stopped`);
    this.name = 'WorkerTaskTimeoutError';
  }
}

export interface WorkerPoolOptions {
  /** The worker script (it calls `serveTasks`), and how to start it. */
  entry: URL;
  workerData?: unknown;
  execArgv?: string[];
  /** At most this many threads, started on demand. */
  maxThreads: number;
  /** Tasks allowed to wait for a thread; one more is refused with WorkerPoolFullError. */
  queueLimit: number;
  /** A thread with nothing to do for this long is stopped (each costs memory). */
  idleTimeoutMs: number;
  /** Default limit on a task's running time (not counting its wait in the queue). */
  taskTimeoutMs: number;
  /** Heap limits per thread: a task that needs more fails instead of growing the process. */
  resourceLimits?: ResourceLimits;
}

export interface TaskMessage {
  id: number;
  task: string;
  input: unknown;
}

export type ResultMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Sent once by a worker when its tasks are loaded: time limits count from then, not from the thread's start. */
export const READY = 'ready';

const STARTUP_LIMIT_MS = 60_000;

interface Job {
  id: number;
  task: string;
  input: unknown;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A small pool of worker threads with a bounded queue, for work that must not
 * run on the event loop (diffs, Markdown previews). Threads start lazily, stop
 * when idle, and are stopped when a task overruns its time limit, so a
 * pathological input costs at most `taskTimeoutMs` of one thread.
 */
export class WorkerPool {
  private readonly threads = new Set<Thread>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Threads started since the pool was made (for tests and the bench). */
  started = 0;

  constructor(private readonly options: WorkerPoolOptions) {}

  get stats(): { threads: number; busy: number; queued: number } {
    let busy = 0;
    for (const t of this.threads) if (t.job) busy++;
    return { threads: this.threads.size, busy, queued: this.queue.length };
  }

  run<T>(task: string, input: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task,
        input,
        timeoutMs: options.timeoutMs ?? this.options.taskTimeoutMs,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      const thread =
        this.idleThread() ?? (this.threads.size < this.options.maxThreads ? this.startThread() : undefined);
      if (thread) this.dispatch(thread, job);
      else if (this.queue.length >= this.options.queueLimit) reject(new WorkerPoolFullError(this.options.queueLimit));
      else this.queue.push(job);
    });
  }

  /** Stop every thread; queued and running tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.reject(new Error('the worker pool is closed'));
    await Promise.all([...this.threads].map((t) => this.stopThread(t, new Error('the worker pool is closed'))));
  }

  private idleThread(): Thread | undefined {
    for (const t of this.threads) if (!t.job) return t;
    return undefined;
  }

  private startThread(): Thread {
    const worker = new Worker(this.options.entry, {
      workerData: this.options.workerData,
      execArgv: this.options.execArgv ?? [],
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    this.started++;
    const thread: Thread = { worker, ready: false, job: undefined, timer: undefined };
    this.threads.add(thread);
    // Loading the tasks is not part of any task's time, but must not hang forever either.
    const startup = setTimeout(() => {
      if (!thread.ready)
        void this.stopThread(thread, new Error('the worker thread did not start in time')).then(() => this.pump());
    }, STARTUP_LIMIT_MS);
    startup.unref();
    worker.on('message', (message: ResultMessage | typeof READY) => {
      if (message === READY) {
        thread.ready = true;
        clearTimeout(startup);
        if (thread.job) this.startTimer(thread, thread.job);
        return;
      }
      const job = thread.job;
      if (!job || message.id !== job.id) return;
      this.finish(thread);
      if (message.ok) job.resolve(message.value);
      else job.reject(new Error(message.error));
      this.next(thread);
    });
    // An uncaught error or running out of heap ends the thread: fail its task, start afresh for the next.
    const lost = (error: Error) => {
      if (!this.threads.delete(thread)) return;
      const job = thread.job;
      this.finish(thread);
      job?.reject(error);
      this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`worker thread exited with code ${code}`)));
    return thread;
  }

  private dispatch(thread: Thread, job: Job): void {
    clearTimeout(this.idleTimer);
    thread.job = job;
    thread.worker.ref();
    if (thread.ready) this.startTimer(thread, job);
    thread.worker.postMessage({ id: job.id, task: job.task, input: job.input } satisfies TaskMessage);
  }

  private startTimer(thread: Thread, job: Job): void {
    thread.timer = setTimeout(() => {
      void this.stopThread(thread, new WorkerTaskTimeoutError(job.task, job.timeoutMs)).then(() => this.pump());
    }, job.timeoutMs);
  }

  private finish(thread: Thread): void {
    clearTimeout(thread.timer);
    thread.timer = undefined;
    thread.job = undefined;
  }

  /** After a task: the next queued one, or idle (not keeping the process alive) until the idle timeout. */
  private next(thread: Thread): void {
    const job = this.queue.shift();
    if (job) {
      this.dispatch(thread, job);
      return;
    }
    thread.worker.unref();
    this.scheduleIdleStop();
  }

  /** Queued tasks take free thread slots (after a thread was lost or stopped). */
  private pump(): void {
    while (this.queue.length && !this.closed) {
      const thread =
        this.idleThread() ?? (this.threads.size < this.options.maxThreads ? this.startThread() : undefined);
      if (!thread) return;
      this.dispatch(thread, this.queue.shift()!);
    }
  }

  private scheduleIdleStop(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      for (const t of this.threads) if (!t.job) void this.stopThread(t, new Error('idle'));
    }, this.options.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private async stopThread(thread: Thread, reason: Error): Promise<void> {
    if (!this.threads.delete(thread)) return;
    const job = thread.job;
    this.finish(thread);
    job?.reject(reason);
    await thread.worker.terminate();
  }
}
