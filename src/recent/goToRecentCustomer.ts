import * as vscode from 'vscode';
import { type RecentEntry, recentKey } from './model/recentCustomers';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { guarded } from '../common/showError';
import { openFromCache } from './openFromCache';
import { pickFields } from './model/recentPresentation';
import { COMMANDS } from '../common/model/commandIds';
import { escapeIcons } from '../common/model/text';

interface RecentPick extends vscode.QuickPickItem {
  readonly entry?: RecentEntry;
}

/**
 * Quick-pick items: pinned first under a "Pinned" separator, then the rest under "Recent". With
 * `connectionName` (several connections) each item says which connection it came from.
 */
export function recentPickItems(
  entries: readonly RecentEntry[],
  now = Date.now(),
  connectionName?: (entry: RecentEntry) => string | undefined,
): RecentPick[] {
  const items: RecentPick[] = [];
  const pinned = entries.filter((e) => e.pinned);
  const rest = entries.filter((e) => !e.pinned);
  const section = (label: string, list: readonly RecentEntry[]) => {
    if (!list.length) return;
    if (pinned.length) items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    for (const entry of list) {
      const fields = pickFields(entry, now);
      const connection = connectionName?.(entry);
      items.push({
        ...fields,
        ...(connection
          ? { description: [fields.description, escapeIcons(connection)].filter(Boolean).join(' · ') }
          : {}),
        entry,
        iconPath: new vscode.ThemeIcon(entry.pinned ? 'pinned' : 'account'),
      });
    }
  };
  section('Pinned', pinned);
  section('Recent', rest);
  return items;
}

/**
 * "Rotor: Go to Recent Customer": a quick pick over the recent list, searchable by name,
 * company, place and email; the chosen customer opens from the data already held (no request).
 */
export function registerGoToRecentCustomer(services: Services, panels: CustomerPanels): vscode.Disposable {
  const goTo = guarded(async () => {
    const entries = services.recent.list();
    if (!entries.length) {
      const open = 'Open Customer…';
      void vscode.window
        .showInformationMessage('No recent customers yet. Customers you open appear here.', open)
        .then((choice) => {
          if (choice === open) void vscode.commands.executeCommand(COMMANDS.openCustomer);
        });
      return;
    }
    // Masked by screen-share mode before the items are built: the pick shows what the tree shows.
    const shown = entries.map((e) => ({ ...e, customer: services.privacy.mask(e.customer) }));
    const { connections } = services;
    const name = (e: RecentEntry) => connections.get(e.connectionId)?.record.name;
    const picked = await vscode.window.showQuickPick(
      recentPickItems(shown, Date.now(), connections.several ? name : undefined),
      {
        title: 'Rotor: Go to Recent Customer',
        placeHolder: 'Type a name, company or email',
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    if (picked?.entry) openFromCache(services, panels, recentKey(picked.entry));
  });
  return vscode.commands.registerCommand(COMMANDS.goToRecentCustomer, goTo);
}
