import { type Page } from 'playwright-core';
import { runCommand } from './quickInput';

const TOAST = '.notifications-toasts .notification-toast';
const CENTER_ITEM = '.notifications-center .notification-list-item';
const MESSAGE = '.notification-list-item-message';

/**
 * Text of the notification matching `match`. The toast is read first; when it is gone (it hides
 * after a while) or never shown (the workbench hides toasts in smoke-test-driver mode), the
 * Notifications Center is opened instead and left open: call hideNotifications or
 * clearNotifications afterwards.
 */
export async function notificationText(page: Page, match: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const toast = page.locator(TOAST, { hasText: match }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 5000) });
    return (await toast.locator(MESSAGE).innerText()).trim();
  } catch {
    await runCommand(page, 'Notifications: Show Notifications');
    const item = page.locator(CENTER_ITEM, { hasText: match }).first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await item.locator(MESSAGE).innerText()).trim();
  }
}

/** Closes the Notifications Center if it is open. */
export async function hideNotifications(page: Page): Promise<void> {
  if ((await page.locator('.notifications-center.visible').count()) > 0) {
    await runCommand(page, 'Notifications: Hide Notifications');
  }
}

/** Removes every notification, so the next notificationText cannot match an old one. */
export async function clearNotifications(page: Page): Promise<void> {
  await hideNotifications(page);
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** A notification as the workbench showed it. */
export interface SeenNotification {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Where it was seen: 'toast', 'center', or 'earlier' (seen while the test ran, gone since). */
  readonly where: 'toast' | 'center' | 'earlier';
}

/** Name of the page global the recorder fills (drained by readNotifications). */
const LOG_GLOBAL = '__rotorNotificationLog';

/**
 * Page-side (runs in the workbench page before its scripts): records every notification that is
 * rendered, as a toast or in the Notifications Center, so one that is gone by the time a test
 * looks (a toast that hid, "Clear All", a notification that closed itself) is still reported.
 * A DOM mutation only schedules a scan; the scan reads each notification row's severity icon
 * and message, and logs a row when its content is new for that element.
 */
function recordNotifications(logGlobal: string): void {
  interface RowElement {
    readonly textContent: string | null;
    readonly classList: { contains(name: string): boolean };
    querySelector(selector: string): RowElement | null;
  }
  interface RecorderGlobals {
    readonly top: unknown;
    readonly self: unknown;
    readonly document: { querySelectorAll(selector: string): ArrayLike<RowElement> };
    readonly MutationObserver: new (callback: () => void) => {
      observe(target: unknown, options: Record<string, boolean>): void;
    };
    setTimeout(callback: () => void, ms: number): unknown;
  }
  const g = globalThis as unknown as RecorderGlobals & Record<string, unknown>;
  if (g.top !== g.self) return; // webview frames: the workbench page alone shows notifications
  const log: { severity: string; message: string }[] = [];
  g[logGlobal] = log;
  const lastKey = new WeakMap<RowElement, string>();
  let scheduled = false;
  const scan = (): void => {
    scheduled = false;
    for (const row of Array.from(g.document.querySelectorAll('.notification-list-item'))) {
      const icon = row.querySelector('.notification-list-item-icon');
      const severity = icon?.classList.contains('codicon-error')
        ? 'error'
        : icon?.classList.contains('codicon-warning')
          ? 'warning'
          : 'info';
      const message = (row.querySelector('.notification-list-item-message')?.textContent ?? '').trim();
      const key = `${severity}|${message}`;
      if (!message || lastKey.get(row) === key) continue;
      lastKey.set(row, key);
      log.push({ severity, message });
    }
  };
  // The document itself: an init script runs before the page has a documentElement.
  new g.MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    g.setTimeout(scan, 30);
  }).observe(g.document, { childList: true, subtree: true, characterData: true, attributes: true });
}

/** Starts recording notifications in `page`; call before the workbench is loaded. */
export async function installNotificationRecorder(page: Page): Promise<void> {
  await page.addInitScript(recordNotifications, LOG_GLOBAL);
}

async function rowsOf(page: Page, selector: string, where: 'toast' | 'center'): Promise<SeenNotification[]> {
  const rows = await page.locator(selector).evaluateAll((elements) =>
    elements.map((row) => {
      const icon = row.querySelector('.notification-list-item-icon');
      const severity = icon?.classList.contains('codicon-error')
        ? 'error'
        : icon?.classList.contains('codicon-warning')
          ? 'warning'
          : 'info';
      return { severity, message: (row.querySelector('.notification-list-item-message')?.textContent ?? '').trim() };
    }),
  );
  return rows.map((row) => ({ severity: row.severity as SeenNotification['severity'], message: row.message, where }));
}

/**
 * Every notification since the last call: the toasts on screen, the Notifications Center's
 * list (opened with the status bar bell, as a user would, and closed again if it was closed),
 * and what the recorder saw meanwhile. Each message is listed once, where it was seen last.
 */
export async function readNotifications(page: Page): Promise<SeenNotification[]> {
  const toasts = await rowsOf(page, `${TOAST} .notification-list-item`, 'toast');
  const centerWasOpen = (await page.locator('.notifications-center.visible').count()) > 0;
  if (!centerWasOpen) await toggleCenterWithBell(page, true);
  const center = await rowsOf(page, CENTER_ITEM, 'center');
  if (!centerWasOpen) await toggleCenterWithBell(page, false);
  const earlier = await page.evaluate((name) => {
    const log = (globalThis as unknown as Record<string, { severity: string; message: string }[] | undefined>)[name];
    return log ? log.splice(0) : [];
  }, LOG_GLOBAL);
  const seen = new Map<string, SeenNotification>();
  const add = (n: SeenNotification): void => {
    const key = `${n.severity}|${n.message}`;
    if (!seen.has(key)) seen.set(key, n);
  };
  for (const n of [...toasts, ...center]) add(n);
  for (const n of earlier)
    add({ severity: n.severity as SeenNotification['severity'], message: n.message, where: 'earlier' });
  return [...seen.values()];
}

/**
 * Opens or closes the Notifications Center with the bell in the status bar. The palette command
 * is the fallback: the bell may be hidden (status bar off, or a layout without it).
 */
async function toggleCenterWithBell(page: Page, open: boolean): Promise<void> {
  const center = page.locator('.notifications-center.visible');
  const bell = page.locator('[id="status.notifications"] .statusbar-item-label').first();
  if (await bell.isVisible()) {
    await bell.click({ timeout: 5000 });
    const reached = await center.waitFor({ state: open ? 'visible' : 'hidden', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (reached) return;
  }
  if ((await center.count()) > 0 === open) return;
  await runCommand(page, open ? 'Notifications: Show Notifications' : 'Notifications: Hide Notifications');
  await center.waitFor({ state: open ? 'visible' : 'hidden', timeout: 5000 });
}
