import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { onCleanup } from './cleanup';
import { chromiumPath } from './prerequisites';

export interface Browser {
  readonly context: BrowserContext;
  /** The one page of the persistent context (a workbench per browser keeps things simple). */
  readonly page: Page;
  close(): Promise<void>;
}

const BROWSER_ARGS = [
  '--no-sandbox', // we run as root in CI containers
  '--disable-gpu',
  '--disable-dev-shm-usage', // /dev/shm is small in containers
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // no update, safe-browsing or metrics requests offline
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What the browser grants the workbench, as a user's browser does without being asked: writing
 * the clipboard (Chrome grants that to a focused page by default), never reading it. Reading
 * takes the user's permission, and code-server's workbench shows its own error notification
 * when that is refused (issue #22): a pre-granted clipboard-read would hide exactly that. A
 * test that checks what was copied grants the read for that moment only (Workbench.clipboardText).
 */
export const BROWSER_PERMISSIONS: readonly string[] = ['clipboard-write'];

/**
 * Debian's chromium through playwright-core (Playwright's own browser download is unreachable
 * offline), with a throwaway profile. Its XDG dirs point into that profile so crash reports and
 * caches never land in $HOME. Closing is registered with the run's cleanup.
 */
export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    args: BROWSER_ARGS,
    permissions: [...BROWSER_PERMISSIONS],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(profile, 'xdg-config'),
      XDG_CACHE_HOME: path.join(profile, 'xdg-cache'),
    },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = onCleanup('close browser', async () => {
    await context.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
  });
  return { context, page, close };
}
