// The entry of the thread that reads uploaded ILL statistics exports (reports:
// src/features/reports/reports.read-task.ts). Its own entry, not src/worker.ts:
// the shared pool's entry loads every task's libraries (about 40 MiB of the
// hub's memory per thread), while reading a file needs only the CSV parser and
// the checks (exceljs is imported on the first workbook). Bundled to
// dist/read-worker.js by scripts/build-server.mjs.
import { READ_TASK, readExportTask } from './features/reports/reports.read-task';
import { serveTasks } from './platform/workers/serve';

serveTasks({ [READ_TASK]: readExportTask });
