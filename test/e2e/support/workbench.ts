import { type Page } from 'playwright-core';
import { type Browser, BROWSER_PERMISSIONS, launchBrowser } from '../../harness/browser';
import { poll } from '../../fixtures/wait';
import { isNoise } from '../../harness/pageConsole';
import { type PageGlobals } from '../../harness/pageDom';
import { alwaysListedCommandTitle } from '../../harness/repo';
import { SESSION_ENV, sessionEnv } from '../../harness/sessionEnv';
import { workbenchUrl } from '../../harness/workbenchUrl';
import { dismissHover, type HoverOptions, hoverText } from './hover';
import {
  clearNotifications,
  hideNotifications,
  installNotificationRecorder,
  notificationText,
  readNotifications,
  type SeenNotification,
} from './notifications';
import {
  answerQuickInput,
  commandPaletteEntries,
  quickOpenFile,
  runCommand,
  waitForCommand,
  waitForQuickInputTitle,
} from './quickInput';
import { saveScreenshot } from './screenshots';
import { type TreeRow, treeRows } from './tree';
import { webviewText, type WebviewTextOptions } from './webview';
import { createWorkspace, type WorkspaceFiles } from './workspace';

export interface WorkbenchOptions {
  /** Files of the workspace folder the workbench opens (relative path -> content). */
  readonly files?: WorkspaceFiles;
}

/**
 * A real VS Code workbench (code-server in headless Chromium) with the extension installed, on a
 * fresh workspace folder. The methods act as a user would: palette, mouse, keyboard. `page` is
 * there for anything they do not cover (Playwright locators).
 */
export class Workbench {
  private readonly consoleTail: string[] = [];
  /** Errors and warnings the current test declared with expectNotification. */
  private expected: { readonly match: string | RegExp; seen: boolean }[] = [];
  /** What the last unexpectedNotifications call saw, infos included. */
  lastSeen: readonly SeenNotification[] = [];

  constructor(
    private readonly browser: Browser,
    /** Absolute path of the workspace folder (on this machine: the server is local). */
    readonly folder: string,
  ) {
    // Kept for failure reports: the page console carries the workbench's errors and warnings.
    browser.page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      const line = `[${message.type()}] ${message.text().split('\n')[0] ?? ''}`;
      if (isNoise(line.replace(/^\[\w+\] (%c\s*\w+ color: #\w+ )?/, ''))) return;
      this.consoleTail.push(line);
      if (this.consoleTail.length > 30) this.consoleTail.shift();
    });
    browser.page.on('pageerror', (error) => this.consoleTail.push(`[pageerror] ${error.message}`));
  }

  /** The last errors and warnings of the page console (for failure reports). */
  recentConsoleErrors(): readonly string[] {
    return this.consoleTail;
  }

  get page(): Page {
    return this.browser.page;
  }

  /** Runs a command by its palette title, e.g. 'Rotor: Set API Key'. */
  runCommand(title: string, options?: { leaveOpen?: boolean }): Promise<void> {
    return runCommand(this.page, title, options);
  }

  /** Types into the input box or quick pick a command opened and presses Enter. */
  answerQuickInput(text: string): Promise<void> {
    return answerQuickInput(this.page, text);
  }

  /**
   * What a user does first: "Rotor: Set API Key", the key pasted, and the "API key saved"
   * notification (cleared afterwards, so later checks start from none).
   */
  async setApiKey(key: string): Promise<void> {
    await this.runCommand('Rotor: Set API Key', { leaveOpen: true });
    await waitForQuickInputTitle(this.page, 'Rotor: Set API Key');
    await this.answerQuickInput(key);
    await this.notificationText(/API key saved/);
    await this.clearNotifications();
  }

  /**
   * Reloads the window, as a user does with F5 in the browser: a new extension host on the same
   * workspace, its workspace state and the same layout (an open view stays open).
   */
  async reload(): Promise<void> {
    await this.page.reload();
    await waitUntilReady(this.page, { explorer: false });
  }

  /** Waits until a command is listed in the palette (its extension is registered). */
  waitForCommand(title: string, timeoutMs?: number): Promise<void> {
    return waitForCommand(this.page, title, timeoutMs);
  }

  /** Palette rows for a query, e.g. to check that our commands are contributed. */
  commandPaletteEntries(query: string): Promise<string[]> {
    return commandPaletteEntries(this.page, query);
  }

  /** Opens a workspace file (path relative to the folder) and waits for its editor tab. */
  async openFile(relativePath: string): Promise<void> {
    await quickOpenFile(this.page, relativePath);
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page
      .locator('.tabs-container .tab.active', { hasText: name })
      .waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Hovers `text` (e.g. a customer UUID) in the active editor; returns the hover's text. */
  hoverText(text: string, options?: HoverOptions): Promise<string> {
    return hoverText(this.page, text, options);
  }

  /**
   * hoverText, tried again while the line is still being re-rendered (right after a file opens,
   * the line is re-rendered as tokens and link decorations arrive, and hoverText throws at once on
   * a text split across nodes instead of waiting).
   */
  async hoverTextWhenRendered(text: string, contains: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await this.hoverText(text, { contains, timeoutMs: Math.max(5000, deadline - Date.now()) });
      } catch (error) {
        if (Date.now() >= deadline || !(error instanceof Error) || !/not inside one text node/.test(error.message))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  dismissHover(): Promise<void> {
    return dismissHover(this.page);
  }

  /** Text of `selector` inside the visible webview, e.g. webviewText('h1', { contains: 'Jane' }). */
  webviewText(selector: string, options?: WebviewTextOptions): Promise<string> {
    return webviewText(this.page, selector, options);
  }

  /** Rows of a tree view by its name. */
  treeRows(viewName: string, options?: { allowEmpty?: boolean }): Promise<TreeRow[]> {
    return treeRows(this.page, viewName, options);
  }

  /** Text of the notification (toast, else Notifications Center) matching `match`. */
  notificationText(match: string | RegExp, timeoutMs?: number): Promise<string> {
    return notificationText(this.page, match, timeoutMs);
  }

  /**
   * Declares that the current test shows an error or warning notification matching `match`.
   * The notification guard (after each test of useWorkbench) then accepts it, and fails when it
   * never appeared. Info notifications need no declaration.
   */
  expectNotification(match: string | RegExp): void {
    this.expected.push({ match, seen: false });
  }

  /**
   * The notification guard: reads the toasts, the Notifications Center and what was shown and
   * gone since the last check; returns one line per error or warning that was not declared with
   * expectNotification, and per declared one that never came. Resets the declarations.
   * useWorkbench runs it after every test; call it yourself to check in the middle of a flow.
   */
  async unexpectedNotifications(): Promise<string[]> {
    const seen = await readNotifications(this.page);
    this.lastSeen = seen;
    const problems: string[] = [];
    for (const n of seen) {
      if (n.severity === 'info') continue;
      const declared = this.expected.filter((e) =>
        typeof e.match === 'string' ? n.message.includes(e.match) : e.match.test(n.message),
      );
      for (const e of declared) e.seen = true;
      if (declared.length === 0) problems.push(`unexpected ${n.severity} notification (${n.where}): "${n.message}"`);
    }
    for (const e of this.expected)
      if (!e.seen)
        problems.push(`expected an error or warning notification matching ${String(e.match)}, none was shown`);
    this.expected = [];
    return problems;
  }

  /**
   * Runs `copy` and waits until it has landed: the clipboard holds `expected` and the status bar
   * confirms it. The clipboard is cleared first, so a copy that never happens cannot pass on a
   * value left by an earlier test; and it is polled rather than read once when "Copied …" shows,
   * because that message from an earlier copy stays for 2.5 s and a webview's Copy button goes
   * through a message round trip (a single read once saw the previous ID on CI).
   */
  async expectCopied(expected: string, what: string, copy: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
    await this.page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { writeText(text: string): Promise<void> } } }
      ).navigator.clipboard.writeText(''),
    );
    await copy();
    const actual = await poll(
      () => this.clipboardText(),
      (text) => text === expected,
      timeoutMs,
    );
    if (actual !== expected)
      throw new Error(`expected the clipboard to hold ${JSON.stringify(expected)}, it holds ${JSON.stringify(actual)}`);
    await this.page.locator('.statusbar', { hasText: `Copied ${what}` }).waitFor({ state: 'visible', timeout: 5000 });
  }

  /**
   * The clipboard's text, read as a test checking a copy would. The browser does not let the
   * workbench read the clipboard (a user's browser asks first); this grants it for this read only.
   */
  async clipboardText(): Promise<string> {
    const { context } = this.browser;
    await context.grantPermissions(['clipboard-read']);
    try {
      return await this.page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      );
    } finally {
      await context.clearPermissions();
      await context.grantPermissions([...BROWSER_PERMISSIONS]);
    }
  }

  hideNotifications(): Promise<void> {
    return hideNotifications(this.page);
  }

  clearNotifications(): Promise<void> {
    return clearNotifications(this.page);
  }

  /** Saves .rotor-test/screenshots/<name>.png; returns the path. */
  screenshot(name: string): Promise<string> {
    return saveScreenshot(this.page, name);
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/**
 * The explorer shows the folder, the status bar no longer says "Activating Extensions", and one
 * of our commands is in the palette: only then is the extension registered (the workbench
 * renders well before its extension host has scanned the extensions).
 */
/** `explorer`: a new window shows the Explorer; a reloaded one the layout it had. */
async function waitUntilReady(page: Page, { explorer = true } = {}): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  if (explorer) await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction(
    () => {
      const { document } = globalThis as unknown as PageGlobals;
      const status = document.querySelector('.statusbar')?.textContent ?? '';
      return status !== '' && !status.includes('Activating Extensions');
    },
    null,
    { timeout: 60_000 },
  );
  const ourCommand = alwaysListedCommandTitle();
  if (ourCommand) await waitForCommand(page, ourCommand, 60_000);
}

/**
 * Opens a workbench on a new workspace folder holding `files`. Each call starts its own browser
 * (and so its own extension host): call close() when done, or use useWorkbench() in a describe.
 */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const folder = createWorkspace(options.files);
  const browser = await launchBrowser();
  const workbench = new Workbench(browser, folder);
  try {
    await installNotificationRecorder(browser.page);
    await browser.page.goto(workbenchUrl(sessionEnv(SESSION_ENV.workbenchUrl), folder));
    await waitUntilReady(browser.page);
    return workbench;
  } catch (error) {
    await workbench.screenshot('workbench-did-not-open').catch(() => undefined);
    await workbench.close();
    throw error;
  }
}

/**
 * One workbench for the tests of a `describe`: opened before the first test, closed after the
 * last, with a screenshot named after each failing test. After each test the notification guard
 * runs (Workbench.unexpectedNotifications): a test that passed but left an error or warning
 * notification it did not declare with expectNotification fails its "after each" hook, with the
 * notification's text. The notifications are then cleared, so each test starts with none. Returns an accessor because the
 * workbench exists only once `before` ran:
 *
 *   describe('Hover', () => {
 *     const workbench = useWorkbench({ files: { 'app.log': `id ${JANE}` } });
 *     it('shows the name', async () => {
 *       await workbench().openFile('app.log');
 *       assert.match(await workbench().hoverText(JANE), /Jane Doe/);
 *     });
 *   });
 */
export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let current: Workbench | undefined;
  before(async function () {
    this.timeout(120_000);
    current = await openWorkbench(options);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (!current || !test) return;
    if (test.state === 'failed') {
      const file = await current.screenshot(`FAILED-${test.fullTitle()}`).catch(() => undefined);
      if (file) console.log(`      screenshot: ${file}`);
      const errors = current.recentConsoleErrors();
      if (errors.length > 0)
        console.log(`      workbench console (last errors):\n        ${errors.join('\n        ')}`);
      // The notifications tell what went wrong; the test's own failure is the one reported.
      const problems = await current.unexpectedNotifications().catch(() => []);
      if (problems.length > 0) console.log(`      notifications:\n        ${problems.join('\n        ')}`);
      await current.clearNotifications().catch(() => undefined);
      return;
    }
    const problems = await current.unexpectedNotifications();
    const file =
      problems.length > 0
        ? await current.screenshot(`FAILED-notifications-${test.fullTitle()}`).catch(() => undefined)
        : undefined;
    if (current.lastSeen.length > 0) await current.clearNotifications();
    if (problems.length > 0) {
      throw new Error(
        `"${test.title}" left notifications it did not expect:\n  ${problems.join('\n  ')}${file ? `\n  screenshot: ${file}` : ''}`,
      );
    }
  });
  after(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the workbench is not open (did its before hook fail?)');
    return current;
  };
}
