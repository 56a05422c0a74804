import * as vscode from 'vscode';
import { registerGoToRecentCustomer } from './goToRecentCustomer';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { type FeatureHost } from '../shell/featureHost';
import { registerRecentCommands } from './recentCommands';
import { RecentCustomersProvider } from './recentCustomersProvider';
import { type RecentTreeNode } from './recentTreeItems';

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
export function registerRecentCustomersView(
  services: Services,
  panels: CustomerPanels,
  host: FeatureHost,
): RecentCustomersView {
  const { recent, context } = services;
  const provider = new RecentCustomersProvider(recent, services.privacy, services.connections);
  // The shell created the view (rotor.recentCustomers) at activation; this supplies its data.
  const view = host.recentCustomersView<RecentTreeNode>(provider);

  const updateContext = () =>
    void vscode.commands.executeCommand('setContext', RECENT_EMPTY_CONTEXT, recent.list().length === 0);
  updateContext();

  context.subscriptions.push(
    provider,
    recent.onDidChange(updateContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rotor.recent.maxItems')) recent.enforceLimit();
    }),
    ...registerRecentCommands(services, panels, view),
    registerGoToRecentCustomer(services, panels),
  );
  return { provider, view };
}
