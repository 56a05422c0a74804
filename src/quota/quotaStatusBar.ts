import * as vscode from 'vscode';
import { type Services } from '../services';
import { guarded } from '../common/showError';
import { COMMANDS, VSCODE_COMMANDS } from '../common/model/commandIds';
import { escapeIcons } from '../common/model/text';

/**
 * True while the active connection's requests are paused (Rotor said 429 today): shows "Send
 * Requests Again Today" in the palette. Set here, where that state is drawn, so the command needs
 * no stub in the activation shell (src/shell/commandStubs.ts).
 */
export const REQUESTS_PAUSED_CONTEXT = 'rotor.requestsPaused';

/**
 * "Rotor 37/1000" in the status bar: today's requests for the current key, the reset time, and
 * a warning look when the reserve is reached or Rotor said 429 (then every answer comes from
 * the cache until the next UTC midnight, unless the user sends requests again).
 */
export class QuotaStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rotor.quota', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  /** Counts update() calls: only the latest one paints. */
  private updates = 0;
  /** What REQUESTS_PAUSED_CONTEXT was last set to (every request updates the bar; the context changes rarely). */
  private paused: boolean | undefined;

  constructor(private readonly services: Services) {
    this.item.name = 'Rotor Quota';
    this.item.command = COMMANDS.showLog;
    // Key, key info and quota count of any connection, and a switch: all cheap to redraw.
    const key = services.connections.onDidChangeStatus(() => void this.update());
    const switched = services.connections.onDidChange(() => void this.update());
    this.subscriptions.push(
      { dispose: () => key.dispose() },
      { dispose: () => switched.dispose() },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rotor.quota')) void this.update();
      }),
    );
    // The count starts again at UTC midnight even when nothing happens.
    this.timer = setInterval(() => void this.update(), 60_000);
    void this.update();
  }

  /** The text shown, for tests. */
  get text(): string {
    return this.item.text;
  }

  async update(): Promise<void> {
    const { connections } = this.services;
    // One connection throughout (its key, quota, key info and name), and only the latest update
    // paints: a slower key read of the one before a switch must not land last.
    const connection = connections.active;
    const update = ++this.updates;
    const key = await connection.apiKey.get();
    if (update !== this.updates) return;
    // With several connections the item says which one answers (its name is not read as icons).
    const name = connections.several ? ` ${escapeIcons(connection.record.name)}` : '';
    const snap = key === undefined ? undefined : connection.quota.snapshot(key);
    this.setPaused(snap?.exhausted ?? false);
    if (!key || !snap) {
      if (!name) {
        this.item.hide();
        return;
      }
      this.item.text = `$(key) Rotor${name}`;
      this.item.backgroundColor = undefined;
      this.item.command = COMMANDS.setApiKey;
      this.item.tooltip = 'This Rotor connection has no API key: click to set one.';
      this.item.accessibilityInformation = { label: `Rotor connection${name}: no API key` };
      this.item.show();
      return;
    }
    const reserve = this.services.settings.quota.hoverReserve;
    const reset = snap.resetsAt.toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
    if (snap.exhausted) {
      this.item.text = `$(circle-slash) Rotor${name} ${snap.used}/${snap.limit}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.command = COMMANDS.resumeRequests;
    } else {
      this.item.text = `$(person) Rotor${name} ${snap.used}/${snap.limit}`;
      this.item.backgroundColor =
        snap.remaining < reserve ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.command = COMMANDS.showLog;
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Rotor API quota**\n\n');
    if (name) tooltip.appendText(`Connection: ${connection.record.name}\n\n`);
    const info = connection.apiKey.authInfo(key);
    if (info?.companyId) tooltip.appendText(`Key of company ${info.companyId}\n\n`);
    tooltip.appendText(`Requests today: ${snap.used} of ${snap.limit} (${snap.remaining} left)\n\n`);
    if (snap.exhausted)
      tooltip.appendText(
        'Rotor said the daily limit is reached: answers come from the cache only. Click to send requests again anyway.\n\n',
      );
    else if (snap.remaining < reserve)
      tooltip.appendText(`Hovers no longer look up new IDs (reserve of ${reserve} kept for lookups you ask for).\n\n`);
    tooltip.appendText(`Resets at ${reset} (00:00 UTC).`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: `Rotor${name}: ${snap.used} of ${snap.limit} requests used today${snap.exhausted ? ', limit reached' : ''}`,
    };
    this.item.show();
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    void vscode.commands.executeCommand(VSCODE_COMMANDS.setContext, REQUESTS_PAUSED_CONTEXT, paused);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

export function registerQuotaStatus(services: Services): QuotaStatusBar {
  const bar = new QuotaStatusBar(services);
  const resume = guarded(async () => {
    const key = await services.apiKey.get();
    if (!key) return;
    // The palette shows the command only while paused; a keybinding or a stale click can still run it.
    if (!services.quota.snapshot(key).exhausted) {
      void vscode.window.showInformationMessage('Rotor requests are not paused: nothing to send again.');
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      'Rotor answered that the daily quota is used up. Send requests again anyway? Each one still counts, and Rotor may refuse them until 00:00 UTC.',
      { modal: true },
      'Send Again',
    );
    if (choice === 'Send Again') services.quota.clearExhausted(key);
  });
  services.context.subscriptions.push(bar, vscode.commands.registerCommand(COMMANDS.resumeRequests, resume));
  return bar;
}
