import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { clientIp } from '../../platform/http/client-ip';
import type { AppContext, AppEnv } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import type { RouteMounts } from '../../platform/http/mounts';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { buildExample } from './iso18626/builder';
import { isMessageType, ISO18626_LIMITS, type ValidationReport } from './iso18626/iso18626.models';
import { inspectOpenUrl } from './openurl/openurl';
import { toolsErrors } from './tools.errors';
import { checkIso18626Message } from './tools.usecases';
import { Iso18626Page, OpenUrlPage, ToolsIndexPage } from './views/tools-views';

const crumbs = (label?: string) => [
  { label: 'Home', href: '/' },
  { label: 'Tools', href: '/tools' },
  ...(label ? [{ label }] : []),
];

const ISO_TITLE = 'ISO 18626 message checker';

export function iso18626Page(
  c: AppContext,
  props: { xml: string; report?: ValidationReport; refusal?: string },
  status: ContentfulStatusCode = 200,
): Response {
  return renderPage(
    c,
    { title: ISO_TITLE, breadcrumbs: crumbs(ISO_TITLE), description: 'Validate and explain ISO 18626 ILL messages.' },
    <Iso18626Page csrfToken={csrfTokenFor(c)} xml={props.xml} report={props.report} refusal={props.refusal} />,
    status,
  );
}

/** Path prefix "/tools". */
export function createToolRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) =>
    renderPage(
      c,
      { title: 'Tools', breadcrumbs: crumbs(), description: 'Checkers for ILL standards.' },
      <ToolsIndexPage />,
    ),
  );

  routes.get('/iso18626', (c) => {
    const example = c.req.query('example') ?? '';
    const xml = isMessageType(example) ? buildExample(example, c.get('deps').clock.now()) : '';
    return iso18626Page(c, { xml });
  });

  routes.post('/iso18626', async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const pasted = typeof body.xml === 'string' ? body.xml : '';
    // A file (when one was chosen) wins over the text box; its size is known before it is read.
    if (file instanceof File && file.size > ISO18626_LIMITS.maxBytes)
      return iso18626Page(c, { xml: '', refusal: toolsErrors.messageTooLarge().message }, 413);
    const xml = (file instanceof File && file.size > 0 ? await file.text() : pasted).replace(/\r\n?/g, '\n');
    const deps = c.get('deps');
    try {
      const report = await checkIso18626Message({ db: deps.database.db, ip: clientIp(c), now: deps.clock.now(), xml });
      const invalid = report.findings.some((f) => f.severity === 'error');
      return iso18626Page(c, { xml, report }, invalid ? 400 : 200);
    } catch (error) {
      if (error instanceof AppError && error.code === 'tools.message_too_large')
        return iso18626Page(c, { xml: '', refusal: error.message }, 413);
      throw error;
    }
  });

  // A GET form: an inspection is a link people can share, and inspecting changes nothing.
  routes.get('/openurl', (c) => {
    const input = c.req.query('url') ?? '';
    const result = input.trim() ? inspectOpenUrl(input, c.get('deps').clock.now()) : undefined;
    return renderPage(
      c,
      {
        title: 'OpenURL inspector',
        breadcrumbs: crumbs('OpenURL inspector'),
        description: 'See what an OpenURL holds and what is missing.',
      },
      <OpenUrlPage input={input} result={result} />,
    );
  });

  return { '/tools': routes };
}

/** The hub's body limit refused the request before it could be read: the checker again, saying why (413). */
export async function toolBodyTooLarge(c: AppContext): Promise<Response | undefined> {
  if (c.req.path !== '/tools/iso18626') return undefined;
  return iso18626Page(c, { xml: '', refusal: toolsErrors.messageTooLarge().message }, 413);
}
