import * as vscode from 'vscode';
import { COMMANDS } from '../common/model/commandIds';
import { guarded } from '../common/showError';
import { type CustomerPanels } from '../panel/customerPanels';
import { type FindCustomerApi } from '../search/findCustomer';
import { type Services } from '../services';

/** What Forget Customer Data did: for the integration tests and the message. */
export interface ForgetOutcome {
  readonly keptPinnedIds: number;
}

/**
 * "Rotor: Toggle Screen-Share Mode" and "Rotor: Forget Customer Data". Forget takes an optional
 * `{ keepPinnedIds: boolean }` (tests, keybindings) instead of asking.
 */
export function registerPrivacyCommands(
  services: Services,
  panels: CustomerPanels,
  search: FindCustomerApi,
): vscode.Disposable[] {
  const toggle = guarded(async () => {
    const on = !services.privacy.on;
    await services.privacy.set(on);
    vscode.window.setStatusBarMessage(
      on ? '$(eye-closed) Screen-share mode on: contact details masked' : '$(eye) Screen-share mode off',
      3000,
    );
  });

  const forget = guarded(async (arg?: unknown): Promise<ForgetOutcome | undefined> => {
    const pinned = services.recent.list().filter((e) => e.pinned).length;
    let keepPinnedIds: boolean;
    if (
      typeof arg === 'object' &&
      arg !== null &&
      typeof (arg as { keepPinnedIds?: unknown }).keepPinnedIds === 'boolean'
    ) {
      keepPinnedIds = (arg as { keepPinnedIds: boolean }).keepPinnedIds;
    } else {
      const forgetAll = 'Forget All';
      const keepPinned = 'Keep Pinned IDs';
      const choice = await vscode.window.showWarningMessage(
        'Forget every Rotor customer record on this machine?',
        {
          modal: true,
          detail:
            'Recent customers, cached lookups and search results are removed and open customer panels close. ' +
            (pinned ? `"Keep Pinned IDs" keeps your ${pinned} pinned customers as bare IDs. ` : '') +
            'Nothing changes in Rotor; your API key and quota count stay.',
        },
        ...(pinned ? [keepPinned, forgetAll] : [forgetAll]),
      );
      if (choice === undefined) return undefined;
      keepPinnedIds = choice === keepPinned;
    }
    panels.closeAll();
    services.recent.forget(keepPinnedIds);
    for (const connection of services.connections.all) connection.store.clear();
    search.clearCache();
    const kept = keepPinnedIds ? pinned : 0;
    void vscode.window.showInformationMessage(
      kept
        ? `Rotor customer data forgotten; ${kept} pinned ${kept === 1 ? 'ID' : 'IDs'} kept.`
        : 'Rotor customer data forgotten on this machine.',
    );
    return { keptPinnedIds: kept };
  });

  return [
    vscode.commands.registerCommand(COMMANDS.toggleScreenShareMode, toggle),
    vscode.commands.registerCommand(COMMANDS.forgetCustomerData, forget),
  ];
}
