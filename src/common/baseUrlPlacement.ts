import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { type Settings } from './settings';

const SHOWN_KEY = 'rotor.baseUrlPlacementHint.shownFor';
const OPEN_REMOTE_SETTINGS = 'Open Remote Settings';

/**
 * `rotor.apiBaseUrl` is machine-scoped (the key is sent there), so a remote window (code-server,
 * Remote-SSH, WSL, Dev Containers, Codespaces) reads it only from the Remote settings. A value in
 * User settings is then silently ignored and lookups go elsewhere; this says so, once per value.
 *
 * How the User value is found: the User settings file, where the extension host can reach it (in
 * code-server it sits beside the profile's globalStorage folder); else `inspect()`'s
 * `globalLocalValue`. That one is not reliable for machine-scoped keys (measured in code-server
 * 1.139: present in some windows, absent in others, and not updated when the file changes).
 */
export class BaseUrlPlacementHint {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly settings: Settings,
  ) {}

  /** Shows the hint when a User value is not in effect; returns its text (for tests), else undefined. */
  async check(): Promise<string | undefined> {
    const remote = vscode.env.remoteName;
    if (!remote) return undefined;
    const inspected = vscode.workspace.getConfiguration('rotor').inspect<string>('apiBaseUrl') as
      { readonly globalLocalValue?: unknown } | undefined;
    const fromFile = await this.userSettingsFileValue();
    const userValue = fromFile ? fromFile.value : inspected?.globalLocalValue;
    const effective = this.settings.apiBaseUrl;
    if (typeof userValue !== 'string' || userValue.trim() === effective) return undefined;
    if (this.context.globalState.get<string>(SHOWN_KEY) === userValue) return undefined;
    await this.context.globalState.update(SHOWN_KEY, userValue);
    const text =
      `rotor.apiBaseUrl is set in your User settings, but this is a remote window (${remote}), which reads it ` +
      `only from the Remote settings, so lookups go to ${effective}. Move the setting to the Remote settings.`;
    void vscode.window.showWarningMessage(text, OPEN_REMOTE_SETTINGS).then(
      (choice) => choice && vscode.commands.executeCommand('workbench.action.openRemoteSettings'),
      () => undefined,
    );
    return text;
  }

  /** The file's value (undefined when it has none), or undefined when the file cannot be read. */
  private async userSettingsFileValue(): Promise<{ readonly value: unknown } | undefined> {
    // globalStorageUri is <profile>/User/globalStorage/<extension id>: settings.json is two up.
    const settingsFile = vscode.Uri.joinPath(this.context.globalStorageUri, '..', '..', 'settings.json');
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(settingsFile));
      const parsed: unknown = parse(text);
      return {
        value:
          parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['rotor.apiBaseUrl'] : undefined,
      };
    } catch {
      return undefined; // not reachable from this host (e.g. Remote-SSH keeps User settings on the client)
    }
  }
}
