import * as assert from 'node:assert/strict';
import {
  BadResponseError,
  CancelledError,
  NetworkError,
  QuotaExhaustedError,
  QuotaReserveError,
  type RotorError,
  ServerError,
  TimeoutError,
  nextUtcMidnight,
} from '../../../src/api/errors';
import { type RequestGate, RotorClient, type RotorClientOptions } from '../../../src/api/rotorClient';
import { type Transport, type TransportRequest, type TransportResponse } from '../../../src/api/transport';
import { rejection } from '../helpers/sandboxHarness';

/**
 * The client's own logic (retry policy, backoff, gate, log) with a fake transport: no sockets.
 * Each scripted step is a response or an error to throw.
 */
type Step = TransportResponse | Error;

const ID = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const KEY = 'rotor_fake_key_for_logic_tests';

function ok(data: unknown = { id: ID, first_name: 'Jane' }): TransportResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ status: 'success', data }),
  };
}

function status(code: number): TransportResponse {
  return {
    status: code,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'error', message: 'x' }),
  };
}

class FakeTransport implements Transport {
  readonly requests: TransportRequest[] = [];
  constructor(private readonly steps: Step[]) {}
  request(req: TransportRequest): Promise<TransportResponse> {
    this.requests.push(req);
    const step = this.steps.shift() ?? ok();
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function setup(steps: Step[], options: Partial<RotorClientOptions> = {}) {
  const transport = new FakeTransport(steps);
  const sleeps: number[] = [];
  const client = new RotorClient({
    transport: () => transport,
    apiKey: () => KEY,
    baseUrl: () => 'https://api.getrotor.com/open-api',
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { client, transport, sleeps };
}

describe('RotorClient retry policy (fake transport)', () => {
  it('sends the documented request', async () => {
    const { client, transport } = setup([ok()]);
    await client.getCustomer(ID);
    const [req] = transport.requests;
    assert.equal(req?.method, 'GET');
    assert.equal(req?.origin, 'https://api.getrotor.com');
    assert.equal(req?.path, `/open-api/customers/${ID}`);
    assert.deepEqual(req?.headers, { 'x-api-key': KEY, 'rotor-api-version': '1.1.0', accept: 'application/json' });
  });

  it('backs off exponentially with jitter: base * 2^attempt * (0.5 + random)', async () => {
    const randoms = [0, 0.999];
    const { client, sleeps } = setup([status(503), status(503), ok()], {
      retryBaseDelayMs: 100,
      random: () => randoms.shift() ?? 0,
    });
    await client.getCustomer(ID);
    assert.equal(sleeps.length, 2);
    assert.equal(sleeps[0], 50);
    assert.ok(Math.abs(sleeps[1]! - 200 * 1.499) < 1e-9);
  });

  it('uses 250 ms as the default base delay and at most 3 attempts', async () => {
    const { client, transport, sleeps } = setup([status(503), status(503), status(503), ok()]);
    const e = await rejection(client.getCustomer(ID));
    assert.ok(e instanceof ServerError);
    assert.equal(transport.requests.length, 3);
    assert.deepEqual(sleeps, [250, 500]);
  });

  it('maxRetries bounds the attempts', async () => {
    const none = setup([status(502), ok()], { maxRetries: 0 });
    assert.ok((await rejection(none.client.getCustomer(ID))) instanceof ServerError);
    assert.equal(none.transport.requests.length, 1);
    const four = setup([status(502), status(502), status(502), status(502), ok()], { maxRetries: 4 });
    await four.client.getCustomer(ID);
    assert.equal(four.transport.requests.length, 5);
  });

  const retried: [string, Step][] = [
    ['502', status(502)],
    ['503', status(503)],
    ['504', status(504)],
    ['a network error', new NetworkError('connection reset')],
    ['a connect timeout', new TimeoutError('connect', 5000)],
  ];
  for (const [name, step] of retried) {
    it(`retries after ${name}`, async () => {
      const { client, transport } = setup([step, ok()]);
      assert.equal((await client.getCustomer(ID)).id, ID);
      assert.equal(transport.requests.length, 2);
    });
  }

  const final: [string, Step, RotorError['code']][] = [
    ['400', status(400), 'BadResponse'],
    ['401', status(401), 'AuthenticationRequired'],
    ['403', status(403), 'InsufficientScope'],
    ['404', status(404), 'NotFound'],
    ['429', status(429), 'QuotaExhausted'],
    ['500', status(500), 'ServerError'],
    ['a headers timeout (the request may have been counted)', new TimeoutError('headers', 10_000), 'Timeout'],
    ['a body timeout', new TimeoutError('body', 10_000), 'Timeout'],
    ['a bad response', new BadResponseError('the body was cut short'), 'BadResponse'],
    ['a cancel', new CancelledError(), 'Cancelled'],
    ['an unknown error', new Error('boom'), 'BadResponse'],
  ];
  for (const [name, step, code] of final) {
    it(`does not retry after ${name}`, async () => {
      const { client, transport } = setup([step, ok()]);
      const e = (await rejection(client.getCustomer(ID))) as RotorError;
      assert.equal(e.code, code);
      assert.equal(transport.requests.length, 1);
    });
  }

  it('stops retrying when cancelled during the backoff', async () => {
    const controller = new AbortController();
    const { client, transport } = setup([status(503), ok()], {
      sleep: () => {
        controller.abort();
        return Promise.reject(new CancelledError());
      },
    });
    assert.ok((await rejection(client.getCustomer(ID, { signal: controller.signal }))) instanceof CancelledError);
    assert.equal(transport.requests.length, 1);
  });

  it('computes resetsAt for 429 from the injected clock', async () => {
    const now = Date.parse('2023-12-31T12:34:56Z');
    const { client } = setup([status(429)], { now: () => now });
    const e = await rejection(client.getCustomer(ID));
    assert.ok(e instanceof QuotaExhaustedError);
    assert.equal(e.resetsAt.toISOString(), '2024-01-01T00:00:00.000Z');
    assert.equal(nextUtcMidnight(Date.parse('2024-03-01T00:00:00.000Z')).toISOString(), '2024-03-02T00:00:00.000Z');
  });

  it('logs every attempt with path, status, attempt number and error code', async () => {
    const entries: unknown[] = [];
    let t = 1000;
    const { client } = setup([status(503), new NetworkError('connection reset'), ok()], {
      onRequest: (e) => entries.push(e),
      now: () => (t += 5),
    });
    await client.getCustomer(ID);
    assert.deepEqual(entries, [
      { method: 'GET', path: `customers/${ID}`, status: 503, durationMs: 5, attempt: 0, error: 'ServerError' },
      { method: 'GET', path: `customers/${ID}`, durationMs: 5, attempt: 1, error: 'Network' },
      { method: 'GET', path: `customers/${ID}`, status: 200, durationMs: 5, attempt: 2 },
    ]);
  });

  describe('the request gate', () => {
    function recordingGate(refuse?: () => Error): RequestGate & { calls: string[] } {
      const calls: string[] = [];
      return {
        calls,
        admit(apiKey, options) {
          assert.equal(apiKey, KEY);
          calls.push(`admit ${options.priority}${options.force ? ' force' : ''}`);
          if (refuse) throw refuse();
        },
        record(apiKey, s) {
          assert.equal(apiKey, KEY);
          calls.push(`record ${String(s)}`);
        },
      };
    }

    it('is asked before every attempt, retries included, and told every status', async () => {
      const gate = recordingGate();
      const { client } = setup([status(503), new NetworkError('connection reset'), ok()], { gate });
      await client.getCustomer(ID, { priority: 'background' });
      assert.deepEqual(gate.calls, [
        'admit background',
        'record 503',
        'admit background',
        'admit background',
        'record 200',
      ]);
    });

    it('a refusal sends nothing', async () => {
      const gate = recordingGate(() => new QuotaReserveError(10));
      const { client, transport } = setup([ok()], { gate });
      assert.ok((await rejection(client.getCustomer(ID))) instanceof QuotaReserveError);
      assert.equal(transport.requests.length, 0);
    });

    it('passes priority and force; user priority by default', async () => {
      const gate = recordingGate();
      const { client } = setup([ok(), ok(), ok({ authenticated: true, scopes: [] })], { gate });
      await client.getCustomer(ID);
      await client.getCustomer(ID, { priority: 'user', force: true });
      await client.testAuth();
      assert.deepEqual(gate.calls, [
        'admit user',
        'record 200',
        'admit user force',
        'record 200',
        'admit user',
        'record 200',
      ]);
    });

    it('counts requests that probably reached Rotor without an answer, not connect failures', async () => {
      const cases: [Error, string[]][] = [
        [new TimeoutError('headers', 1), ['admit user', 'record undefined']],
        [new TimeoutError('body', 1), ['admit user', 'record undefined']],
        [new BadResponseError('the body was cut short'), ['admit user', 'record undefined']],
        [new CancelledError(), ['admit user']],
      ];
      for (const [step, calls] of cases) {
        const gate = recordingGate();
        const { client } = setup([step], { gate });
        await rejection(client.getCustomer(ID));
        assert.deepEqual(gate.calls, calls, step.message);
      }
      const gate = recordingGate();
      const { client } = setup(
        [new TimeoutError('connect', 1), new TimeoutError('connect', 1), new TimeoutError('connect', 1)],
        { gate },
      );
      await rejection(client.getCustomer(ID));
      assert.deepEqual(gate.calls, ['admit user', 'admit user', 'admit user']);
    });
  });

  it('reads a 200 without content-type, refuses one without the success envelope', async () => {
    const noType = setup([{ status: 200, headers: {}, body: JSON.stringify({ status: 'success', data: { id: ID } }) }]);
    assert.equal((await noType.client.getCustomer(ID)).id, ID);
    for (const body of ['{"status":"error","data":{}}', '[]', '"success"', 'null']) {
      const { client } = setup([{ status: 200, headers: { 'content-type': 'application/json' }, body }]);
      assert.ok((await rejection(client.getCustomer(ID))) instanceof BadResponseError, body);
    }
  });

  it('refuses a search result that is not a list, and auth data of the wrong shape', async () => {
    const search = setup([ok({ customers: [] })]);
    assert.ok((await rejection(search.client.searchCustomers({ search: 'x' }))) instanceof BadResponseError);
    const auth = setup([ok({ ok: true })]);
    assert.ok((await rejection(auth.client.testAuth())) instanceof BadResponseError);
  });

  it('builds the search query from the filters', async () => {
    const { client, transport } = setup([
      {
        status: 200,
        headers: {},
        body: JSON.stringify({ status: 'success', data: [], pagination: { has_more: false } }),
      },
    ]);
    await client.searchCustomers({
      search: 'acme & roof',
      status: 'active',
      tags: ['a b', 'c'],
      archived: false,
      page: 2.7,
      limit: 10,
    });
    const url = new URL(transport.requests[0]!.path, transport.requests[0]!.origin);
    assert.equal(url.pathname, '/open-api/customers');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      search: 'acme & roof',
      status: 'active',
      tags: 'a b,c',
      archived: 'false',
      page: '2',
      limit: '10',
    });
  });
});

describe('unexpected failures', () => {
  it('are reported for the log with the key scrubbed, and reach callers as a BadResponseError', async () => {
    const key = 'rotor_secret_key_for_this_test';
    const reported: string[] = [];
    const client = new RotorClient({
      transport: () => ({
        request: () => Promise.reject(new TypeError(`boom while sending ${key}`)),
        close: () => Promise.resolve(),
      }),
      apiKey: () => key,
      baseUrl: () => 'https://api.getrotor.com/open-api',
      onUnexpectedError: (d) => reported.push(d),
    });
    await assert.rejects(
      client.getCustomer('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e'),
      (e: unknown) => e instanceof BadResponseError && !String((e as Error).message).includes(key),
    );
    assert.equal(reported.length, 1);
    assert.match(reported[0]!, /TypeError: boom while sending \*\*\*/);
    assert.ok(!reported[0]!.includes(key));
  });
});
