import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../src/main';
import { type CustomerPanels } from '../../src/panel/customerPanels';
import { HOSTILE_ID, hostileCustomers, JANE_DOE_ID, NON_CUSTOMER_ID } from '../sandbox/demoData';
import { freshState, sandbox, testKey } from './support';
import { waitFor } from '../fixtures/wait';

/*
 * The customer panel in a real extension host: opened through the real command, against the
 * sandbox, and read back through the panel manager's test getters (htmlFor, viewKindFor,
 * isReady) and the workbench's tab model.
 */

function panelManager(api: RotorExtensionApi): CustomerPanels {
  const panels = (api as RotorExtensionApi & { readonly panels?: CustomerPanels }).panels;
  if (!panels)
    throw new Error(
      'activate() does not return { panels }: add the CustomerPanels to RotorExtensionApi in src/main.ts',
    );
  return panels;
}

function customerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('rotor.customer'));
}

/** The tab model follows the main thread asynchronously: wait until it lists `count` customer tabs. */
function customerTabsSettled(count: number): Promise<vscode.Tab[]> {
  return waitFor(`${count} customer panel tab(s)`, () => {
    const tabs = customerTabs();
    return tabs.length === count && tabs;
  });
}

async function customerRequests(): Promise<number> {
  return (await sandbox().stats()).byRoute.customer;
}

describe('Customer panel (real extension host)', () => {
  afterEach(async () => {
    await vscode.window.tabGroups.close(customerTabs());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox().reset();
  });

  it('opens Jane Doe in a panel titled with her name, her fields escaped, no API key in the page', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);

    const tabs = await customerTabsSettled(1);
    await waitFor('the tab title', () => tabs[0]!.label === 'Jane Doe' || customerTabs()[0]?.label === 'Jane Doe');
    assert.equal(panels.viewKindFor(JANE_DOE_ID), 'customer');

    const html = panels.htmlFor(JANE_DOE_ID) ?? '';
    assert.match(html, /<h1>Jane Doe<\/h1>/);
    assert.match(html, /Acme Roofing/);
    assert.match(html, /href="mailto:jane\.doe@acmeroofing\.example"/);
    assert.match(html, /href="tel:\+13035550142"/);
    assert.match(html, /Suite 300/);
    assert.match(html, /39\.7478, -104\.9949/);
    assert.match(html, /Prefers morning appointments\.\nLadder access from the north side\./);
    assert.match(html, /<li class="chip">roof-repair<\/li>/);
    assert.match(html, /Content-Security-Policy/);
    assert.ok(!html.includes(testKey()), 'the API key is in the page');
    assert.equal((html.match(/<script/g) ?? []).length, 1);

    // The page script loaded under the CSP and said hello.
    await waitFor('the page script to say ready', () => panels.isReady(JANE_DOE_ID));
  });

  it('reveals the open panel instead of opening a second one', async () => {
    const api = await freshState();
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    const before = await customerRequests();
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID.toUpperCase());
    await new Promise((resolve) => setTimeout(resolve, 200));
    await customerTabsSettled(1);
    assert.equal(await customerRequests(), before, 'served from cache');
    assert.equal(panelManager(api).viewKindFor(JANE_DOE_ID), 'customer');
  });

  it('shows a not-found panel for a UUID that is not a customer', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await vscode.commands.executeCommand('rotor.openCustomer', NON_CUSTOMER_ID);
    assert.equal(panels.viewKindFor(NON_CUSTOMER_ID), 'notFound');
    const html = panels.htmlFor(NON_CUSTOMER_ID) ?? '';
    assert.match(html, /Customer not found/);
    assert.match(html, /data-action="refresh"/);
    await customerTabsSettled(1);
    await waitFor(
      'the not-found tab title',
      () => customerTabs()[0]?.label === `Customer ${NON_CUSTOMER_ID.slice(0, 8)}`,
    );
  });

  it('shows the missing key with a Set API Key button, then loads by itself once a key is set', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await api.services.apiKey.clear();
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    assert.equal(panels.viewKindFor(JANE_DOE_ID), 'error');
    assert.match(panels.htmlFor(JANE_DOE_ID) ?? '', /data-action="command" data-command="setApiKey"/);

    await api.services.apiKey.set(testKey());
    await waitFor('the panel to load after the key was set', () => panels.viewKindFor(JANE_DOE_ID) === 'customer');
    await waitFor('the tab title to become her name', () => customerTabs()[0]?.label === 'Jane Doe');
  });

  it('keeps the last known data under a warning when a refresh fails', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await sandbox().setFault({ kind: 'status', status: 503, route: 'customer' });
    await vscode.commands.executeCommand('rotor.refreshCustomer', JANE_DOE_ID);
    const html = panels.htmlFor(JANE_DOE_ID) ?? '';
    assert.match(html, /class="banner banner-warning" role="alert"/);
    assert.match(html, /showing the last known data/);
    assert.match(html, /<h1>Jane Doe<\/h1>/);
  });

  it('follows a refresh made elsewhere (shared store)', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    const stamp = (html: string | undefined) => (html ?? '').match(/data-ts="(\d+)"/)?.[1];
    const before = stamp(panels.htmlFor(JANE_DOE_ID));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.services.lookup.lookup(JANE_DOE_ID, { refresh: true });
    await waitFor('the panel to show the newer fetch', () => stamp(panels.htmlFor(JANE_DOE_ID)) !== before);
  });

  it('shows a hostile customer as text', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await sandbox().addCustomers(hostileCustomers());
    await vscode.commands.executeCommand('rotor.openCustomer', HOSTILE_ID);
    const html = panels.htmlFor(HOSTILE_ID) ?? '';
    assert.equal(panels.viewKindFor(HOSTILE_ID), 'customer');
    assert.equal((html.match(/<script/gi) ?? []).length, 1);
    assert.doesNotMatch(html, /<img/i);
    // Links only to mailto:/tel:.
    assert.doesNotMatch(html, /<a [^>]*href="(?!mailto:|tel:)/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(html, /[\u0000\u202a-\u202e\u2066-\u2069]/);
    assert.match(html, /&lt;script&gt;alert\(&quot;rotor&quot;\)&lt;\/script&gt;/);
  });

  it('opens the record as JSON in an untitled editor', async () => {
    await freshState();
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomerJson', JANE_DOE_ID);
    const editor = await waitFor('a JSON editor', () =>
      vscode.window.activeTextEditor?.document.languageId === 'json' ? vscode.window.activeTextEditor : undefined,
    );
    const record = JSON.parse(editor.document.getText()) as Record<string, unknown>;
    assert.equal(record.id, JANE_DOE_ID);
    assert.equal(record.first_name, 'Jane');
    assert.equal(editor.document.isUntitled, true);
  });
});

describe('Customer panel restore (real extension host)', () => {
  afterEach(async () => {
    await vscode.window.tabGroups.close(customerTabs());
    await sandbox().reset();
  });

  // What the panel serializer does after a window reload, on a real webview panel: the saved
  // state holds only the ID, and the customer shows from data kept on this machine.
  it('takes over a restored panel from its ID alone, without a request', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    api.services.store.clear(); // as after a reload: only the recent list survives
    const before = await customerRequests();
    const restored = vscode.window.createWebviewPanel('rotor.customer', 'restoring', vscode.ViewColumn.Active, {});
    panels.restore(restored, { id: JANE_DOE_ID.toUpperCase() });
    assert.equal(panels.viewKindFor(JANE_DOE_ID), 'customer');
    assert.match(panels.htmlFor(JANE_DOE_ID) ?? '', /Jane Doe/);
    await waitFor('the restored tab title', () => customerTabs().some((t) => t.label === 'Jane Doe'));
    assert.equal(await customerRequests(), before, 'no request for a customer known on this machine');
  });

  it('disposes a restored panel whose state is not a customer ID', async () => {
    const api = await freshState();
    const panels = panelManager(api);
    let disposed = false;
    const restored = vscode.window.createWebviewPanel('rotor.customer', 'restoring', vscode.ViewColumn.Active, {});
    restored.onDidDispose(() => (disposed = true));
    panels.restore(restored, { id: '../auth/test', name: 'Jane' });
    assert.equal(disposed, true);
    assert.equal((await sandbox().stats()).total, 0);
  });
});
