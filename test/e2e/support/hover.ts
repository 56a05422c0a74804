import { type Page } from 'playwright-core';
import { type PageElement, type PageGlobals } from '../../harness/pageDom';

const HOVER = '.monaco-hover .monaco-hover-content';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Screen box of `text` in the visible editor. A rendered line is a row of spans; a DOM Range over
 * the text node gives the exact box of the substring, where an element box would be the line's.
 */
export async function textBox(page: Page, text: string): Promise<Box> {
  const line = page.locator('.monaco-editor .view-line', { hasText: text }).first();
  await line.waitFor({ state: 'visible', timeout: 15_000 });
  const box = await line.evaluate((element, wanted) => {
    const { document } = globalThis as unknown as PageGlobals;
    const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
    const walker = document.createTreeWalker(element as unknown as PageElement, SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const content = node.textContent ?? '';
      const start = content.indexOf(wanted);
      if (start < 0) continue;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + wanted.length);
      const { x, y, width, height } = range.getBoundingClientRect();
      return { x, y, width, height };
    }
    return null; // the text spans several tokens (spans): not supported, use a shorter text
  }, text);
  if (!box) throw new Error(`"${text}" is not inside one text node of the rendered line`);
  return box;
}

export interface HoverOptions {
  /** Wait until the hover contains this (a provider may render "Loading…" first). */
  readonly contains?: string | RegExp;
  /** Total time for all attempts. */
  readonly timeoutMs?: number;
}

/**
 * Moves the mouse onto `text` in the active editor and returns the hover's text.
 * The first hover can come back empty: our provider registers when the extension activates,
 * possibly after the file opened. So each attempt moves away, presses Escape, and moves back.
 */
export async function hoverText(page: Page, text: string, options: HoverOptions = {}): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const hover = page.locator(HOVER, options.contains ? { hasText: options.contains } : {}).first();
  for (;;) {
    const box = await textBox(page, text);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y + 200); // away, onto empty editor space
    await page.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
    await page.mouse.move(x - 10, y);
    await page.mouse.move(x, y, { steps: 3 });
    const left = deadline - Date.now();
    try {
      await hover.waitFor({ state: 'visible', timeout: Math.max(500, Math.min(4000, left)) });
      return (await hover.innerText()).trim();
    } catch (error) {
      if (Date.now() >= deadline) {
        const what = options.contains ? ` containing ${String(options.contains)}` : '';
        throw new Error(`no hover${what} over "${text}" within the timeout`, { cause: error });
      }
    }
  }
}

/** Moves the mouse away and closes any hover, so the next step starts clean. */
export async function dismissHover(page: Page): Promise<void> {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
}
