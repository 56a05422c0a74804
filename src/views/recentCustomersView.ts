import * as vscode from 'vscode';
import { registerGoToRecentCustomer } from '../commands/goToRecentCustomer';
import { type CustomerPanels, type Services } from '../services';
import { registerRecentCommands } from './recentCommands';
import { RecentCustomersProvider } from './recentCustomersProvider';
import { RECENT_VIEW_ID, type RecentTreeNode } from './recentTreeItems';

/** True while the recent list is empty: hides Clear and Refresh All. */
export const RECENT_EMPTY_CONTEXT = 'rotor.recentEmpty';

export interface RecentCustomersView {
  readonly provider: RecentCustomersProvider;
  readonly view: vscode.TreeView<RecentTreeNode>;
}

/**
 * The Recent Customers feature: the tree in the Rotor sidebar, its item and title commands, and
 * "Rotor: Go to Recent Customer". Everything reads the RecentCustomers model; only Refresh and
 * Refresh All send requests. Returns the provider and view (integration tests read them).
 */
export function registerRecentCustomersView(services: Services, panels: CustomerPanels): RecentCustomersView {
  const { recent, context } = services;
  const provider = new RecentCustomersProvider(recent);
  const view = vscode.window.createTreeView(RECENT_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });

  const updateContext = () => void vscode.commands.executeCommand('setContext', RECENT_EMPTY_CONTEXT, recent.list().length === 0);
  updateContext();

  context.subscriptions.push(
    provider,
    view,
    recent.onDidChange(updateContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rotor.recent.maxItems')) recent.enforceLimit();
    }),
    ...registerRecentCommands(services, panels, view),
    registerGoToRecentCustomer(services, panels),
  );
  return { provider, view };
}
