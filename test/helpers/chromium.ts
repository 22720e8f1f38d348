import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, headless (never a downloaded browser): for the browser journeys and the multiprocess suite. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
