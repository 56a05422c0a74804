import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { JANE_DOE_ID } from '../sandbox/demoData';
import { extensionApi, freshState, sandbox, testKey } from './support';

const COMMANDS = [
  'rotor.openCustomer',
  'rotor.setApiKey',
  'rotor.clearApiKey',
  'rotor.testConnection',
  'rotor.showLog',
  'rotor.copyCustomerId',
  'rotor.lookUpFromHover',
  'rotor.resumeRequests',
];

describe('API key and commands (real extension host)', () => {
  afterEach(() => sandbox().reset());

  it('registers every command it contributes once its features have loaded', async () => {
    // Reaching the services loads the features bundle (the shell stubs only palette commands).
    assert.ok((await extensionApi()).services);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of COMMANDS) assert.ok(registered.has(command), `${command} is not registered`);
  });

  it('stores, changes and clears the key in SecretStorage only', async () => {
    const api = await freshState();
    const { apiKey, context } = api.services;
    assert.equal(await apiKey.get(), testKey());
    await apiKey.set('  another-key  ');
    assert.equal(await apiKey.get(), 'another-key');
    assert.equal(await context.secrets.get('rotor.apiKey'), 'another-key');
    await apiKey.clear();
    assert.equal(await apiKey.get(), undefined);
    assert.equal(await context.secrets.get('rotor.apiKey'), undefined);
    const stateDump = JSON.stringify(context.globalState.keys().map((k) => [k, context.globalState.get(k)]));
    assert.ok(!stateDump.includes(testKey()) && !stateDump.includes('another-key'), 'no key in globalState');
    const settingsDump = JSON.stringify(vscode.workspace.getConfiguration('rotor'));
    assert.ok(!settingsDump.includes(testKey()), 'no key in settings');
  });

  it('picks up a key written to SecretStorage behind its back (another window)', async () => {
    const api = await freshState();
    await api.services.context.secrets.store('rotor.apiKey', 'from-another-window');
    for (let i = 0; i < 50 && (await api.services.apiKey.get()) !== 'from-another-window'; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(await api.services.apiKey.get(), 'from-another-window');
  });

  it('a changed key empties the cache so nothing of the old key is shown', async () => {
    const api = await freshState();
    await api.services.lookup.lookup(JANE_DOE_ID);
    assert.ok(api.services.store.peek(JANE_DOE_ID));
    await api.services.apiKey.set(testKey() + '-other');
    assert.equal(api.services.store.peek(JANE_DOE_ID), undefined);
  });

  it('tests the connection with /auth/test and remembers the company, not the key', async () => {
    const api = await freshState();
    const info = await api.services.client.testAuth();
    assert.equal(info.authenticated, true);
    assert.ok(info.scopes.includes('customers:read'));
    await api.services.apiKey.rememberAuth(testKey(), info);
    assert.deepEqual(api.services.apiKey.authInfo(testKey())?.scopes, info.scopes);
    assert.equal((await sandbox().stats()).byRoute.auth, 1);
  });

  it('sends the documented headers', async () => {
    const api = await freshState();
    await api.services.lookup.lookup(JANE_DOE_ID);
    const last = (await sandbox().stats()).lastRequest;
    assert.equal(last?.apiVersion, '1.1.0');
    assert.equal(last?.apiKey, 'demo');
  });
});

describe('API key change detection (real extension host)', () => {
  afterEach(() => sandbox().reset());

  it('storing the same key again keeps the cache; a different key empties it', async () => {
    const api = await freshState();
    await api.services.lookup.lookup(JANE_DOE_ID);
    let changes = 0;
    const sub = api.services.apiKey.onDidChange(() => changes++);
    try {
      await api.services.apiKey.set(testKey());
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(changes, 0);
      assert.ok(api.services.store.peek(JANE_DOE_ID), 'same key: cache kept');
      await api.services.apiKey.set(`${testKey()}-other`);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(changes, 1, 'one change event, not one per storage notification');
      assert.equal(api.services.store.peek(JANE_DOE_ID), undefined);
    } finally {
      sub.dispose();
    }
  });
});
