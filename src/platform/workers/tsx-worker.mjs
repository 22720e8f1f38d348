// Starts a TypeScript worker entry when the hub runs from source (tsx, vitest):
// Node 20 does not apply `--import tsx` to worker threads, so register it here.
// The bundled hub (dist/) starts dist/worker.js directly and never uses this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
