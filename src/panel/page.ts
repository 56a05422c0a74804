/**
 * Page script of the Rotor customer panel, bundled by esbuild (browser, IIFE) to
 * media/customer.js, which the page carries inline under its nonce (pageAssets.ts). It never builds
 * markup from data (the host renders the page, escaped) and only:
 *   - keeps `{ id }` as the webview state so VS Code can restore the panel after a reload
 *     (only the ID: no personal data in state);
 *   - turns clicks on `[data-action]` elements into messages for the host (protocol.ts; the host
 *     validates every one of them);
 *   - keeps relative times ("3 minutes ago") current, with the host's own formatter;
 *   - swaps in the `<main>` the host posts when what the panel shows changes (PageUpdate). The
 *     markup is the host's, escaped as in a full page; DOMParser runs no script, and the CSP
 *     allows no inline handler.
 */
import { relativeTime } from '../common/model/text';
import { COPY_TARGETS, isPageUpdate, OPEN_TARGETS, PANEL_COMMANDS, type PanelMessage } from './model/protocol';

interface WebviewApi {
  postMessage(message: PanelMessage): void;
  setState(state: { readonly id: string; readonly connection?: string }): void;
}

declare function acquireVsCodeApi(): WebviewApi;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

/** The message an element's data attributes describe (customerHtml's actionAttributes), or undefined. */
function toMessage(el: HTMLElement): PanelMessage | undefined {
  const d = el.dataset;
  switch (d.action) {
    case 'refresh':
      return d.force === 'true' ? { type: 'refresh', force: true } : { type: 'refresh' };
    case 'copy':
      return oneOf(COPY_TARGETS, d.what) ? { type: 'copy', what: d.what } : undefined;
    case 'open':
      return oneOf(OPEN_TARGETS, d.what) ? { type: 'open', what: d.what } : undefined;
    case 'openJson':
      return { type: 'openJson' };
    case 'showNotes':
      return { type: 'showNotes' };
    case 'command':
      return oneOf(PANEL_COMMANDS, d.command) ? { type: 'command', command: d.command } : undefined;
    default:
      return undefined;
  }
}

function start(): void {
  const vscode = acquireVsCodeApi();

  const { customerId: id, connection } = document.body.dataset;
  if (id) vscode.setState(connection ? { id, connection } : { id });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    if (!(target instanceof HTMLElement)) return;
    // The host opens links itself (from its own data): keep the webview from opening them too.
    event.preventDefault();
    event.stopPropagation();
    if (target.matches(':disabled, [aria-disabled="true"]')) return;
    const message = toMessage(target);
    if (message) vscode.postMessage(message);
  });

  // The host set <html lang> to a locale Intl accepts (usableLocale).
  const locale = document.documentElement.lang || undefined;
  const updateTimes = (): void => {
    const now = Date.now();
    for (const el of document.querySelectorAll('time[data-ts]')) {
      const then = Number(el.getAttribute('data-ts'));
      if (Number.isFinite(then)) el.textContent = relativeTime(then, now, locale);
    }
  };
  updateTimes();
  setInterval(updateTimes, 30_000);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!isPageUpdate(event.data)) return;
    const next = new DOMParser().parseFromString(event.data.main, 'text/html').querySelector('main');
    const current = document.querySelector('main');
    if (!next || !current) return;
    current.replaceWith(document.adoptNode(next));
    document.title = event.data.title;
    updateTimes();
  });

  vscode.postMessage({ type: 'ready' });
}

start();
