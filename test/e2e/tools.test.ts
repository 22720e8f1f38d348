// The standards tools in real Chromium with scripts off (issue 15): the tools index, the ISO 18626 checker (load an
// example, break it, see the line and the explanation; mend it, see it valid) and the OpenURL inspector.
// axe-core on each page type, light and dark, and no sideways scrolling at 320 px (long lines scroll in a region).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  HUB,
  launchChromium,
  sidewaysScroll,
  submit,
  type Violation,
} from './browser';

let browser: Browser;
const contexts: BrowserContext[] = [];
/** Scripts on (axe runs in the page), and scripts off (every tool must work as a plain form). */
let page: Page;
let plain: Page;

beforeAll(async () => {
  browser = await launchChromium();
  for (const [i, javaScriptEnabled] of [true, false].entries()) {
    const context = await browser.newContext({
      baseURL: HUB,
      javaScriptEnabled,
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${252 + i}` },
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
  }
  page = await contexts[0]!.newPage();
  plain = await contexts[1]!.newPage();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

/** Load an example into the checker, break its status, and check it: the page with the explanation (400). */
async function checkBrokenExample(p: Page): Promise<string> {
  await p.goto('/tools');
  await p.getByRole('link', { name: 'ISO 18626 message checker' }).click();
  await p.getByRole('link', { name: 'Supplying agency message', exact: true }).click();
  const box = p.getByLabel(/^Message/);
  const example = await box.inputValue();
  expect(example).toContain('<status>Loaned</status>');
  await box.fill(example.replace('<status>Loaned</status>', '<status>Sent</status>'));
  expect(await submit(p, p.getByRole('button', { name: 'Check the message' }))).toBe(400);
  await expect(p.getByRole('heading', { name: 'Not valid: 1 error' }).count()).resolves.toBe(1);
  await expect(
    p.getByText(/Line \d+: The status “Sent” is not one of the values ISO 18626 allows/).count(),
  ).resolves.toBe(1);
  return example;
}

const OPENURL =
  'https://resolver.example.org/r?url_ver=Z39.88-2004&rft.genre=article&rft.jtitle=Journal%20of%20Vertebrate%20Paleontology&rft.atitle=A%20re-evaluation%20of%20Brachiosaurus%20altithorax%20Riggs%201903%20(Dinosauria,%20Sauropoda)%20and%20its%20generic%20separation%20from%20Giraffatitan%20brancai&rft.date=2009&rft.volume=29&rft.issue=3&rft.issn=0272-4635&rft_id=info:doi/10.1671/039.029.0309';

async function inspect(p: Page) {
  await p.goto('/tools/openurl');
  await p.getByLabel('OpenURL', { exact: true }).fill(OPENURL);
  expect(await submit(p, p.getByRole('button', { name: 'Inspect' }))).toBe(200);
  expect(p.url()).toContain('/tools/openurl?url=');
  await expect(p.getByText('should end in 4').count()).resolves.toBe(1);
}

async function audit(name: string) {
  const violations: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  violations.push(...(await axeViolations(page, `${name} at 320 px`)));
  expect(await sidewaysScroll(page), `${name}: no sideways scrolling at 320 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('standards tools', () => {
  it('check a pasted ISO 18626 message and inspect an OpenURL with scripts off', async () => {
    const example = await checkBrokenExample(plain);
    await plain.getByLabel(/^Message/).fill(example);
    expect(await submit(plain, plain.getByRole('button', { name: 'Check the message' }))).toBe(200);
    await expect(plain.getByRole('heading', { name: 'Valid: Supplying agency message' }).count()).resolves.toBe(1);
    await inspect(plain);
  });

  it('are accessible and fit a 320 px screen, long lines scrolling inside their region', async () => {
    await page.goto('/tools');
    await audit('tools index');
    await checkBrokenExample(page);
    await audit('ISO 18626 checker with errors');
    await inspect(page);
    await audit('OpenURL inspector with a result');
  });
});
