import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { type RequestLogEntry, type RotorClient } from '../../../src/api/rotorClient';
import { JANE_DOE_ID, NON_CUSTOMER_ID } from '../../sandbox/demoData';
import { type SandboxFault } from '../../sandbox/server';
import { closedPort } from '../helpers/testProxy';
import { type ClientSetup, rejection, useSandbox } from '../helpers/sandboxHarness';

/**
 * The API key must never end up in an error (message, stack, JSON, inspect, cause) nor in a
 * request-log entry, whatever goes wrong.
 */
describe('the API key never leaks', () => {
  const h = useSandbox();
  const UNKNOWN_KEY = 'rotor_live_SECRET_9f8e7d6c5b4a';

  function assertNoKey(value: unknown, key: string, what: string): void {
    const views = [String(value), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? ''];
    if (value instanceof Error) views.push(value.message, value.stack ?? '', inspect(value.cause, { depth: 10 }));
    for (const view of views) {
      assert.ok(!view.includes(key), `${what}: the key appears in ${view.slice(0, 200)}`);
      // Nor a recognizable part of it.
      assert.ok(!view.includes(key.slice(-12)), `${what}: part of the key appears`);
    }
  }

  async function check(
    what: string,
    setup: ClientSetup,
    call: (c: RotorClient) => Promise<unknown>,
    fault?: SandboxFault,
  ): Promise<void> {
    if (fault) h.sandbox.setFault(fault);
    const { client, log } = h.client(setup);
    const e = await rejection(call(client));
    const key = setup.apiKey ?? h.sandbox.keys.demo;
    for (const secret of key.startsWith(UNKNOWN_KEY) ? [key, UNKNOWN_KEY] : [key]) {
      assertNoKey(e, secret, what);
      for (const entry of log) assertNoKey(entry, secret, `${what} (log)`);
    }
    h.sandbox.clearFaults();
  }

  it('in errors for every documented status', async () => {
    await check('401', { apiKey: UNKNOWN_KEY }, (c) => c.getCustomer(JANE_DOE_ID));
    await check('403', { apiKey: h.sandbox.keys.noCustomerScope }, (c) => c.searchCustomers({ search: 'a' }));
    await check('404', {}, (c) => c.getCustomer(NON_CUSTOMER_ID));
    await check('500', {}, (c) => c.getCustomer(JANE_DOE_ID), { kind: 'status', status: 500 });
    await check('503', {}, (c) => c.getCustomer(JANE_DOE_ID), { kind: 'status', status: 503 });
    h.sandbox.setQuotaUsed(h.sandbox.keys.demo, 5000);
    await check('429', {}, (c) => c.testAuth());
  });

  it('in errors for every fault', async () => {
    const faults: SandboxFault[] = [
      // (Timeouts are checked in faults.test.ts, where they are provoked anyway: undici's timers are slow.)
      { kind: 'reset' },
      { kind: 'status', status: 502 },
      { kind: 'malformedJson' },
      { kind: 'truncated' },
      { kind: 'oversized' },
      { kind: 'contentType', value: 'text/html' },
    ];
    for (const fault of faults) await check(fault.kind, {}, (c) => c.getCustomer(JANE_DOE_ID), fault);
  });

  it('in errors raised before or without a response', async () => {
    await check('invalid id', {}, (c) => c.getCustomer(`../${h.sandbox.keys.demo}`));
    await check('invalid base URL', { baseUrl: 'http://api.getrotor.com/open-api' }, (c) => c.getCustomer(JANE_DOE_ID));
    const port = await closedPort();
    await check('connection refused', { baseUrl: `http://127.0.0.1:${port}/open-api` }, (c) =>
      c.getCustomer(JANE_DOE_ID),
    );
    await check('proxy down', { transportOptions: { proxyUrl: `http://127.0.0.1:${port}` } }, (c) =>
      c.getCustomer(JANE_DOE_ID),
    );
    const controller = new AbortController();
    h.sandbox.setFault({ kind: 'hang' });
    setTimeout(() => controller.abort(), 30);
    await check('cancelled', {}, (c) => c.getCustomer(JANE_DOE_ID, { signal: controller.signal }));
  });

  it('in errors for keys that are not valid header values (nothing is sent)', async () => {
    for (const key of [`${UNKNOWN_KEY}\r\nx-injected: 1`, `${UNKNOWN_KEY}\u0000`, `${UNKNOWN_KEY}😀`]) {
      await check(JSON.stringify(key.slice(-3)), { apiKey: key }, (c) => c.getCustomer(JANE_DOE_ID));
    }
    assert.equal(h.sandbox.stats().total, 0);
  });

  it('in the request log of successful calls', async () => {
    const { client, log } = h.client();
    await client.getCustomer(JANE_DOE_ID);
    await client.searchCustomers({ search: h.sandbox.keys.demo.slice(0, 5) });
    await client.testAuth();
    assert.equal(log.length, 3);
    for (const entry of log) {
      assert.deepEqual(Object.keys(entry).sort(), ['attempt', 'durationMs', 'method', 'path', 'status'].sort());
      assert.ok(!JSON.stringify(entry).includes(h.sandbox.keys.demo));
    }
    const paths: RequestLogEntry['path'][] = log.map((e) => e.path);
    assert.deepEqual(paths, [`customers/${JANE_DOE_ID}`, 'customers?search=rotor&page=1&limit=25', 'auth/test']);
  });

  it('in the sandbox stats served over HTTP', async () => {
    await h.client().client.getCustomer(JANE_DOE_ID);
    const stats = h.sandbox.stats();
    assert.equal(stats.lastRequest?.apiKey, 'demo');
    assertNoKey(stats, h.sandbox.keys.demo, 'stats');
  });
});
