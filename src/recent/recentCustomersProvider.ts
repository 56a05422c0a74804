import * as vscode from 'vscode';
import { type RecentCustomers, type RecentEntry } from './model/recentCustomers';
import { type ScreenShareMode } from '../privacy/screenShare';
import { RecentCustomerItem, RecentGroupItem, type RecentTreeNode } from './recentTreeItems';

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
  ) {
    this.subscriptions = [
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

  /** Flat while nothing is pinned; otherwise a "Pinned" group above a "Recent" group. */
  getChildren(node?: RecentTreeNode): RecentTreeNode[] {
    if (node instanceof RecentGroupItem) return node.entries.map((e) => new RecentCustomerItem(e));
    if (node) return [];
    const entries = this.entries();
    const pinned = entries.filter((e) => e.pinned);
    if (!pinned.length) return entries.map((e) => new RecentCustomerItem(e));
    const rest = entries.filter((e) => !e.pinned);
    return rest.length
      ? [new RecentGroupItem('pinned', pinned), new RecentGroupItem('recent', rest)]
      : [new RecentGroupItem('pinned', pinned)];
  }

  getParent(node: RecentTreeNode): RecentTreeNode | undefined {
    if (node instanceof RecentGroupItem || !this.recent.list().some((e) => e.pinned)) return undefined;
    const entries = this.entries().filter((e) => e.pinned === node.entry.pinned);
    return new RecentGroupItem(node.entry.pinned ? 'pinned' : 'recent', entries);
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
