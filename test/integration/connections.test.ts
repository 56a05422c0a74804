import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../src/main';
import { type Connection } from '../../src/connections/connections';
import { type RecentCustomerItem } from '../../src/recent/recentTreeItems';
import { SESSION_ENV, sessionEnv } from '../harness/sessionEnv';
import { JANE_DOE_ID, SECOND_ONLY_ID, seededUuid } from '../sandbox/demoData';
import { type LookUpAllResult } from '../../src/fileCustomers/customersInFileCommands';
import { SandboxControl } from '../sandbox/control';
import { waitFor } from '../fixtures/wait';
import { closeAllEditors, freshState, hoverTexts, openText, positionOf, sandbox } from './support';

/** The second sandbox: another company on another port, with its own key and customers. */
function second(): { url: string; key: string; control: SandboxControl } {
  return {
    url: sessionEnv(SESSION_ENV.secondSandboxUrl),
    key: sessionEnv(SESSION_ENV.secondTestKey),
    control: new SandboxControl(sessionEnv(SESSION_ENV.secondSandboxControl).replace(/\/$/, '')),
  };
}

/** Adds "Second" (pointed at the second sandbox, with its key) and makes it active. */
async function addSecond(api: RotorExtensionApi): Promise<Connection> {
  const { connections } = api.services;
  const connection = await connections.add({ id: 'second1', name: 'Second', baseUrl: second().url });
  await connection.apiKey.set(second().key);
  await connections.switchTo('second1');
  return connection;
}

interface UiAnswers {
  /** The label of the Quick Pick item to choose. */
  readonly pick?: string;
  /** The button to press on any message that offers it (else the message is dismissed). */
  readonly button?: string;
  /** showInputBox answers, first in first out; Escape when none is left. */
  readonly inputs?: string[];
}

/**
 * Answers Quick Picks, messages and input boxes as a user would (the test files share the
 * extension's `vscode` API object). Returns the undo and the messages seen (text and buttons).
 */
function answerUi(answers: UiAnswers): {
  restore: () => void;
  messages: { text: string; items: string[] }[];
  statusMessages: string[];
} {
  const window = vscode.window as unknown as Record<string, unknown>;
  const names = [
    'showQuickPick',
    'showInputBox',
    'showWarningMessage',
    'showErrorMessage',
    'showInformationMessage',
    'setStatusBarMessage',
  ];
  const saved = Object.fromEntries(names.map((n) => [n, window[n]]));
  const messages: { text: string; items: string[] }[] = [];
  const statusMessages: string[] = [];
  const setStatusBarMessage = vscode.window.setStatusBarMessage.bind(vscode.window);
  window.setStatusBarMessage = (text: string, timeout: number) => {
    statusMessages.push(text);
    return setStatusBarMessage(text, timeout);
  };
  const inputs = [...(answers.inputs ?? [])];
  window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) =>
    (await items).find((i) => i.label === answers.pick);
  window.showInputBox = () => Promise.resolve(inputs.shift());
  for (const name of ['showWarningMessage', 'showErrorMessage', 'showInformationMessage']) {
    window[name] = (text: string, ...rest: unknown[]) => {
      const items = rest.filter((item): item is string => typeof item === 'string');
      messages.push({ text, items });
      return Promise.resolve(items.find((item) => item === answers.button));
    };
  }
  return { restore: () => Object.assign(window, saved), messages, statusMessages };
}

function customerName(result: { kind: string; customer?: { firstName?: string } }): string | undefined {
  return result.kind === 'customer' ? result.customer?.firstName : undefined;
}

describe('connections: two Rotor accounts (two sandboxes)', () => {
  let api: RotorExtensionApi;

  beforeEach(async () => {
    api = await freshState();
    await second().control.reset();
  });

  afterEach(async () => {
    await vscode.workspace
      .getConfiguration('rotor')
      .update('connection', undefined, vscode.ConfigurationTarget.Workspace);
    for (const c of api.services.connections.all)
      if (c.record.id !== 'default') {
        api.services.recent.removeConnection(c.record.id);
        await api.services.connections.remove(c.record.id);
      }
    await api.services.connections.switchTo('default');
    await closeAllEditors();
  });

  it('migrates silently: with no registry the existing key is the Default connection', () => {
    const { connections } = api.services;
    assert.deepEqual(
      connections.all.map((c) => c.record),
      [{ id: 'default', name: 'Default' }],
    );
    assert.equal(connections.active.record.id, 'default');
    assert.equal(api.services.context.globalState.get('rotor.connections.v1'), undefined, 'nothing written');
  });

  it('a connection being added is live before the list names it (the Recent tree never meets a hole)', async () => {
    const { connections } = api.services;
    await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    // Without awaiting: the registry is saved meanwhile, and listeners read the list then.
    const adding = connections.add({ id: 'second1', name: 'Second', baseUrl: second().url });
    try {
      assert.ok(
        connections.all.every((c) => c !== undefined),
        'no connection listed without its services',
      );
      assert.doesNotThrow(() => api.recent.provider.getChildren());
    } finally {
      await adding;
    }
    assert.equal(connections.get('second1'), await adding);
    assert.deepEqual(
      connections.all.map((c) => c.record.id),
      ['default', 'second1'],
    );
  });

  it('switching changes who answers: the same UUID is another customer in the other company', async () => {
    const jane = await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    assert.equal(customerName(jane), 'Jane');
    const connection = await addSecond(api);
    assert.equal(api.services.connections.active, connection);
    const jim = await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    assert.equal(customerName(jim), 'Jim', 'the second company answers');
    assert.equal((await second().control.stats()).byRoute.customer, 1);
    assert.equal(customerName(await api.services.lookup.lookup(SECOND_ONLY_ID)), 'Sam');

    // Recent Customers holds both, each under its connection, and groups by connection.
    const keys = api.services.recent.list().map((e) => `${e.connectionId}/${e.customer.firstName ?? ''}`);
    assert.deepEqual(keys.sort(), ['default/Jane', 'second1/Jim']);
    const groups = api.recent.provider.getChildren();
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Default', 'Second'],
    );

    await api.services.connections.switchTo('default');
    const again = await api.services.lookup.lookup(JANE_DOE_ID);
    assert.equal(customerName(again), 'Jane');
    assert.ok(again.fromCache, "Default's cache survived the switch");
  });

  it('keeps caches and quota counts apart, and the status bar names the active connection', async () => {
    await api.services.lookup.lookup(JANE_DOE_ID);
    const defaultConnection = api.services.connections.active;
    const connection = await addSecond(api);
    assert.equal(connection.store.peek(JANE_DOE_ID), undefined, 'nothing of Default in the second cache');
    await api.services.lookup.lookup(JANE_DOE_ID);
    await api.services.lookup.lookup(SECOND_ONLY_ID);
    const defaultKey = (await defaultConnection.apiKey.get())!;
    assert.equal(defaultConnection.quota.snapshot(defaultKey).used, 1);
    assert.equal(connection.quota.snapshot(second().key).used, 2);
    await api.quotaStatus.update();
    assert.match(api.quotaStatus.text, /Rotor Second 2\/1000/);
    await api.services.connections.switchTo('default');
    await api.quotaStatus.update();
    assert.match(api.quotaStatus.text, /Rotor Default 1\/1000/);
  });

  it('the hover asks the active connection only', async function () {
    this.timeout(30_000);
    await addSecond(api);
    const document = await openText(`customer ${JANE_DOE_ID} failed\n`);
    const texts = await hoverTexts(document, positionOf(document, JANE_DOE_ID));
    assert.match(texts.join('\n'), /Jim Beam/);
    assert.doesNotMatch(texts.join('\n'), /Jane/);
    assert.equal((await sandbox().stats()).byRoute.customer, 0, 'no request to the other company');
  });

  it('a panel says which connection it shows, and panels of the same UUID in two companies are two', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await addSecond(api);
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await waitFor('the second panel to show Jim', () => /Jim Beam/.test(api.panels.htmlFor(JANE_DOE_ID) ?? ''));
    const html = api.panels.htmlFor(JANE_DOE_ID) ?? '';
    assert.match(html, /Connection: <strong>Second<\/strong>/);
    assert.doesNotMatch(html, /Jane/);
  });

  it("clicking a Recent row opens that row's connection's customer, not the active one's of the same UUID", async function () {
    this.timeout(30_000);
    await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    await addSecond(api);
    await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    assert.equal(api.services.connections.active.record.id, 'second1');
    const groups = api.recent.provider.getChildren();
    const defaultGroup = groups.find((g) => g.label === 'Default');
    assert.ok(defaultGroup);
    const [row] = api.recent.provider.getChildren(defaultGroup) as RecentCustomerItem[];
    assert.ok(row?.command);
    assert.equal(row.entry.customer.firstName, 'Jane');
    await vscode.commands.executeCommand(row.command.command, ...(row.command.arguments ?? []));
    await waitFor("Default's panel to show Jane", () =>
      /Jane Doe/.test(api.panels.htmlFor(JANE_DOE_ID, 'default') ?? ''),
    );
    assert.equal(api.panels.htmlFor(JANE_DOE_ID, 'second1'), undefined, "no panel of the active connection's Jim");
  });

  it("a workspace's rotor.connection picks a connection by name, and cannot add an address", async function () {
    this.timeout(30_000);
    await addSecond(api);
    await api.services.connections.switchTo('default');
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('rotor');
    await config().update('connection', 'second', vscode.ConfigurationTarget.Workspace);
    await waitFor('the workspace preference', () => api.services.connections.active.record.id === 'second1');
    assert.equal(customerName(await api.services.lookup.lookup(JANE_DOE_ID)), 'Jim');

    // A name that matches nothing, an address or a connection object: nothing is defined, the user's choice holds.
    const registry = JSON.stringify(api.services.connections.registry);
    for (const value of ['Nope', 'http://127.0.0.1:9/open-api']) {
      await config().update('connection', value, vscode.ConfigurationTarget.Workspace);
      await waitFor('the preference to change', () => api.services.connections.active.record.id === 'default');
    }
    assert.equal(JSON.stringify(api.services.connections.registry), registry);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    const raw = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ ...raw, 'rotor.connections': [{ name: 'Evil', baseUrl: 'http://127.0.0.1:9/' }] }),
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(JSON.stringify(api.services.connections.registry), registry, 'no connection from a workspace');
    assert.equal(api.services.connections.get('second1')?.record.baseUrl, second().url);
    fs.writeFileSync(settingsFile, JSON.stringify(raw));
  });

  it('removing a connection leaves no secret, state or recent entry behind', async () => {
    const connection = await addSecond(api);
    await api.services.lookup.lookup(JANE_DOE_ID, { remember: true });
    await connection.apiKey.rememberAuth(second().key, { authenticated: true, scopes: ['customers:read'] });
    const { context } = api.services;
    assert.equal(await context.secrets.get('rotor.apiKey.second1'), second().key);
    assert.ok(context.globalState.get('rotor.quota.v1.second1'));
    assert.ok(context.globalState.get('rotor.keyInfo.v1.second1'));

    api.services.recent.removeConnection('second1');
    await api.services.connections.remove('second1');
    assert.equal(await context.secrets.get('rotor.apiKey.second1'), undefined);
    const leftovers = context.globalState.keys().filter((k) => k.includes('second1'));
    assert.deepEqual(leftovers, []);
    assert.ok(!JSON.stringify(context.globalState.get('rotor.connections.v1')).includes('second1'));
    assert.ok(!api.services.recent.list().some((e) => e.connectionId === 'second1'));
    assert.equal(api.services.connections.active.record.id, 'default');
    assert.equal(await context.secrets.get('rotor.apiKey'), await api.services.apiKey.get(), 'Default untouched');
  });

  it('Remove Connection: a lookup answering while its data is deleted files nothing in Recent', async function () {
    this.timeout(30_000);
    const connection = await addSecond(api);
    await second().control.setFault({ kind: 'latency', ms: 400, route: 'customer' });
    // The secret store takes its time: the lookup below answers while Remove Connection waits for it.
    const clear = connection.apiKey.clear.bind(connection.apiKey);
    connection.apiKey.clear = async () => {
      await new Promise((r) => setTimeout(r, 1200));
      await clear();
    };
    const ui = answerUi({ pick: 'Second', button: 'Remove' });
    try {
      const lookup = connection.lookup.lookup(SECOND_ONLY_ID, { remember: true }).catch((e: unknown) => e);
      await waitFor('the lookup to be under way', () => connection.store.pending > 0);
      await vscode.commands.executeCommand('rotor.removeConnection');
      await lookup;
    } finally {
      ui.restore();
      await second().control.setFault(undefined);
    }
    assert.equal(api.services.connections.get('second1'), undefined, 'removed');
    assert.deepEqual(
      api.services.recent.list().filter((e) => e.connectionId === 'second1'),
      [],
      'no Recent entry of the removed connection',
    );
  });

  it("Add Connection with a rejected key offers no Set API Key (it would replace the active connection's key)", async function () {
    this.timeout(30_000);
    const defaultKey = await api.services.apiKey.get();
    assert.ok(defaultKey);
    // Name, address, a key the second company rejects; then, were Set API Key offered and
    // pressed, the key it would store for the active connection (Default).
    const ui = answerUi({ button: 'Set API Key', inputs: ['Second', second().url, 'rk_rejected_key', second().key] });
    try {
      await vscode.commands.executeCommand('rotor.addConnection');
    } finally {
      ui.restore();
    }
    const rejection = ui.messages.find((m) => /rejected|not accepted|invalid/i.test(m.text));
    assert.ok(rejection, `the rejection is shown: ${JSON.stringify(ui.messages)}`);
    assert.deepEqual(rejection.items, [], 'no next-step button on the rejection');
    assert.equal(await api.services.context.secrets.get('rotor.apiKey'), defaultKey, "Default's key untouched");
    assert.deepEqual(
      api.services.connections.all.map((c) => c.record.id),
      ['default'],
      'nothing of the refused connection stays',
    );
  });

  it("the status bar messages of Switch and Remove Connection show a name's $(…) as typed, not as an icon", async function () {
    this.timeout(30_000);
    const name = '$(alert) Evil';
    await api.services.connections.add({ id: 'second1', name, baseUrl: second().url });
    const ui = answerUi({ pick: '\\$(alert) Evil', button: 'Remove' });
    try {
      await vscode.commands.executeCommand('rotor.switchConnection');
      assert.equal(api.services.connections.active.record.id, 'second1');
      await vscode.commands.executeCommand('rotor.removeConnection');
    } finally {
      ui.restore();
    }
    assert.equal(api.services.connections.get('second1'), undefined);
    assert.deepEqual(ui.statusMessages, [
      '$(check) Rotor: using \\$(alert) Evil',
      '$(check) Rotor: removed \\$(alert) Evil',
    ]);
  });

  it("Find Customer: a search answering after a switch does not fill the other connection's result cache", async function () {
    this.timeout(30_000);
    const { connections } = api.services;
    const other = await connections.add({ id: 'second1', name: 'Second', baseUrl: second().url });
    await other.apiKey.set(second().key);
    await sandbox().reset();
    api.search.clearCache();
    const query = 'acme roof';
    await sandbox().setFault({ kind: 'latency', ms: 600, route: 'search' });
    const onDefault = api.search.createSession({ debounceMs: 0 });
    try {
      onDefault.setQuery(query);
      await waitFor('the search to reach Default', async () => (await sandbox().stats()).byRoute.search > 0);
      await connections.switchTo('second1');
      await onDefault.whenIdle();
      assert.equal(onDefault.state.kind, 'results', "Default's search still answers its picker");
    } finally {
      onDefault.dispose();
      await sandbox().setFault(undefined);
    }
    const onSecond = api.search.createSession({ debounceMs: 0 });
    try {
      onSecond.setQuery(query);
      await onSecond.whenIdle();
      assert.equal((await second().control.stats()).byRoute.search, 1, 'the second company was asked');
      const state = onSecond.state;
      assert.ok(state.kind === 'results' && state.source === 'server', `answered by Second: ${state.kind}`);
      assert.ok(!state.customers.some((c) => /Jane/.test(c.firstName ?? '')), "none of Default's customers");
    } finally {
      onSecond.dispose();
    }
  });

  it('Look Up All keeps asking the connection it started on when the user switches meanwhile', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => seededUuid(700 + i));
    const { connections } = api.services;
    const other = await connections.add({ id: 'second1', name: 'Second', baseUrl: second().url });
    await other.apiKey.set(second().key);
    await sandbox().reset();
    await openText(ids.join('\n'));
    await vscode.commands.executeCommand('rotor.showCustomersInFile');
    // 4 at a time, 300 ms each: the switch lands while the first four are under way.
    await sandbox().setFault({ kind: 'latency', ms: 300, route: 'customer' });
    try {
      const run = vscode.commands.executeCommand<LookUpAllResult | undefined>('rotor.lookUpAllCustomersInFile');
      await waitFor('the first lookups to reach Default', async () => (await sandbox().stats()).byRoute.customer > 0);
      await connections.switchTo('second1');
      const result = await run;
      assert.equal(result?.sent, ids.length);
    } finally {
      await sandbox().setFault(undefined);
    }
    assert.equal((await sandbox().stats()).byRoute.customer, ids.length, 'Default answered every ID');
    assert.equal((await second().control.stats()).byRoute.customer, 0, 'nothing went to the other company');
    assert.equal(other.quota.snapshot(second().key).used, 0, "the other connection's quota is untouched");
  });

  it('a change starts from the registry as stored: a connection another window added is kept, and one it removed goes', async () => {
    const { connections } = api.services;
    const state = api.services.context.globalState;
    // Another window adds "Other" (this window read the registry before that).
    await state.update('rotor.connections.v1', {
      connections: [
        { id: 'default', name: 'Default' },
        { id: 'other1', name: 'Other', baseUrl: second().url },
      ],
      activeId: 'default',
    });
    await connections.add({ id: 'second1', name: 'Second', baseUrl: second().url });
    const stored = state.get<{ connections: { id: string }[] }>('rotor.connections.v1');
    assert.deepEqual(
      stored?.connections.map((c) => c.id),
      ['default', 'other1', 'second1'],
      "this window's add kept the other window's connection",
    );
    assert.ok(connections.get('other1'), 'and made it live here');

    // Another window removes "Other": when this window gets focus it follows.
    await state.update('rotor.connections.v1', {
      connections: [
        { id: 'default', name: 'Default' },
        { id: 'second1', name: 'Second', baseUrl: second().url },
      ],
      activeId: 'default',
    });
    connections.refresh();
    assert.equal(connections.get('other1'), undefined);
    assert.deepEqual(
      connections.all.map((c) => c.record.id),
      ['default', 'second1'],
    );
  });
});
