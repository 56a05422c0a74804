import { type Page } from 'playwright-core';
import { type PageElement, type PageGlobals } from './pageDom';

/**
 * The built workbench honours the URL `payload` (extensionDevelopmentPath, extensionTestsPath,
 * extensionEnvironment) only when `developmentOptions.enableSmokeTestDriver` is set in its
 * configuration. code-server can set that for every page (`--vscode-option
 * enable-smoke-test-driver`), but then no page shows notification toasts, which UI tests need.
 * So the server runs without it and the test-run pages switch it on for themselves: the
 * configuration is a JSON attribute of a meta tag, read by the workbench script after the
 * parser has inserted the tag, so an init script rewrites it as soon as it appears.
 *
 * (Rewriting the HTML with page.route does not work: a fulfilled document has no local address,
 * and Chromium's local-network-access checks then block the workbench's WebSocket to 127.0.0.1.)
 */
export async function enableSmokeTestDriver(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const { document, MutationObserver } = globalThis as unknown as PageGlobals;
    const patch = (meta: PageElement): void => {
      const config = JSON.parse(meta.getAttribute('data-settings') ?? '{}') as { developmentOptions?: object };
      config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
      meta.setAttribute('data-settings', JSON.stringify(config));
    };
    new MutationObserver((_records, observer) => {
      const meta = document.getElementById('vscode-workbench-web-configuration');
      if (meta?.getAttribute('data-settings')) {
        observer.disconnect();
        patch(meta);
      }
    }).observe(document, { childList: true, subtree: true });
  });
}
