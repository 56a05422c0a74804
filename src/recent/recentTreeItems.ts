import * as vscode from 'vscode';
import { type RecentEntry, recentKey } from './model/recentCustomers';
import { accessibleLabel, itemDescription, itemLabel, statusTone, tooltipMarkdown } from './model/recentPresentation';
import { COMMANDS } from '../common/model/commandIds';

/** `contextValue`s the `view/item/context` menus match on. */
export const CUSTOMER_CONTEXT = 'rotor.customer';
export const PINNED_CUSTOMER_CONTEXT = 'rotor.customer.pinned';

/** One customer of the recent list. */
export class RecentCustomerItem extends vscode.TreeItem {
  readonly customerId: string;
  /** The entry's key in the recent list (recentKey: the bare customer ID for Default). */
  readonly key: string;

  constructor(readonly entry: RecentEntry) {
    super(itemLabel(entry.customer), vscode.TreeItemCollapsibleState.None);
    const c = entry.customer;
    this.customerId = c.id;
    this.key = recentKey(entry);
    // One node per customer whichever group it is in, so selection survives a pin.
    this.id = `rotor.recent.customer/${this.key}`;
    this.description = itemDescription(c);
    this.contextValue = entry.pinned ? PINNED_CUSTOMER_CONTEXT : CUSTOMER_CONTEXT;
    this.iconPath = iconFor(entry);
    this.accessibilityInformation = { label: accessibleLabel(entry) };
    // Always `<connection id>:<customer id>`, Default's too: a bare ID would be read as the
    // active connection's, so clicking a Default row with another connection active opened the
    // other company's customer of the same UUID.
    this.command = {
      command: COMMANDS.recentOpen,
      title: 'Open Customer',
      arguments: [`${entry.connectionId}:${c.id}`],
    };
    // The tooltip is built in resolveTreeItem, so "last viewed" is as of the hover, not the refresh.
  }

  /** Builds the tooltip: untrusted markdown, every API value escaped, no HTML. */
  resolveTooltip(now = Date.now()): void {
    const markdown = new vscode.MarkdownString(tooltipMarkdown(this.entry, now), true);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    this.tooltip = markdown;
  }
}

function iconFor(entry: RecentEntry): vscode.ThemeIcon {
  const tone = statusTone(entry.customer.status);
  const color =
    tone === 'inactive'
      ? new vscode.ThemeColor('disabledForeground')
      : tone === 'active'
        ? new vscode.ThemeColor('charts.green')
        : undefined;
  if (entry.pinned) return new vscode.ThemeIcon('pinned', color);
  return new vscode.ThemeIcon(tone === 'inactive' ? 'circle-slash' : 'account', color);
}

export type RecentGroupKind = 'pinned' | 'recent';

/** "Pinned" and "Recent": shown only while some customers are pinned, so a plain list stays flat. */
export class RecentGroupItem extends vscode.TreeItem {
  constructor(
    readonly group: RecentGroupKind,
    readonly entries: readonly RecentEntry[],
    /** Set when the tree is grouped by connection: the group is inside that connection's. */
    readonly connectionId?: string,
  ) {
    super(group === 'pinned' ? 'Pinned' : 'Recent', vscode.TreeItemCollapsibleState.Expanded);
    this.id = `rotor.recent.group/${connectionId ? `${connectionId}/` : ''}${group}`;
    this.contextValue = `rotor.recentGroup.${group}`;
    this.description = String(entries.length);
    this.iconPath = new vscode.ThemeIcon(group === 'pinned' ? 'pinned' : 'history');
    this.accessibilityInformation = {
      label: `${group === 'pinned' ? 'Pinned' : 'Recent'} customers, ${entries.length}`,
    };
  }
}

/** One connection's customers, when there are several connections. */
export class RecentConnectionItem extends vscode.TreeItem {
  constructor(
    readonly connectionId: string,
    name: string,
    readonly entries: readonly RecentEntry[],
  ) {
    super(name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `rotor.recent.connection/${connectionId}`;
    this.contextValue = 'rotor.recentConnection';
    this.description = String(entries.length);
    this.iconPath = new vscode.ThemeIcon('plug');
    this.accessibilityInformation = { label: `Connection ${name}, ${entries.length} customers` };
  }
}

export type RecentTreeNode = RecentConnectionItem | RecentGroupItem | RecentCustomerItem;
