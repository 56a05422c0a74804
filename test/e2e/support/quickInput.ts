import { type Page } from 'playwright-core';

// The quick input's DOM (VS Code 1.139): the palette, input boxes and quick picks share it.
export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
export const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

/**
 * Opens the command palette (F1) with `text` typed; `>` selects commands, none selects files.
 * Two things a user never notices can get in the way, and each gets another try: a webview
 * holding the focus (a markdown preview opened at startup) keeps F1 from the workbench, so the
 * focus is handed back first; and an editor that opens meanwhile takes the focus and closes
 * the palette, so it is opened again.
 */
async function openQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator(QUICK_INPUT_BOX);
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= 3;
    await page.keyboard.press('F1');
    const opened = await input.waitFor({ state: 'visible', timeout: last ? 10_000 : 3_000 }).then(
      () => true,
      (error: unknown) => {
        if (last) throw error;
        return false;
      },
    );
    if (!opened) {
      await page
        .locator('iframe:focus')
        .blur({ timeout: 1_000 })
        .catch(() => undefined);
      continue;
    }
    try {
      await input.fill(text, { timeout: 3_000 });
      return;
    } catch (error) {
      if (last || (await input.isVisible())) throw error;
    }
  }
}

/**
 * Opens the palette with `text` and waits for a row matching `label`. An extension's commands
 * appear only once the extension host has registered the extension, which can be seconds after
 * the workbench looks ready, and an open palette does not refresh its list: so each attempt
 * reopens it.
 */
async function openAndFindRow(page: Page, text: string, label: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openQuickInput(page, text);
    const row = page.locator(QUICK_INPUT_ROWS, { hasText: label }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(4000, deadline - Date.now())) });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`no "${label}" in the palette for "${text}"`, { cause: error });
      await page.keyboard.press('Escape');
    }
  }
}

/** Accepts the row that matches `label`: Enter if it is the focused one, a click otherwise. */
async function acceptRow(page: Page, label: string): Promise<void> {
  const focused = await page
    .locator(`${QUICK_INPUT_ROWS}.focused`)
    .first()
    .getAttribute('aria-label', { timeout: 1000 })
    .catch(() => null);
  if (focused?.includes(label)) await page.keyboard.press('Enter');
  else await page.locator(QUICK_INPUT_ROWS, { hasText: label }).first().click();
}

/**
 * Runs a command by its palette title, e.g. 'Rotor: Set API Key', as a user would. Waits until
 * the palette closed. A command that opens its own input box or quick pick keeps the widget
 * open: pass `leaveOpen` and answer it with answerQuickInput.
 */
export async function runCommand(page: Page, title: string, options: { leaveOpen?: boolean } = {}): Promise<void> {
  await openAndFindRow(page, `>${title}`, title, 20_000);
  await acceptRow(page, title);
  if (!options.leaveOpen) await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Waits until a command is in the palette (its extension is registered), then closes the palette. */
export async function waitForCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  await openAndFindRow(page, `>${title}`, title, timeoutMs);
  await page.keyboard.press('Escape');
}

/** The palette rows for `query` (command titles with their keybinding), then closes the palette. */
export async function commandPaletteEntries(page: Page, query: string): Promise<string[]> {
  await openQuickInput(page, `>${query}`);
  await page
    .locator(QUICK_INPUT_ROWS)
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 })
    .catch(() => undefined);
  const labels = await page
    .locator(QUICK_INPUT_ROWS)
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  await page.keyboard.press('Escape');
  return labels;
}

/** Opens a workspace file by its path relative to the folder, through Go to File. */
export async function quickOpenFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  await openAndFindRow(page, relativePath, name, 20_000);
  await acceptRow(page, name);
}

/**
 * Answers an input box or quick pick a command opened (showInputBox / showQuickPick): types
 * `text`, presses Enter, and waits until it closed.
 */
export async function answerQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator(QUICK_INPUT_BOX);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Waits for the quick input a command opened (its title), so a spec never types into the palette it replaced. */
export async function waitForQuickInputTitle(page: Page, title: string): Promise<void> {
  await page
    .locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title })
    .waitFor({ state: 'visible', timeout: 10_000 });
}

/** What the quick input's box holds. */
export async function quickInputValue(page: Page): Promise<string> {
  return page.locator(QUICK_INPUT_BOX).inputValue({ timeout: 5000 });
}

/** The aria-labels of the quick pick's rows. */
export async function quickPickRowLabels(page: Page): Promise<string[]> {
  return page.locator(QUICK_INPUT_ROWS).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

/**
 * Answers one step of a multi-step input (one showInputBox after another, as Add Connection asks
 * name, address and key): waits for the step's title, types `text`, presses Enter, and waits until
 * that step is gone. answerQuickInput waits for the widget to close, which the next step prevents.
 */
export async function submitQuickInputStep(page: Page, title: string, text: string): Promise<void> {
  await waitForQuickInputTitle(page, title);
  await page.locator(QUICK_INPUT_BOX).fill(text);
  await page.keyboard.press('Enter');
  await page
    .locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title })
    .waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Picks the quick pick row whose label is `label` (a quick pick a command opened) and waits until it closed. */
export async function pickQuickInputRow(page: Page, title: string, label: string): Promise<void> {
  await waitForQuickInputTitle(page, title);
  await page.locator(QUICK_INPUT_BOX).fill(label);
  await page.locator(QUICK_INPUT_ROWS, { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
}
