import * as vscode from 'vscode';
import * as path from 'node:path';
import { COMMANDS, CUSTOMERS_IN_FILE_VIEW_ID, VSCODE_COMMANDS } from '../common/model/commandIds';
import { type CustomersInFile, type FileScope } from './customersInFile';
import { type ScreenShareMode } from '../privacy/screenShare';
import { type RowText, viewRows } from './model/fileCustomerRows';

/** Set while the view lists IDs: Look Up All and Export show in the palette and title bar. */
const HAS_IDS_CONTEXT = 'rotor.customersInFile.hasIds';

type Node = RowNode | GroupNode | NoteNode;

class RowNode extends vscode.TreeItem {
  constructor(readonly row: RowText) {
    super(row.label, vscode.TreeItemCollapsibleState.None);
    this.id = `rotor.customersInFile/${row.id}`;
    this.description = row.description;
    this.contextValue = `rotor.fileCustomer.${row.kind}`;
    this.iconPath = new vscode.ThemeIcon(
      row.icon.name,
      row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined,
    );
    this.accessibilityInformation = { label: row.accessibleLabel };
    const tooltip = new vscode.MarkdownString(row.tooltip, true);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    this.tooltip = tooltip;
    this.command = { command: COMMANDS.customersInFileRevealNext, title: 'Show Next Occurrence', arguments: [row.id] };
  }

  get customerId(): string {
    return this.row.id;
  }
}

class GroupNode extends vscode.TreeItem {
  constructor(readonly rows: readonly RowText[]) {
    super(`Not customers (${rows.length.toLocaleString('en-US')})`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = 'rotor.customersInFile/group/notCustomers';
    this.iconPath = new vscode.ThemeIcon('circle-large-outline');
    this.contextValue = 'rotor.fileCustomerGroup';
  }
}

class NoteNode extends vscode.TreeItem {
  constructor(text: string) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = 'rotor.customersInFile/note';
    this.iconPath = new vscode.ThemeIcon('info');
  }
}

/** The customer ID of a row, for commands run from its inline action or context menu. */
export function rowCustomerId(node: unknown): string | undefined {
  return node instanceof RowNode ? node.customerId : typeof node === 'string' ? node : undefined;
}

/**
 * The "Customers in File" tree: one row per distinct ID of the active editor (or its selection),
 * rebuilt from the listing and the store whenever either changes. Redraws are coalesced: a Look
 * Up All of 200 IDs fires 200 store events, the tree redraws once per frame.
 */
export function registerCustomersInFileView(model: CustomersInFile, privacy: ScreenShareMode): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<Node | undefined>();
  let redraw: NodeJS.Timeout | undefined;
  const provider: vscode.TreeDataProvider<Node> = {
    onDidChangeTreeData: changed.event,
    getTreeItem: (node) => node,
    getChildren: (node) => {
      if (node instanceof GroupNode) return node.rows.map((row) => new RowNode(row));
      if (node) return [];
      const scope = model.scope;
      if (!scope) return [];
      const rows = viewRows(scope.listing.ids, (id) => privacy.maskKnown(model.status(id)), Date.now());
      return [
        ...rows.top.map((row) => new RowNode(row)),
        ...(rows.notCustomers.length > 0 ? [new GroupNode(rows.notCustomers)] : []),
        ...(rows.capped ? [new NoteNode(rows.capped)] : []),
      ];
    },
  };
  const view = vscode.window.createTreeView(CUSTOMERS_IN_FILE_VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: false,
  });
  const describe = (scope: FileScope | undefined): void => {
    view.title = scope?.selection ? 'Customers in Selection' : 'Customers in File';
    view.description = scope
      ? [documentName(scope.document), scope.listing.ids.length.toLocaleString('en-US'), model.connectionName]
          .filter(Boolean)
          .join(' · ')
      : undefined;
    view.message =
      scope && scope.listing.ids.length === 0
        ? `No customer IDs in ${scope.selection ? 'the selection' : documentName(scope.document)}.`
        : undefined;
    void vscode.commands.executeCommand(
      VSCODE_COMMANDS.setContext,
      HAS_IDS_CONTEXT,
      (scope?.listing.ids.length ?? 0) > 0,
    );
  };
  const subscription = model.onDidChange(() => {
    if (redraw) return;
    redraw = setTimeout(() => {
      redraw = undefined;
      describe(model.scope);
      changed.fire(undefined);
    }, 16);
  });
  model.setActive(view.visible);
  return [
    view,
    changed,
    subscription,
    // Screen-share mode on or off: rows and tooltips are built again from the masked data.
    privacy.onDidChange(() => changed.fire(undefined)),
    view.onDidChangeVisibility((e) => model.setActive(e.visible)),
    { dispose: () => clearTimeout(redraw) },
  ];
}

/** The file name people know (untitled and output documents have no path worth showing). */
export function documentName(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'output') return 'Output';
  return document.isUntitled ? document.uri.path : path.basename(document.uri.path);
}
