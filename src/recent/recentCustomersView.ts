import * as vscode from 'vscode';
import { registerGoToRecentCustomer } from './goToRecentCustomer';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { type FeatureHost } from '../shell/featureHost';
import { registerRecentCommands } from './recentCommands';
import { RecentCustomersProvider } from './recentCustomersProvider';
import { type RecentTreeNode } from './recentTreeItems';
import { RECENT_VIEW_VISIBLE_STATE_KEY } from '../common/model/commandIds';

/**
 * True while the recent list has entries: shows Clear, Refresh All and Go to Recent Customer. Set
 * by the features, so those commands need no stub in the activation shell (src/shell/commandStubs.ts).
 */
export const HAS_RECENT_CONTEXT = 'rotor.hasRecentCustomers';

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
  // The shell created the view (rotor.recentCustomers) at activation if it was on screen last
  // time, or creates it now; this supplies its data.
  const view = host.recentCustomersView<RecentTreeNode>(provider);
  // What the shell reads at the next activation (workspaceState: this machine, this workspace).
  const rememberVisibility = (visible: boolean): void => {
    if (context.workspaceState.get(RECENT_VIEW_VISIBLE_STATE_KEY) !== visible)
      void Promise.resolve(context.workspaceState.update(RECENT_VIEW_VISIBLE_STATE_KEY, visible)).catch(
        () => undefined,
      );
  };
  rememberVisibility(view.visible);

  const updateContext = () =>
    void vscode.commands.executeCommand('setContext', HAS_RECENT_CONTEXT, recent.list().length > 0);
  updateContext();

  context.subscriptions.push(
    provider,
    view.onDidChangeVisibility((e) => rememberVisibility(e.visible)),
    recent.onDidChange(updateContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rotor.recent.maxItems')) recent.enforceLimit();
    }),
    ...registerRecentCommands(services, panels, view),
    registerGoToRecentCustomer(services, panels),
  );
  return { provider, view };
}
