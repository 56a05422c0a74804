import { type Locator, type Page } from 'playwright-core';
import { runCommand } from './quickInput';

/** One rendered row of a tree view. */
export interface TreeRow {
  /** The TreeItem label. */
  readonly label: string;
  /** The TreeItem description (grey text after the label), '' if none. */
  readonly description: string;
  /** The row's aria-label: the TreeItem's accessibilityInformation or tooltip when set. */
  readonly ariaLabel: string;
}

/**
 * Rows of the tree view titled `viewName` (its name in package.json `contributes.views`).
 * Opens the view through its "Focus on … View" command if it is not on screen, expands its pane,
 * and waits for at least one row unless `allowEmpty` (a welcome view shows no rows).
 * A view alone in its container has a hidden pane header (the container title shows its name);
 * the header is still in the DOM, so it identifies the pane either way.
 */
export async function treeRows(
  page: Page,
  viewName: string,
  options: { allowEmpty?: boolean } = {},
): Promise<TreeRow[]> {
  const header = paneHeader(page, viewName);
  const pane = page.locator('.pane', { has: header });
  const body = pane.locator('.pane-body');
  if (!(await body.isVisible())) {
    if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    else await runCommand(page, `Focus on ${viewName} View`);
  }
  await body.waitFor({ state: 'visible', timeout: 15_000 });
  const rows = body.locator('.monaco-list-row');
  if (!options.allowEmpty) await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
  return rows.evaluateAll((elements) =>
    elements.map((row) => ({
      label: row.querySelector('.label-name')?.textContent ?? '',
      description: row.querySelector('.label-description')?.textContent ?? '',
      ariaLabel: row.getAttribute('aria-label') ?? '',
    })),
  );
}

/** The header of the view pane titled `viewName` (in the DOM even when hidden). */
export function paneHeader(page: Page, viewName: string): Locator {
  return page.locator(`.pane-header[aria-label^="${viewName}"]`).first();
}

/** Right-clicks the row labelled `label` in the view `viewName` and runs the context-menu item `item`. */
export async function treeContextAction(page: Page, viewName: string, label: string, item: string): Promise<void> {
  const row = page
    .locator('.pane', { has: paneHeader(page, viewName) })
    .locator('.monaco-list-row', { hasText: label })
    .first();
  await row.click({ button: 'right', timeout: 10_000 });
  const menuItem = page.getByRole('menuitem', { name: item, exact: true });
  await menuItem.waitFor({ state: 'visible', timeout: 10_000 });
  // A menu item runs on mouse up, and a click right after the menu opened is sometimes dropped
  // (the menu stays open): point at the item, then accept it with Enter, which a menu always takes.
  await menuItem.hover();
  await page
    .locator('.monaco-menu .action-item.focused', { has: menuItem })
    .waitFor({ state: 'visible', timeout: 5000 });
  await page.keyboard.press('Enter');
  await menuItem.waitFor({ state: 'hidden', timeout: 5000 });
}
