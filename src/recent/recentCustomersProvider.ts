import * as vscode from 'vscode';
import { type RecentCustomers, type RecentEntry } from './model/recentCustomers';
import { type ScreenShareMode } from '../privacy/screenShare';
import { RecentConnectionItem, RecentCustomerItem, RecentGroupItem, type RecentTreeNode } from './recentTreeItems';
import { type Connections } from '../connections/connections';

/**
 * The Recent Customers tree over the RecentCustomers model. It only reads the model (never the
 * network) and refreshes when the model says it changed. An empty list gives no children, so
 * the view's welcome content (viewsWelcome) explains what to do.
 */
export class RecentCustomersProvider implements vscode.TreeDataProvider<RecentTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RecentTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly recent: RecentCustomers,
    private readonly privacy: ScreenShareMode,
    private readonly connections: Connections,
  ) {
    this.subscriptions = [
      // A connection added or removed: the tree is grouped by connection, or no longer.
      connections.onDidChange(() => this.changed.fire(undefined)),
      recent.onDidChange(() => this.changed.fire(undefined)),
      // Screen-share mode on or off: every row and tooltip is built again from the masked data.
      privacy.onDidChange(() => this.changed.fire(undefined)),
    ];
  }

  /** The entries as the tree shows them: masked by screen-share mode before any item is built. */
  private entries(): RecentEntry[] {
    return this.recent.list().map((e) => ({ ...e, customer: this.privacy.mask(e.customer) }));
  }

  getTreeItem(node: RecentTreeNode): vscode.TreeItem {
    return node;
  }

  /**
   * Flat while nothing is pinned; otherwise a "Pinned" group above a "Recent" group. With several
   * connections, one group per connection (that has customers) above that.
   */
  getChildren(node?: RecentTreeNode): RecentTreeNode[] {
    if (node instanceof RecentGroupItem) return node.entries.map((e) => new RecentCustomerItem(e));
    if (node instanceof RecentConnectionItem) return this.byPin(node.entries, node.connectionId);
    if (node) return [];
    const entries = this.entries();
    if (!this.connections.several) return this.byPin(entries);
    return this.connections.all
      .map(
        (c) =>
          new RecentConnectionItem(
            c.record.id,
            c.record.name,
            entries.filter((e) => e.connectionId === c.record.id),
          ),
      )
      .filter((group) => group.entries.length > 0);
  }

  private byPin(entries: readonly RecentEntry[], connectionId?: string): RecentTreeNode[] {
    const pinned = entries.filter((e) => e.pinned);
    if (!pinned.length) return entries.map((e) => new RecentCustomerItem(e));
    const rest = entries.filter((e) => !e.pinned);
    return rest.length
      ? [new RecentGroupItem('pinned', pinned, connectionId), new RecentGroupItem('recent', rest, connectionId)]
      : [new RecentGroupItem('pinned', pinned, connectionId)];
  }

  getParent(node: RecentTreeNode): RecentTreeNode | undefined {
    if (node instanceof RecentConnectionItem) return undefined;
    const several = this.connections.several;
    const connectionId = node instanceof RecentGroupItem ? node.connectionId : node.entry.connectionId;
    const ofConnection = this.entries().filter((e) => !several || e.connectionId === connectionId);
    const connectionGroup = (): RecentConnectionItem | undefined => {
      const c = several && connectionId ? this.connections.get(connectionId) : undefined;
      return c && new RecentConnectionItem(c.record.id, c.record.name, ofConnection);
    };
    if (node instanceof RecentGroupItem) return connectionGroup();
    if (!ofConnection.some((e) => e.pinned)) return connectionGroup();
    const entries = ofConnection.filter((e) => e.pinned === node.entry.pinned);
    return new RecentGroupItem(node.entry.pinned ? 'pinned' : 'recent', entries, several ? connectionId : undefined);
  }

  resolveTreeItem(item: vscode.TreeItem, node: RecentTreeNode): vscode.TreeItem {
    if (node instanceof RecentCustomerItem) node.resolveTooltip();
    return item;
  }

  /** Redraws the tree (e.g. so relative times are current). The model's own changes need no call. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
