// @ts-check
/**
 * Page script of the Rotor customer panel. Loaded only as a nonce'd `<script src>`; it never
 * builds markup from data (the host renders the page, escaped) and only:
 *   - keeps `{ id }` as the webview state so VS Code can restore the panel after a reload
 *     (only the ID: no personal data in state);
 *   - turns clicks on `[data-action]` elements into messages for the host;
 *   - keeps relative times ("3 minutes ago") current.
 *
 * Messages mirror `src/panel/model/protocol.ts` (the host validates every one of them):
 * @typedef {'id' | 'email' | 'phone'} CopyTarget
 * @typedef {'email' | 'phone' | 'map'} OpenTarget
 * @typedef {'setApiKey' | 'showLog' | 'testConnection' | 'openSettings'} PanelCommand
 * @typedef {{ type: 'ready' }
 *   | { type: 'refresh', force?: boolean }
 *   | { type: 'copy', what: CopyTarget }
 *   | { type: 'open', what: OpenTarget }
 *   | { type: 'openJson' }
 *   | { type: 'command', command: PanelCommand }} PanelMessage
 */
(function () {
  // @ts-ignore acquireVsCodeApi is provided by the webview host.
  const vscode = acquireVsCodeApi();

  const id = document.body.dataset.customerId;
  if (id) vscode.setState({ id });

  /**
   * The message an element's data attributes describe, or undefined.
   * @param {HTMLElement} el
   * @returns {PanelMessage | undefined}
   */
  function toMessage(el) {
    const d = el.dataset;
    switch (d.action) {
      case 'refresh':
        return d.force === 'true' ? { type: 'refresh', force: true } : { type: 'refresh' };
      case 'copy':
        if (d.what === 'id' || d.what === 'email' || d.what === 'phone') return { type: 'copy', what: d.what };
        return undefined;
      case 'open':
        if (d.what === 'email' || d.what === 'phone' || d.what === 'map') return { type: 'open', what: d.what };
        return undefined;
      case 'openJson':
        return { type: 'openJson' };
      case 'command':
        if (d.command === 'setApiKey' || d.command === 'showLog' || d.command === 'testConnection' || d.command === 'openSettings') {
          return { type: 'command', command: d.command };
        }
        return undefined;
      default:
        return undefined;
    }
  }

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

  // Relative times, mirroring relativeTime() in src/common/model/text.ts.
  const locale = document.documentElement.lang || undefined;
  /** @type {Array<[Intl.RelativeTimeFormatUnit, number]>} */
  const UNITS = [
    ['year', 365 * 24 * 3600000],
    ['month', 30 * 24 * 3600000],
    ['week', 7 * 24 * 3600000],
    ['day', 24 * 3600000],
    ['hour', 3600000],
    ['minute', 60000],
  ];
  /** @type {Intl.RelativeTimeFormat | undefined} */
  let format;
  try {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  }

  /** @param {number} then @param {number} now */
  function relativeTime(then, now) {
    const diff = then - now;
    const abs = Math.abs(diff);
    if (abs < 45000 || !format) return 'just now';
    for (const [unit, ms] of UNITS) {
      if (abs >= ms || unit === 'minute') return format.format(Math.round(diff / ms), unit);
    }
    return 'just now';
  }

  function updateTimes() {
    const now = Date.now();
    for (const el of document.querySelectorAll('time[data-ts]')) {
      const then = Number(el.getAttribute('data-ts'));
      if (Number.isFinite(then)) el.textContent = relativeTime(then, now);
    }
  }

  updateTimes();
  setInterval(updateTimes, 30000);

  vscode.postMessage({ type: 'ready' });
})();
