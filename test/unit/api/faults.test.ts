import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { BadResponseError, CancelledError, NetworkError, ServerError, TimeoutError } from '../../../src/api/errors';
import { type RequestLogEntry, RotorClient } from '../../../src/api/rotorClient';
import { type TransportOptions } from '../../../src/api/transport';
import { createUndiciTransport } from '../../../src/api/undiciTransport';
import { JANE_DOE_ID } from '../../sandbox/demoData';
import { SANDBOX_KEYS, type SandboxFault, startSandbox } from '../../sandbox/server';
import { closedPort, startSilentServer } from '../helpers/testProxy';
import { FAST_TRANSPORT_OPTIONS, rejection, useSandbox } from '../helpers/sandboxHarness';

describe('RotorClient under sandbox faults (real HTTP, undici)', () => {
  const h = useSandbox();

  describe('latency and refused connections', () => {
    it('waits for a slow answer within the headers timeout', async () => {
      h.sandbox.setFault({ kind: 'latency', ms: 100 });
      const c = await h.client({ transportOptions: { headersTimeoutMs: 400 } }).client.getCustomer(JANE_DOE_ID);
      assert.equal(c.firstName, 'Jane');
    });

    it('connection refused: NetworkError after the retries', async () => {
      const port = await closedPort();
      const { client, log } = h.client({ baseUrl: `http://127.0.0.1:${port}/open-api` });
      const e = await rejection(client.getCustomer(JANE_DOE_ID));
      assert.ok(e instanceof NetworkError);
      assert.match(e.message, /connection refused/);
      assert.equal(log.length, 3);
    });
  });

  /**
   * undici runs its connect, headers and body timers on a coarse clock (~0.5 s ticks), so a
   * 100 ms timeout fires somewhere between 0.1 and ~1.1 s. To keep the suite fast, the slow
   * scenarios run at the same time in `before`, each against its own sandbox or server, and
   * the tests below check their outcomes.
   */
  describe('timeouts, one per phase (provoked together)', () => {
    interface Outcome {
      readonly error: unknown;
      readonly sent: number;
      readonly log: readonly RequestLogEntry[];
    }
    let latency: Outcome;
    let hang: Outcome;
    let body: Outcome;
    let connect: Outcome;

    /** One request under `fault` on a fresh sandbox and transport, both closed afterwards. */
    async function underFault(fault: SandboxFault, options: Partial<TransportOptions>): Promise<Outcome> {
      const sandbox = await startSandbox();
      const transport = createUndiciTransport({ ...FAST_TRANSPORT_OPTIONS, ...options });
      try {
        sandbox.setFault(fault);
        const log: RequestLogEntry[] = [];
        const client = new RotorClient({
          transport: () => transport,
          apiKey: () => sandbox.keys.demo,
          baseUrl: () => sandbox.baseUrl,
          retryBaseDelayMs: 1,
          onRequest: (e) => log.push(e),
        });
        const error = await rejection(client.getCustomer(JANE_DOE_ID));
        return { error, sent: sandbox.stats().total, log };
      } finally {
        await transport.close();
        await sandbox.close();
      }
    }

    /**
     * A real connect timeout cannot be provoked on loopback with plain TCP (the connect succeeds
     * at once), but undici's connect phase includes the TLS handshake: an https:// base URL on a
     * server that accepts TCP and stays silent times out in "connect". One attempt only
     * (maxRetries 0), for time; the retry of connect timeouts is covered in retryPolicy.test.ts.
     */
    async function tlsNeverAnswers(): Promise<Outcome> {
      const silent = await startSilentServer();
      const transport = createUndiciTransport({ ...FAST_TRANSPORT_OPTIONS, connectTimeoutMs: 100 });
      try {
        const log: RequestLogEntry[] = [];
        const client = new RotorClient({
          transport: () => transport,
          apiKey: () => SANDBOX_KEYS.demo,
          baseUrl: () => `https://127.0.0.1:${silent.port}/open-api`,
          maxRetries: 0,
          onRequest: (e) => log.push(e),
        });
        const error = await rejection(client.getCustomer(JANE_DOE_ID));
        return { error, sent: silent.connections(), log };
      } finally {
        await transport.close();
        await silent.close();
      }
    }

    before(async function () {
      this.timeout(8_000);
      [latency, hang, body, connect] = await Promise.all([
        underFault({ kind: 'latency', ms: 3_000 }, { headersTimeoutMs: 100 }),
        underFault({ kind: 'hang' }, { headersTimeoutMs: 100 }),
        underFault({ kind: 'stallBody' }, { bodyTimeoutMs: 100 }),
        tlsNeverAnswers(),
      ]);
    });

    function assertTimeout(outcome: Outcome, phase: TimeoutError['phase']): void {
      const e = outcome.error;
      assert.ok(e instanceof TimeoutError, String(e));
      assert.equal(e.phase, phase);
      assert.equal(e.afterMs, 100);
      assert.equal(outcome.sent, 1, 'one attempt: not retried');
      assert.deepEqual(
        outcome.log.map((l) => [l.attempt, l.error]),
        [[0, 'Timeout']],
      );
      // These errors are checked for key leaks here rather than in secrets.test.ts (they are slow).
      const text = [String(e), e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })].join(
        '\n',
      );
      assert.ok(!text.includes(SANDBOX_KEYS.demo), 'the API key appears in the error');
    }

    it('latency beyond the headers timeout: TimeoutError("headers"), not retried', () =>
      assertTimeout(latency, 'headers'));
    it('hang: TimeoutError("headers"), not retried (and the hung socket is closed with the sandbox)', () =>
      assertTimeout(hang, 'headers'));
    it('a body that stops mid-way: TimeoutError("body"), not retried', () => assertTimeout(body, 'body'));
    it('a TLS handshake that never finishes: TimeoutError("connect")', () => assertTimeout(connect, 'connect'));
  });

  describe('broken connections and server errors', () => {
    it('reset: NetworkError after 3 attempts in all', async () => {
      h.sandbox.setFault({ kind: 'reset' });
      const e = await rejection(h.client().client.getCustomer(JANE_DOE_ID));
      assert.ok(e instanceof NetworkError);
      assert.equal(h.sandbox.stats().total, 3);
    });

    it('reset once, then the retry succeeds', async () => {
      h.sandbox.setFault({ kind: 'reset', times: 1 });
      const { client, log } = h.client();
      assert.equal((await client.getCustomer(JANE_DOE_ID)).firstName, 'Jane');
      assert.equal(h.sandbox.stats().total, 2);
      assert.deepEqual(
        log.map((l) => [l.attempt, l.status, l.error]),
        [
          [0, undefined, 'Network'],
          [1, 200, undefined],
        ],
      );
    });

    for (const status of [502, 503] as const) {
      it(`${status} twice, then success on the third attempt`, async () => {
        h.sandbox.setFault({ kind: 'status', status, times: 2 });
        const { client, log } = h.client();
        assert.equal((await client.getCustomer(JANE_DOE_ID)).id, JANE_DOE_ID);
        assert.equal(h.sandbox.stats().total, 3);
        assert.deepEqual(
          log.map((l) => l.status),
          [status, status, 200],
        );
      });

      it(`${status} every time: ServerError after 3 attempts, no more`, async () => {
        h.sandbox.setFault({ kind: 'status', status });
        const e = await rejection(h.client().client.getCustomer(JANE_DOE_ID));
        assert.ok(e instanceof ServerError);
        assert.equal(e.status, status);
        assert.equal(h.sandbox.stats().total, 3);
      });
    }

    it('500 is not retried', async () => {
      h.sandbox.setFault({ kind: 'status', status: 500, times: 1 });
      assert.ok((await rejection(h.client().client.getCustomer(JANE_DOE_ID))) instanceof ServerError);
      assert.equal(h.sandbox.stats().total, 1);
    });

    it('a fault limited to one route leaves the others alone', async () => {
      h.sandbox.setFault({ kind: 'status', status: 500, route: 'search' });
      const { client } = h.client();
      assert.equal((await client.getCustomer(JANE_DOE_ID)).id, JANE_DOE_ID);
      assert.ok((await rejection(client.searchCustomers({ search: 'x' }))) instanceof ServerError);
    });
  });

  describe('unreadable responses: BadResponseError, sent once', () => {
    const cases: readonly [string, SandboxFault, RegExp][] = [
      ['malformed JSON', { kind: 'malformedJson' }, /not valid JSON/],
      ['a truncated body (content-length larger than what came)', { kind: 'truncated' }, /cut short/],
      ['a body over 1 MiB with content-length', { kind: 'oversized' }, /larger than 1048576 bytes/],
      ['a body over 1 MiB, chunked', { kind: 'oversized', chunked: true }, /larger than 1048576 bytes/],
      ['text/html instead of JSON', { kind: 'contentType', value: 'text/html' }, /expected JSON, got text\/html/],
    ];
    for (const [name, fault, message] of cases) {
      it(name, async () => {
        h.sandbox.setFault(fault);
        const e = await rejection(h.client().client.getCustomer(JANE_DOE_ID));
        assert.ok(e instanceof BadResponseError, String(e));
        assert.match(e.message, message);
        assert.equal(h.sandbox.stats().total, 1);
      });
    }

    it('the next request works after an oversized one', async () => {
      h.sandbox.setFault({ kind: 'oversized', times: 1 });
      const { client } = h.client();
      assert.ok((await rejection(client.getCustomer(JANE_DOE_ID))) instanceof BadResponseError);
      assert.equal((await client.getCustomer(JANE_DOE_ID)).firstName, 'Jane');
    });
  });

  describe('cancellation', () => {
    it('an already aborted signal sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      const e = await rejection(h.client().client.getCustomer(JANE_DOE_ID, { signal: controller.signal }));
      assert.ok(e instanceof CancelledError);
      assert.equal(h.sandbox.stats().total, 0);
    });

    it('aborting during a request cancels it at once', async () => {
      h.sandbox.setFault({ kind: 'hang' });
      const controller = new AbortController();
      const { client } = h.client({ transportOptions: { headersTimeoutMs: 5_000 } });
      const started = Date.now();
      setTimeout(() => controller.abort(), 50);
      const e = await rejection(client.getCustomer(JANE_DOE_ID, { signal: controller.signal }));
      assert.ok(e instanceof CancelledError, String(e));
      assert.ok(Date.now() - started < 1_000);
      assert.equal(h.sandbox.stats().total, 1);
    });

    it('no retry after a cancel during the backoff', async () => {
      h.sandbox.setFault({ kind: 'status', status: 503 });
      const controller = new AbortController();
      const { client } = h.client({
        retryBaseDelayMs: 10_000,
        onRequest: () => setTimeout(() => controller.abort(), 20),
      });
      const e = await rejection(client.getCustomer(JANE_DOE_ID, { signal: controller.signal }));
      assert.ok(e instanceof CancelledError);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(h.sandbox.stats().total, 1);
    });
  });
});
