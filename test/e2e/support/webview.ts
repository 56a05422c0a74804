import { type FrameLocator, type Page } from 'playwright-core';

export interface WebviewTextOptions {
  /** Wait until the element contains this (the page may render a loading state first). */
  readonly contains?: string | RegExp;
  readonly timeoutMs?: number;
}

/**
 * The visible webview (a panel or view). A webview is two nested iframes: the workbench's host
 * frame (`iframe.webview.ready`) and, inside it, our page (`iframe#active-frame`).
 */
export function webviewFrames(page: Page): { readonly host: FrameLocator; readonly content: FrameLocator } {
  const host = page.locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame();
  return { host, content: host.locator('iframe#active-frame').contentFrame() };
}

/** Text of `selector` inside the visible webview. */
export async function webviewText(page: Page, selector: string, options: WebviewTextOptions = {}): Promise<string> {
  const { content } = webviewFrames(page);
  const element = content.locator(selector, options.contains ? { hasText: options.contains } : {}).first();
  return (await element.innerText({ timeout: options.timeoutMs ?? 20_000 })).trim();
}
