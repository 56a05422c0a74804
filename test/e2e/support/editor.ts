import { type Page } from 'playwright-core';

/** The editor tab that has the focus. */
export const ACTIVE_TAB = '.tabs-container .tab.active';

/** The text of the active editor as rendered (visible lines only; enough for short documents). */
export async function activeEditorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  await lines.first().waitFor({ state: 'visible', timeout: 10_000 });
  // Lines are absolutely positioned in render order, not document order: sort by their top.
  return lines.evaluateAll((elements) =>
    elements
      .map((line) => ({
        top: parseFloat((line as unknown as { style: { top: string } }).style.top || '0'),
        text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
      }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)
      .join('\n'),
  );
}

/** The cursor position the status bar shows, e.g. "Ln 3, Col 45". */
export async function cursorPosition(page: Page): Promise<string> {
  return (await page.locator('#status\\.editor\\.selection').innerText({ timeout: 5000 })).trim();
}
