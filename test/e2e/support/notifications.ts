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
