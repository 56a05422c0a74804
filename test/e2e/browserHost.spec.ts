import * as assert from 'node:assert/strict';
import { INACTIVE_ID, JANE_DOE_ID } from '../sandbox/demoData';
import {
  ACTIVE_TAB,
  CustomerPanelPage,
  QUICK_INPUT_BOX,
  sandbox,
  useWorkbench,
  waitForQuickInputTitle,
} from './support';

/*
 * The calls a browser treats differently from desktop VS Code: reading and writing the
 * clipboard. code-server's workbench runs in the browser, and the harness's browser grants what
 * a user's browser grants without asking (writing the clipboard, not reading it), so what a
 * user of code-server, vscode.dev or Codespaces sees is what these tests see. The notification
 * guard of useWorkbench checks that none of these flows leaves an error or warning (issue #22:
 * every Open Customer raised "Unable to read from the browser's clipboard").
 */

const LOG_FILE = 'calls.log';
describe("In a browser-hosted VS Code, as in a user's browser", () => {
  const workbench = useWorkbench({
    files: { [LOG_FILE]: `2026-12-03 INFO callback for customer ${INACTIVE_ID} queued\n` },
  });

  before(async () => {
    await sandbox.control('reset', { method: 'POST' });
  });

  it('sets the API key', async () => {
    await workbench().setApiKey(sandbox.demoKey());
  });

  it('copies an ID from the hover\'s "Copy ID" link', async () => {
    const { page } = workbench();
    await workbench().openFile(LOG_FILE);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await workbench().hoverText(INACTIVE_ID, { contains: 'Copy ID', timeoutMs: 10_000 });
        break;
      } catch (error) {
        // Right after opening, the line is re-rendered and the ID may be split over text nodes.
        if (Date.now() > deadline || !(error instanceof Error) || !/not inside one text node/.test(error.message))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await workbench().expectCopied(INACTIVE_ID, 'customer ID', () =>
      page
        .locator('.monaco-hover a', { hasText: 'Copy ID' })
        .filter({ visible: true })
        .first()
        .click({ timeout: 5000 }),
    );
    await workbench().dismissHover();
  });

  it('opens a customer whose ID is typed into "Rotor: Open Customer", without reading the clipboard', async () => {
    const { page } = workbench();
    await workbench().runCommand('View: Close All Editors');
    await page.locator(ACTIVE_TAB).waitFor({ state: 'hidden', timeout: 10_000 });

    await workbench().runCommand('Rotor: Open Customer', { leaveOpen: true });
    await waitForQuickInputTitle(page, 'Rotor: Open Customer');
    // The clipboard holds an ID (the previous test copied it), but a browser may not be asked for it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(
      await page.locator(QUICK_INPUT_BOX).inputValue(),
      '',
      'nothing is proposed: no selection, no editor, and the clipboard is not read here',
    );
    await workbench().answerQuickInput(JANE_DOE_ID);

    assert.equal(await workbench().webviewText('h1', { contains: 'Jane Doe' }), 'Jane Doe');
    await page.locator(ACTIVE_TAB, { hasText: 'Jane Doe' }).waitFor({ state: 'visible', timeout: 10_000 });
    await workbench().screenshot('browser-open-customer-typed');
    // The notification guard (after each test) checks the toasts and the Notifications Center.
  });

  it("copies the ID from the panel's Copy ID button (a webview message)", async () => {
    const { page } = workbench();
    await workbench().expectCopied(JANE_DOE_ID, 'customer ID', () =>
      new CustomerPanelPage(page).content.locator('button', { hasText: /^Copy ID$/ }).click({ timeout: 10_000 }),
    );
  });

  it('opens the map and the email link from the panel in a new browser tab', async () => {
    const { page } = workbench();
    const context = page.context();
    const opened: string[] = [];
    // Navigations of any tab: the workbench tab never leaves the workbench, so these are new tabs.
    const onRequest = (request: { url(): string; isNavigationRequest(): boolean }): void => {
      if (request.isNavigationRequest()) opened.push(request.url());
    };
    context.on('request', onRequest);
    try {
      // https: VS Code asks before it opens a website that is not a trusted domain, on desktop too.
      await new CustomerPanelPage(page).content
        .locator('button', { hasText: 'Open in map' })
        .click({ timeout: 10_000 });
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await dialog.innerText(), /open the external website\?[\s\S]*https:\/\/www\.openstreetmap\.org\//);
      await dialog.locator('.monaco-button', { hasText: /^Open$/ }).click({ timeout: 5000 });
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      await waitUntil(
        () => opened.some((url) => url.startsWith('https://www.openstreetmap.org/')),
        'the map opened in a new tab',
      );

      // mailto: the browser hands it to the mail app (here: a tab that cannot show it).
      await new CustomerPanelPage(page).content.locator('a[href^="mailto:"]').click({ timeout: 10_000 });
      await waitUntil(
        () => opened.some((url) => url.startsWith('mailto:jane.doe@acmeroofing.example')),
        'the email link opened',
      );
    } finally {
      context.off('request', onRequest);
      for (const other of context.pages()) if (other !== page) await other.close();
    }
  });
});

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
