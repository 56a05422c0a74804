import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RECENT_STATE_KEY, RecentCustomers } from '../../src/recent/model/recentCustomers';
import { type RotorExtensionApi } from '../../src/main';
import { type RecentCustomersProvider } from '../../src/recent/recentCustomersProvider';
import { type RecentCustomerItem, type RecentTreeNode } from '../../src/recent/recentTreeItems';
import { RECENT_VIEW_VISIBLE_STATE_KEY } from '../../src/common/model/commandIds';
import { INACTIVE_ID, JANE_DOE_ID } from '../sandbox/demoData';
import { EXTENSION_ID, freshState, sandbox } from './support';

/*
 * The tree is read through the provider the running extension registered, so what it lists is
 * what the sidebar shows. Its nodes are the extension bundle's classes: told apart by shape.
 */

async function freshRecent(): Promise<{ api: RotorExtensionApi; provider: RecentCustomersProvider }> {
  const api = await freshState();
  api.services.recent.clear();
  return { api, provider: api.recent.provider };
}

function customers(nodes: readonly RecentTreeNode[]): RecentCustomerItem[] {
  return nodes.filter((n): n is RecentCustomerItem => 'customerId' in n);
}

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

async function requestCount(): Promise<number> {
  return (await sandbox().stats()).total;
}

describe('Recent Customers view (real extension host)', () => {
  let provider: RecentCustomersProvider | undefined;
  afterEach(async () => {
    // The extension's own provider: not ours to dispose.
    provider = undefined;
    await sandbox().reset();
  });

  it('contributes the view and registers every rotor.recent.* command', async () => {
    provider = (await freshRecent()).provider;
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (
      (extension?.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands ?? []
    )
      .map((c) => c.command)
      .filter((c) => c.startsWith('rotor.recent.') || c === 'rotor.goToRecentCustomer');
    assert.ok(contributed.length >= 10, `only ${contributed.length} recent commands contributed`);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is not registered`);
    // Revealing the view makes the workbench call the registered provider.
    await vscode.commands.executeCommand('rotor.recentCustomers.focus');
  });

  it('remembers for the next activation whether the view is on screen (the shell creates it then)', async () => {
    const { api } = await freshRecent();
    const remembered = (): unknown => api.services.context.workspaceState.get(RECENT_VIEW_VISIBLE_STATE_KEY);
    const until = async (visible: boolean): Promise<void> => {
      for (let i = 0; i < 100 && (api.recent.view.visible !== visible || remembered() !== visible); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await vscode.commands.executeCommand('rotor.recentCustomers.focus');
    await until(true);
    assert.equal(api.recent.view.visible, true);
    assert.equal(remembered(), true, 'on screen: the next shell creates the view at activation');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await until(false);
    assert.equal(api.recent.view.visible, false);
    assert.equal(remembered(), false, 'hidden: the next shell leaves the view to the features');
  });

  it('lists explicit lookups newest first, deduplicated, with status icons', async () => {
    const r = await freshRecent();
    provider = r.provider;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomer', INACTIVE_ID);
    let items = customers(provider.getChildren());
    assert.deepEqual(
      items.map((i) => i.customerId),
      [INACTIVE_ID, JANE_DOE_ID],
    );
    const [walter, jane] = items;
    assert.equal(walter?.label, 'Walter Finch');
    assert.equal(walter?.description, 'Blue Sky Plumbing');
    assert.equal(iconId(walter!), 'circle-slash');
    assert.equal(jane?.contextValue, 'rotor.customer');
    assert.equal(iconId(jane!), 'account');
    assert.deepEqual(jane?.command?.arguments, [`default:${JANE_DOE_ID}`]);
    assert.match(jane?.accessibilityInformation?.label ?? '', /^Jane Doe, Acme Roofing/);

    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID.toUpperCase());
    items = customers(provider.getChildren());
    assert.deepEqual(
      items.map((i) => i.customerId),
      [JANE_DOE_ID, INACTIVE_ID],
    );
  });

  it('builds an untrusted tooltip on demand', async () => {
    const r = await freshRecent();
    provider = r.provider;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    const [jane] = customers(provider.getChildren());
    assert.ok(jane);
    provider.resolveTreeItem(jane, jane);
    const tooltip = jane.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.equal(tooltip.isTrusted, false);
    assert.notEqual(tooltip.supportHtml, true);
    assert.match(tooltip.value, /Jane Doe/);
    assert.match(tooltip.value, /Last viewed just now/);
  });

  it('pins, unpins and removes through the item commands', async () => {
    const r = await freshRecent();
    provider = r.provider;
    const { recent } = r.api.services;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomer', INACTIVE_ID);

    await vscode.commands.executeCommand('rotor.recent.pin', JANE_DOE_ID);
    assert.equal(recent.get(JANE_DOE_ID)?.pinned, true);
    const groups = provider.getChildren();
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Pinned', 'Recent'],
    );
    const [pinned] = customers(provider.getChildren(groups[0]));
    assert.equal(pinned?.customerId, JANE_DOE_ID);
    assert.equal(pinned?.contextValue, 'rotor.customer.pinned');
    assert.equal(iconId(pinned!), 'pinned');

    // The item itself is what a context menu passes.
    await vscode.commands.executeCommand('rotor.recent.unpin', pinned);
    assert.equal(recent.get(JANE_DOE_ID)?.pinned, false);
    assert.equal(customers(provider.getChildren()).length, 2);

    await vscode.commands.executeCommand('rotor.recent.remove', INACTIVE_ID);
    assert.deepEqual(
      customers(provider.getChildren()).map((i) => i.customerId),
      [JANE_DOE_ID],
    );
    recent.clear();
    assert.deepEqual(provider.getChildren(), [], 'an empty list leaves the welcome content to the view');
  });

  it('tells the tree when the model changes', async () => {
    const r = await freshRecent();
    provider = r.provider;
    let fired = 0;
    const sub = provider.onDidChangeTreeData(() => fired++);
    try {
      await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
      await vscode.commands.executeCommand('rotor.recent.pin', JANE_DOE_ID);
      assert.ok(fired >= 2, `fired ${fired} times`);
    } finally {
      sub.dispose();
    }
  });

  it('opens an item from cache without sending a request', async () => {
    const r = await freshRecent();
    provider = r.provider;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    // Forget the shared cache too: the recent list alone must be enough.
    r.api.services.store.clear();
    const before = await requestCount();
    const [jane] = customers(provider.getChildren());
    assert.ok(jane?.command);
    await vscode.commands.executeCommand(jane.command.command, ...(jane.command.arguments ?? []));
    await vscode.commands.executeCommand('rotor.recent.open', jane);
    assert.equal(await requestCount(), before);
  });

  it('Refresh sends one request and updates the entry in place', async () => {
    const r = await freshRecent();
    provider = r.provider;
    const { recent } = r.api.services;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomer', INACTIVE_ID);
    const fetchedBefore = recent.get(JANE_DOE_ID)?.fetchedAt ?? 0;
    const before = await requestCount();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await vscode.commands.executeCommand('rotor.recent.refresh', JANE_DOE_ID);
    assert.equal(await requestCount(), before + 1);
    assert.ok((recent.get(JANE_DOE_ID)?.fetchedAt ?? 0) > fetchedBefore);
    assert.deepEqual(
      customers(provider.getChildren()).map((i) => i.customerId),
      [INACTIVE_ID, JANE_DOE_ID],
      'a refresh does not move the customer',
    );
  });

  it('Refresh All refreshes every customer (few enough to need no confirmation)', async () => {
    const r = await freshRecent();
    provider = r.provider;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomer', INACTIVE_ID);
    const before = await sandbox().stats();
    await vscode.commands.executeCommand('rotor.recent.refreshAll');
    const after = await sandbox().stats();
    assert.equal(after.total, before.total + 2);
    assert.equal((after.byCustomerId[JANE_DOE_ID] ?? 0) - (before.byCustomerId[JANE_DOE_ID] ?? 0), 1);
  });

  it('persists the list in globalState, readable by a new model', async () => {
    const r = await freshRecent();
    provider = r.provider;
    const { recent, context } = r.api.services;
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomer', INACTIVE_ID);
    recent.setPinned(INACTIVE_ID, true);
    const state = context.globalState.get<Array<{ data: { id: string }; pinned: boolean }>>(RECENT_STATE_KEY);
    assert.deepEqual(
      state?.map((e) => [e.data.id, e.pinned]),
      [
        [INACTIVE_ID, true],
        [JANE_DOE_ID, false],
      ],
    );
    const reopened = new RecentCustomers(context.globalState, () => 50);
    try {
      assert.deepEqual(reopened.list(), recent.list());
    } finally {
      reopened.dispose();
    }
  });
});
