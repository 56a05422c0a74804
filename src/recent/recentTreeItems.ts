import * as vscode from 'vscode';
import { type RecentEntry } from './model/recentCustomers';
import { accessibleLabel, itemDescription, itemLabel, statusTone, tooltipMarkdown } from './model/recentPresentation';
import { COMMANDS } from '../common/model/commandIds';

/** `contextValue`s the `view/item/context` menus match on. */
export const CUSTOMER_CONTEXT = 'rotor.customer';
export const PINNED_CUSTOMER_CONTEXT = 'rotor.customer.pinned';

/** One customer of the recent list. */
export class RecentCustomerItem extends vscode.TreeItem {
  readonly customerId: string;

  constructor(readonly entry: RecentEntry) {
    super(itemLabel(entry.customer), vscode.TreeItemCollapsibleState.None);
    const c = entry.customer;
    this.customerId = c.id;
    // One node per customer whichever group it is in, so selection survives a pin.
    this.id = `rotor.recent.customer/${c.id}`;
    this.description = itemDescription(c);
    this.contextValue = entry.pinned ? PINNED_CUSTOMER_CONTEXT : CUSTOMER_CONTEXT;
    this.iconPath = iconFor(entry);
    this.accessibilityInformation = { label: accessibleLabel(entry) };
    this.command = { command: COMMANDS.recentOpen, title: 'Open Customer', arguments: [c.id] };
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
  ) {
    super(group === 'pinned' ? 'Pinned' : 'Recent', vscode.TreeItemCollapsibleState.Expanded);
    this.id = `rotor.recent.group/${group}`;
    this.contextValue = `rotor.recentGroup.${group}`;
    this.description = String(entries.length);
    this.iconPath = new vscode.ThemeIcon(group === 'pinned' ? 'pinned' : 'history');
    this.accessibilityInformation = {
      label: `${group === 'pinned' ? 'Pinned' : 'Recent'} customers, ${entries.length}`,
    };
  }
}

export type RecentTreeNode = RecentGroupItem | RecentCustomerItem;
