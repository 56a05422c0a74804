import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type SearchState } from '../../src/search/model/searchSession';
import { COMMANDS } from '../../src/common/model/commandIds';
import { JANE_DOE_ID } from '../sandbox/demoData';
import { extensionApi, freshState, sandbox, testKey } from './support';
import { waitFor } from '../fixtures/wait';

const TEXT = 'acme roof';
/** A session with a cache of its own (not the picker's shared one), so each test starts cold. */
const OWN_CACHE = { cache: undefined };

/** The designed bound: typing a word char by char costs one request when the first answer is complete. */
const REQUEST_BOUND = 1;

function resultsOf(state: SearchState): Extract<SearchState, { kind: 'results' }> {
  assert.equal(state.kind, 'results', `expected results, got ${JSON.stringify(state).slice(0, 300)}`);
  return state as Extract<SearchState, { kind: 'results' }>;
}

describe('Find Customer (real extension host)', () => {
  afterEach(async () => {
    await sandbox().reset();
  });

  it('contributes and registers rotor.findCustomer', async () => {
    await extensionApi();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMANDS.findCustomer));
  });

  it(`typing "${TEXT}" one character at a time, pausing after each, finds the Acme Roof customers with at most ${REQUEST_BOUND} search request`, async () => {
    const api = await freshState();
    const session = api.search.createSession(OWN_CACHE);
    try {
      // The worst case for a debounce: a pause longer than it after every character.
      for (let i = 1; i <= TEXT.length; i++) {
        session.setQuery(TEXT.slice(0, i));
        await session.whenIdle();
      }
      const sent = (await sandbox().stats()).byRoute.search;
      assert.ok(sent <= REQUEST_BOUND, `${sent} search requests reached the sandbox`);
      assert.equal(sent, 1);

      const shown = resultsOf(session.state);
      assert.equal(shown.query, TEXT);
      assert.equal(shown.hasMore, false);
      // The truth: what the sandbox itself answers for the whole query.
      const truth = await api.services.client.searchCustomers({ search: TEXT, limit: 1000 }, { priority: 'user' });
      assert.deepEqual(
        shown.customers.map((c) => c.id),
        truth.customers.map((c) => c.id),
      );
      assert.ok(shown.customers.length >= 3, 'the sandbox seeds several Acme Roof customers');
      assert.ok(shown.customers.some((c) => c.id === JANE_DOE_ID));
      for (const c of shown.customers) assert.match(c.companyName ?? '', /acme roof/i);
      // Every result is in the shared store, for hovers and inlay hints.
      for (const c of shown.customers) assert.equal(api.services.store.peek(c.id)?.kind, 'customer');
    } finally {
      session.dispose();
    }
  });

  it('typing fast sends one request for the whole query', async () => {
    const api = await freshState();
    const session = api.search.createSession(OWN_CACHE);
    try {
      for (let i = 1; i <= TEXT.length; i++) session.setQuery(TEXT.slice(0, i));
      await session.whenIdle();
      assert.equal((await sandbox().stats()).byRoute.search, 1);
      const shown = resultsOf(session.state);
      assert.equal(shown.source, 'server', 'the one request was for the whole query');
      assert.ok(shown.customers.length >= 3);
    } finally {
      session.dispose();
    }
  });

  it('the picker: choosing the first result records it in Recent Customers', async () => {
    const api = await freshState();
    api.services.recent.clear();
    await vscode.commands.executeCommand(COMMANDS.findCustomer, 'Acme  Roof');
    try {
      await waitFor('the search request', async () => (await sandbox().stats()).byRoute.search === 1);
      // The answer is rendered right after it arrives; give the picker a moment to show it.
      await waitFor('the results in the store', () => api.services.store.peek(JANE_DOE_ID)?.kind === 'customer');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor('a recent customer', () => api.services.recent.list().length > 0);
      const [top] = api.services.recent.list();
      assert.match(top!.customer.companyName ?? '', /acme roof/i);
      assert.equal((await sandbox().stats()).byRoute.search, 1);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('keeps the quota reserve while typing; "Search anyway" goes through', async () => {
    const api = await freshState();
    const { dailyLimit, hoverReserve } = api.services.settings.quota;
    for (let i = 0; i < dailyLimit - hoverReserve + 1; i++) api.services.quota.record(testKey(), 200);
    const session = api.search.createSession(OWN_CACHE);
    try {
      session.setQuery(TEXT);
      await session.whenIdle();
      assert.equal(session.state.kind, 'failed');
      assert.equal((session.state as Extract<SearchState, { kind: 'failed' }>).error.code, 'QuotaReserve');
      assert.equal((await sandbox().stats()).total, 0);
      session.retry();
      await session.whenIdle();
      assert.ok(resultsOf(session.state).customers.length >= 3);
      assert.equal((await sandbox().stats()).byRoute.search, 1);
    } finally {
      session.dispose();
    }
  });
});
