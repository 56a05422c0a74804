import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../../src/main';
import { INACTIVE_ID, JANE_DOE_ID } from '../../sandbox/demoData';
import { SANDBOX_KEYS, type SandboxFault, type SandboxRoute } from '../../sandbox/server';
import { freshState, hoverTexts, openText, positionOf, sandbox, testKey } from '../support';
import { type FaultCell, figures, useHardening, userTexts } from './figures';
import {
  closeCustomerPanels,
  extensionActive,
  findRows,
  SELF_CHECK,
  hostFailures,
  hoverLinks,
  markdownText,
  panelAlerts,
  plainText,
  ui,
} from './observe';
import { waitFor } from '../../fixtures/wait';

/*
 * Faults x entry points, in the real extension host against the sandbox. Every cell: the
 * extension stays active, no unhandled rejection comes from our code, the user sees exactly one
 * message that says what happened and what to do, nothing persisted is lost (recent list, the
 * cached customer, today's quota count), and once the fault is cleared the same entry point
 * works again.
 *
 * Which cells share a path: every fault is classified by the one client (RotorClient.get and
 * the undici transport), whatever the route. Hover and Open Customer run every fault on the
 * customer route, so each classification is proven there. Panel Refresh, Refresh All, Find
 * Customer and Test Connection present an error by its code only (presentError, summarizeRefresh,
 * errorRows, showRotorError), so they run one fault per code; the others are listed as shared.
 */

const TARGET = INACTIVE_ID;
const TARGET_NAME = /Walter Finch/;
const TIMEOUT_SECONDS = 1;
/** Retries for network errors and 502/503/504 (RotorClient's default maxRetries is 2). */
const RETRIED = 3;

const TRANSIENT_NEXT = /try again|retry|show log|check your connection/i;
/** What a user must never see in a message: stack frames, JS type names, placeholders. */
const GARBAGE = /\bat \S+:\d+:\d+|\[object |\bundefined\b|TypeError|ReferenceError|\bnull\b/;

interface FaultCase {
  readonly name: string;
  /** The RotorErrorCode the user is told about. */
  readonly code: string;
  /** The message says what happened. */
  readonly happened: RegExp;
  /** The message or its buttons/links say what to do. */
  readonly nextStep: RegExp;
  /** Requests one lookup may send under this fault. */
  readonly attempts: number;
  /** Represents its code for the entry points that only present errors by code. */
  readonly representative?: boolean;
  /** Switches to another key: the cache is emptied by design (apiKey.onDidChange). */
  readonly changesKey?: boolean;
  /** Clearing it is a new UTC day: today's count starts again by design. */
  readonly newDay?: boolean;
  apply(route: SandboxRoute, api: RotorExtensionApi): Promise<void>;
  clear(api: RotorExtensionApi): Promise<void>;
}

function sandboxFault(
  name: string,
  code: string,
  happened: RegExp,
  fault: SandboxFault,
  options: { attempts?: number; representative?: boolean } = {},
): FaultCase {
  return {
    name,
    code,
    happened,
    nextStep: TRANSIENT_NEXT,
    attempts: options.attempts ?? 1,
    ...(options.representative ? { representative: true } : {}),
    apply: (route) => sandbox().setFault({ ...fault, route }),
    clear: () => sandbox().setFault(undefined),
  };
}

const FAULTS: readonly FaultCase[] = [
  sandboxFault(
    'latency > timeout',
    'Timeout',
    /did not answer in time/,
    { kind: 'latency', ms: TIMEOUT_SECONDS * 1000 + 600 },
    { representative: true },
  ),
  sandboxFault('hang', 'Timeout', /did not answer in time/, { kind: 'hang' }),
  sandboxFault('body stalls', 'Timeout', /did not answer in time \(body/, { kind: 'stallBody' }),
  sandboxFault(
    'reset',
    'Network',
    /could not (be )?reach(ed)? Rotor/i,
    { kind: 'reset' },
    { attempts: RETRIED, representative: true },
  ),
  sandboxFault('500', 'ServerError', /server error \(500\)/, { kind: 'status', status: 500 }),
  sandboxFault('502', 'ServerError', /server error \(502\)/, { kind: 'status', status: 502 }, { attempts: RETRIED }),
  sandboxFault(
    '503',
    'ServerError',
    /server error \(503\)/,
    { kind: 'status', status: 503 },
    { attempts: RETRIED, representative: true },
  ),
  sandboxFault('504', 'ServerError', /server error \(504\)/, { kind: 'status', status: 504 }, { attempts: RETRIED }),
  sandboxFault(
    'malformed JSON',
    'BadResponse',
    /cannot read|unreadable/i,
    { kind: 'malformedJson' },
    { representative: true },
  ),
  sandboxFault('truncated body', 'BadResponse', /cut short/, { kind: 'truncated' }),
  sandboxFault('oversized body', 'BadResponse', /larger than/, { kind: 'oversized' }),
  sandboxFault('oversized, chunked', 'BadResponse', /larger than/, { kind: 'oversized', chunked: true }),
  sandboxFault('wrong content type', 'BadResponse', /expected JSON, got text\/html/, {
    kind: 'contentType',
    value: 'text/html; charset=utf-8',
  }),
  {
    name: '401 (key revoked mid-session)',
    code: 'AuthenticationRequired',
    happened: /rejected the API key \(401\)/,
    nextStep: /set api key/i,
    attempts: 1,
    representative: true,
    apply: () => sandbox().revokeKey(testKey()),
    // The sandbox forgets revocations only on reset (stats and quota too; both were read by then).
    clear: () => sandbox().reset(),
  },
  {
    name: '403 (no customers:read)',
    code: 'InsufficientScope',
    happened: /may not read customers \(403\)|cannot read customers/,
    nextStep: /ask your rotor admin|set api key|test connection/i,
    attempts: 1,
    representative: true,
    changesKey: true,
    apply: async (_route, api) => api.services.apiKey.set(SANDBOX_KEYS.noCustomerScope),
    clear: async (api) => api.services.apiKey.set(testKey()),
  },
  {
    name: '429 (daily quota used)',
    code: 'QuotaExhausted',
    happened: /quota .*used up/,
    nextStep: /resets at|paused until|try anyway|look up/i,
    attempts: 1,
    representative: true,
    newDay: true,
    apply: () => sandbox().setQuotaUsed(testKey(), 1000),
    clear: async (api) => {
      await sandbox().setQuotaUsed(testKey(), 0);
      // A new UTC day: the tracker forgets today's counts (it is the authority, not globalState).
      api.services.quota.reset();
    },
  },
];

/** What one entry point showed the user. */
interface Seen {
  /** Each separate message (hover, banner, notification, message row). */
  readonly messages: readonly string[];
  /** Buttons, links and action rows offered with them. */
  readonly actions: readonly string[];
}

interface EntryPoint {
  readonly name: string;
  readonly route: SandboxRoute;
  /** Runs every fault; otherwise one per error code. */
  readonly everyFault: boolean;
  prepare(api: RotorExtensionApi): Promise<void>;
  /** How many lookups one trigger makes (bounds the requests). */
  lookups(api: RotorExtensionApi): number;
  trigger(api: RotorExtensionApi): Promise<Seen>;
  /** The code the user is told about under `fault` (Test Connection answers 403 keys with a warning). */
  expectedCode?(fault: FaultCase): string;
  /** Runs the entry point again once the fault is gone and asserts it worked. */
  recover(api: RotorExtensionApi): Promise<void>;
}

let document: vscode.TextDocument;

/** Companies of the demo data, none a part of another (a cached answer would refine locally). */
const FIND_QUERIES = [
  'acme roof',
  'blue sky',
  'green valley',
  'summit',
  'clearwater',
  'bright spark',
  'evergreen',
  'northside',
  'sparkle',
  'lone star',
  'precision',
  'heritage',
  'cozy home',
  'rapid rooter',
];
let findCells = 0;
let findQuery = FIND_QUERIES[0]!;

async function seed(api: RotorExtensionApi): Promise<void> {
  // Jane is the witness: cached, on the recent list, counted in today's quota.
  await api.services.lookup.lookup(JANE_DOE_ID, { priority: 'user', remember: true });
}

const ENTRY_POINTS: readonly EntryPoint[] = [
  {
    name: 'hover',
    route: 'customer',
    everyFault: true,
    prepare: seed,
    lookups: () => 1,
    async trigger() {
      const texts = await hoverTexts(document, positionOf(document, TARGET));
      const links = hoverLinks(texts.join('\n'));
      for (const link of links) assert.match(link.target, /^command:rotor\./, `a hover links to ${link.target}`);
      return { messages: texts.map(markdownText), actions: links.map((l) => l.label) };
    },
    async recover() {
      assert.match((await hoverTexts(document, positionOf(document, TARGET))).join('\n'), TARGET_NAME);
    },
  },
  {
    name: 'Open Customer',
    route: 'customer',
    everyFault: true,
    prepare: seed,
    lookups: () => 1,
    async trigger(api) {
      await vscode.commands.executeCommand('rotor.openCustomer', TARGET);
      assert.equal(api.panels.viewKindFor(TARGET), 'error');
      const alerts = panelAlerts(api.panels.htmlFor(TARGET) ?? '');
      return {
        messages: [...alerts.map((a) => a.text), ...ui.messages.map((m) => m.text)],
        actions: alerts.flatMap((a) => a.actions),
      };
    },
    async recover(api) {
      await vscode.commands.executeCommand('rotor.openCustomer', TARGET);
      assert.equal(api.panels.viewKindFor(TARGET), 'customer');
      const html = api.panels.htmlFor(TARGET) ?? '';
      assert.match(html, TARGET_NAME);
      assert.deepEqual(panelAlerts(html), []);
    },
  },
  {
    name: 'panel Refresh',
    route: 'customer',
    everyFault: false,
    async prepare(api) {
      await seed(api);
      await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
      assert.equal(api.panels.viewKindFor(JANE_DOE_ID), 'customer');
    },
    lookups: () => 1,
    async trigger(api) {
      await vscode.commands.executeCommand('rotor.refreshCustomer', JANE_DOE_ID);
      // The last known data stays on screen under the warning.
      assert.equal(api.panels.viewKindFor(JANE_DOE_ID), 'customer');
      const html = api.panels.htmlFor(JANE_DOE_ID) ?? '';
      assert.match(html, /<h1>Jane Doe<\/h1>/);
      const alerts = panelAlerts(html);
      for (const alert of alerts) assert.match(alert.text, /showing the last known data/);
      return {
        messages: [...alerts.map((a) => a.text), ...ui.messages.map((m) => m.text)],
        actions: alerts.flatMap((a) => a.actions),
      };
    },
    async recover(api) {
      await vscode.commands.executeCommand('rotor.refreshCustomer', JANE_DOE_ID);
      const html = api.panels.htmlFor(JANE_DOE_ID) ?? '';
      assert.match(html, /<h1>Jane Doe<\/h1>/);
      assert.deepEqual(panelAlerts(html), []);
    },
  },
  {
    name: 'Refresh All',
    route: 'customer',
    everyFault: false,
    prepare: seed,
    lookups: (api) => api.services.recent.list().length,
    async trigger() {
      await vscode.commands.executeCommand('rotor.recent.refreshAll');
      return { messages: ui.messages.map((m) => m.text), actions: ui.messages.flatMap((m) => m.items) };
    },
    async recover(api) {
      ui.clear();
      await vscode.commands.executeCommand('rotor.recent.refreshAll');
      assert.deepEqual(
        ui.messages.map((m) => m.text),
        [],
      );
      assert.match(
        ui.statusMessages.join('\n'),
        new RegExp(`Refreshed ${api.services.recent.list().length} recent customers`),
      );
    },
  },
  {
    name: 'Find Customer',
    route: 'search',
    everyFault: false,
    async prepare(api) {
      await seed(api);
      // Answers stay cached per query (and refine locally): each cell searches something new.
      findQuery = FIND_QUERIES[findCells++ % FIND_QUERIES.length]!;
    },
    lookups: () => 1,
    async trigger() {
      const rows = await findRows(findQuery);
      assert.ok(!rows.some((r) => r.customer), 'no customer rows during the fault');
      const messages = rows.filter((r) => !r.run).map((r) => `${r.label} ${r.detail ?? ''}`.trim());
      return {
        messages: [...messages, ...ui.messages.map((m) => m.text)],
        actions: rows.filter((r) => r.run).map((r) => r.label),
      };
    },
    async recover() {
      const rows = await findRows(findQuery);
      assert.ok(
        rows.some((r) => r.customer),
        `rows after the fault: ${JSON.stringify(rows.map((r) => r.label))}`,
      );
    },
  },
  {
    name: 'Test Connection',
    route: 'auth',
    everyFault: false,
    prepare: seed,
    lookups: () => 1,
    expectedCode: (fault) => (fault.code === 'InsufficientScope' ? '-' : fault.code),
    async trigger() {
      await vscode.commands.executeCommand('rotor.testConnection');
      return { messages: ui.messages.map((m) => m.text), actions: ui.messages.flatMap((m) => m.items) };
    },
    async recover() {
      ui.clear();
      await vscode.commands.executeCommand('rotor.testConnection');
      assert.deepEqual(
        ui.messages.map((m) => [m.level, m.text.replace(/ Scopes:.*/, '')]),
        [['information', 'Rotor key works for company c0ffee00-0000-4000-8000-00000000c0de.']],
      );
    },
  },
];

interface Persisted {
  readonly recent: readonly { id: string; pinned: boolean; fetchedAt: number; name: string }[];
  readonly stored: readonly string[];
  readonly cached?: { kind: string; fetchedAt: number };
  readonly quotaUsed: number;
}

function persisted(api: RotorExtensionApi): Persisted {
  const { recent, store, quota, context } = api.services;
  const stored = context.globalState.get<{ data: { id: string } }[]>('rotor.recentCustomers.v1') ?? [];
  const cached = store.peek(JANE_DOE_ID);
  return {
    recent: recent.list().map((e) => ({
      id: e.customer.id,
      pinned: e.pinned,
      fetchedAt: e.fetchedAt,
      name: `${e.customer.firstName ?? ''} ${e.customer.lastName ?? ''}`,
    })),
    stored: stored.map((e) => e.data.id),
    ...(cached ? { cached: { kind: cached.kind, fetchedAt: cached.fetchedAt } } : {}),
    quotaUsed: quota.snapshot(testKey()).used,
  };
}

function assertNothingLost(
  before: Persisted,
  after: Persisted,
  checks: { cache: boolean; quota: boolean },
  when: string,
): void {
  for (const entry of before.recent) {
    const now = after.recent.find((e) => e.id === entry.id);
    assert.ok(now, `${when}: ${entry.name} fell off the recent list`);
    assert.equal(now.pinned, entry.pinned, `${when}: ${entry.name} changed its pin`);
    assert.equal(now.name, entry.name, `${when}: ${entry.name}'s data was replaced`);
    assert.ok(now.fetchedAt >= entry.fetchedAt, `${when}: ${entry.name}'s data went back in time`);
    assert.ok(after.stored.includes(entry.id), `${when}: ${entry.name} is no longer in globalState`);
  }
  if (checks.cache) {
    assert.ok(after.cached, `${when}: the cached customer was dropped from the cache`);
    assert.equal(after.cached.kind, before.cached?.kind);
    assert.ok(after.cached.fetchedAt >= (before.cached?.fetchedAt ?? 0), `${when}: the cache entry went back in time`);
  }
  if (checks.quota)
    assert.ok(
      after.quotaUsed >= before.quotaUsed,
      `${when}: today's quota count went down from ${before.quotaUsed} to ${after.quotaUsed}`,
    );
}

async function runCell(entry: EntryPoint, fault: FaultCase): Promise<void> {
  const api = await freshState();
  await closeCustomerPanels();
  ui.clear();
  await entry.prepare(api);
  ui.clear();
  const before = persisted(api);
  const rejectionsBefore = hostFailures.seen.length;
  const statsBefore = await sandbox().stats();
  const lookups = entry.lookups(api);

  await fault.apply(entry.route, api);
  const started = Date.now();
  const seen = await entry.trigger(api);
  const ms = Date.now() - started;
  const requests = (await sandbox().stats()).total - statsBefore.total;
  userTexts.push(...seen.messages, ...seen.actions);

  assert.ok(extensionActive(), 'the extension is no longer active');
  assert.equal(
    seen.messages.length,
    1,
    `expected one message, the user saw ${seen.messages.length}: ${JSON.stringify(seen.messages)}`,
  );
  const message = seen.messages[0]!;
  assert.match(message, fault.happened, 'the message does not say what happened');
  assert.match(
    [message, ...seen.actions].join(' | '),
    fault.nextStep,
    `no next step in ${JSON.stringify(message)} or its actions ${JSON.stringify(seen.actions)}`,
  );
  assert.doesNotMatch(message, GARBAGE);
  assert.ok(
    !message.includes(testKey()) && !message.includes(SANDBOX_KEYS.noCustomerScope),
    'the message shows the API key',
  );
  assert.ok(requests >= 1, 'the fault was never reached: nothing was sent');
  assert.ok(
    requests <= fault.attempts * lookups,
    `${requests} requests for ${lookups} lookup(s); at most ${fault.attempts} each`,
  );
  const after = persisted(api);
  assertNothingLost(before, after, { cache: !fault.changesKey, quota: true }, 'during the fault');
  if (!fault.newDay && !fault.changesKey)
    assert.ok(
      after.quotaUsed - before.quotaUsed <= requests,
      `counted ${after.quotaUsed - before.quotaUsed} requests, sent ${requests}`,
    );

  await fault.clear(api);
  await entry.recover(api);
  assertNothingLost(
    before,
    persisted(api),
    { cache: !fault.changesKey, quota: !fault.newDay },
    'after the fault cleared',
  );

  await hostFailures.settle();
  assert.deepEqual(
    hostFailures.ours(rejectionsBefore).map((r) => r.text.split('\n')[0]),
    [],
    'unhandled rejections from the extension',
  );
  assert.ok(extensionActive());
  const cell: FaultCell = {
    entryPoint: entry.name,
    fault: fault.name,
    code: entry.expectedCode?.(fault) ?? fault.code,
    requests,
    ms,
    message: plainText(message).slice(0, 200),
  };
  figures.faultCells.push(cell);
  figures.requestsSent += requests;
}

describe('Hardening: faults x entry points (real extension host)', function () {
  useHardening({ ui: true });

  before(async function () {
    this.timeout(30_000);
    const api = await freshState();
    // A known recent list: Refresh All refreshes all of it, and cells compare it before and after.
    api.services.recent.clear();
    await vscode.workspace
      .getConfiguration('rotor')
      .update('requestTimeoutSeconds', TIMEOUT_SECONDS, vscode.ConfigurationTarget.Global);
    await waitFor('the short request timeout', () => api.services.settings.requestTimeoutSeconds === TIMEOUT_SECONDS);
    document = await openText(`2026-11-26 WARN retry customer=${TARGET}\n`);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('rotor')
      .update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await closeCustomerPanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox().reset();
  });

  it('the rejection watch sees an unhandled rejection (self-check)', async () => {
    const before = hostFailures.seen.length;
    void Promise.reject(new Error(SELF_CHECK));
    await waitFor('the watch to see it', () => hostFailures.seen.length > before, 2000);
    assert.match(hostFailures.seen[before]!.text, /self-check/);
    assert.equal(hostFailures.seen[before]!.ours, false, 'a test file is not the extension');
  });

  for (const entry of ENTRY_POINTS) {
    for (const fault of FAULTS) {
      if (entry.everyFault || fault.representative) {
        it(`${entry.name} x ${fault.name}`, async function () {
          this.timeout(20_000);
          await runCell(entry, fault);
        });
      } else {
        const representative = FAULTS.find((f) => f.representative && f.code === fault.code)!;
        figures.sharedCells.push({
          entryPoint: entry.name,
          fault: fault.name,
          coveredBy: `${entry.name} x ${representative.name} (same ${fault.code} presentation) and hover / Open Customer x ${fault.name} (same client classification)`,
        });
      }
    }
  }
});
