import { parentPort } from 'node:worker_threads';
import { READY, type ResultMessage, type TaskMessage } from './pool';

// biome-ignore lint/suspicious/noExplicitAny: each task declares its own input type; the pool passes structured clones.
export type TaskTable = Record<string, (input: any) => unknown>;

/** The worker side of WorkerPool: run the named task on each message, one at a time, and reply. */
export function serveTasks(tasks: TaskTable): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread');
  port.on('message', async (message: TaskMessage) => {
    let reply: ResultMessage;
    try {
      const run = Object.hasOwn(tasks, message.task) ? tasks[message.task] : undefined;
      if (!run) throw new Error(`unknown task ${message.task}`);
      reply = { id: message.id, ok: true, value: await run(message.input) };
    } catch (error) {
      reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage(READY);
}
