// The entry of the shared worker pool's threads (src/platform/workers/shared.ts):
// the expensive tasks that must not run on the event loop. Bundled to
// dist/worker.js beside dist/main.js. Import only what the tasks need (each
// thread loads all of it), so feature code comes from its own file, not index.ts.
import { DIFF_TASK, diffForPage } from './features/library/diff-task';
import { CHARTS_TASK, renderCharts } from './features/reports/reports.chart-task';
import { ISO18626_TASK, validateAgainstSchema } from './features/tools/iso18626/validate-task';
import { renderMarkdown } from './platform/content/markdown';
import { MARKDOWN_TASK } from './platform/content/render-off-thread';
import { STRIP_PDF_TASK, stripPdf } from './platform/uploads/strip-pdf';
import { serveTasks } from './platform/workers/serve';

serveTasks({
  [DIFF_TASK]: diffForPage,
  [MARKDOWN_TASK]: (source: string) => renderMarkdown(source),
  [ISO18626_TASK]: (xml: string) => validateAgainstSchema(xml),
  [STRIP_PDF_TASK]: (pdf: Uint8Array) => stripPdf(pdf),
  [CHARTS_TASK]: renderCharts,
});
