import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseArgs } from '../../sandbox/cli';
import { SandboxControl, spawnSandbox } from '../../sandbox/control';
import {
  ARCHIVED_ID,
  DEMO_ARCHIVED_IDS,
  DEMO_CUSTOMERS,
  DRIFT_ID,
  HOSTILE_ID,
  HOSTILE_LONG_ID,
  HOSTILE_PROTO_ID,
  HOSTILE_TYPES_ID,
  INACTIVE_ID,
  JANE_DOE_ID,
  NON_CUSTOMER_ID,
  NULLS_ID,
  SPARSE_ID,
  UNKNOWN_FIELDS_ID,
  hostileCustomers,
  seededUuid,
} from '../../sandbox/demoData';
import { ERROR_BODIES, startSandbox } from '../../sandbox/server';
import { apiGet, rawRequest, useSandbox } from '../helpers/sandboxHarness';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the sandbox itself', () => {
  describe('demo data', () => {
    it('has about 50 customers with unique, v4-looking, deterministic ids', () => {
      assert.ok(DEMO_CUSTOMERS.length >= 45 && DEMO_CUSTOMERS.length <= 60);
      const ids = DEMO_CUSTOMERS.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const id of ids) assert.match(id, V4);
      assert.equal(seededUuid(1), seededUuid(1));
      assert.notEqual(seededUuid(1), seededUuid(2));
    });

    it('holds the named fixtures, and NON_CUSTOMER_ID is nobody', () => {
      const byId = new Map(DEMO_CUSTOMERS.map((c) => [c.id, c]));
      for (const id of [JANE_DOE_ID, INACTIVE_ID, SPARSE_ID, DRIFT_ID, NULLS_ID, UNKNOWN_FIELDS_ID, ARCHIVED_ID])
        assert.ok(byId.has(id), id);
      assert.ok(!byId.has(NON_CUSTOMER_ID));
      assert.match(NON_CUSTOMER_ID, V4);
      assert.equal(byId.get(JANE_DOE_ID)?.first_name, 'Jane');
      assert.equal(byId.get(JANE_DOE_ID)?.company_name, 'Acme Roofing');
      assert.equal(byId.get(INACTIVE_ID)?.status, 'inactive');
      assert.deepEqual(Object.keys(byId.get(SPARSE_ID) ?? {}), ['id', 'first_name']);
      assert.equal(byId.get(DRIFT_ID)?.has_payment_method, true);
      assert.ok(!('is_auto_pay' in (byId.get(DRIFT_ID) ?? {})));
      assert.ok(DEMO_ARCHIVED_IDS.includes(ARCHIVED_ID));
    });

    it('covers every shape: missing and null fields, both payment flags, inactive, tags, multi-line notes', () => {
      const has = (pred: (c: Record<string, unknown>) => boolean) => DEMO_CUSTOMERS.filter(pred).length;
      const address = (c: Record<string, unknown>) => (c.address ?? {}) as Record<string, unknown>;
      assert.ok(has((c) => 'street2' in address(c) && address(c).street2 === null) > 1);
      assert.ok(has((c) => c.address !== undefined && !('street2' in address(c))) > 1);
      for (const field of ['location', 'notes', 'tags']) {
        assert.ok(has((c) => c[field] === null) > 1, `${field} null`);
        assert.ok(has((c) => !(field in c)) > 1, `${field} missing`);
      }
      assert.ok(has((c) => 'has_payment_method' in c) > 3);
      assert.ok(has((c) => c.status === 'inactive') >= 3);
      assert.ok(has((c) => typeof c.notes === 'string' && c.notes.includes('\n')) > 3);
      assert.ok(has((c) => Array.isArray(c.location) && c.location.length === 2) > 10);
      assert.ok(has((c) => typeof c.company_name === 'string' && /acme roof/i.test(c.company_name)) >= 5);
    });

    it('hostile customers carry the payloads, with fixed ids', () => {
      const list = hostileCustomers();
      assert.deepEqual(
        list.map((c) => c.id),
        [HOSTILE_ID, HOSTILE_TYPES_ID, HOSTILE_LONG_ID, HOSTILE_PROTO_ID],
      );
      const text = JSON.stringify(list);
      for (const needle of [
        '<script>',
        'onerror',
        'javascript:',
        'command:workbench.action.quit',
        '](command:',
        '&lt;',
        '\u202e',
        '\\u0000',
        '👩‍👩‍👧‍👦',
      ]) {
        assert.ok(text.toLowerCase().includes(needle.toLowerCase()), needle);
      }
      assert.equal(list[2]?.notes, list[2]?.company_name);
      assert.equal((list[2]?.notes as string).length, 100_000);
      assert.deepEqual(list[1]?.location, ['x', {}]);
      assert.ok(Object.prototype.hasOwnProperty.call(list[3], '__proto__'));
      assert.notEqual(hostileCustomers()[0], list[0], 'fresh objects each call');
    });
  });

  describe('HTTP behaviour', () => {
    const h = useSandbox();

    it('serves a customer in the success envelope with a JSON content type', async () => {
      const res = await apiGet(h.sandbox, `/customers/${JANE_DOE_ID.toUpperCase()}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      const body = res.json() as { status: string; data: { id: string } };
      assert.equal(body.status, 'success');
      assert.equal(body.data.id, JANE_DOE_ID);
    });

    it('answers the exact documented error bodies', async () => {
      const expectBody = async (
        status: number,
        path: string,
        headers: Record<string, string | undefined>,
        body: unknown,
      ) => {
        const res = await apiGet(h.sandbox, path, headers);
        assert.equal(res.status, status, path);
        assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
        assert.equal(res.text, JSON.stringify(body));
      };
      await expectBody(
        401,
        `/customers/${JANE_DOE_ID}`,
        { 'x-api-key': undefined },
        {
          status: 'error',
          message: 'Authentication required. Provide x-api-key header.',
          error_code: 'AUTHENTICATION_REQUIRED',
        },
      );
      await expectBody(401, `/customers/${JANE_DOE_ID}`, { 'x-api-key': 'wrong' }, ERROR_BODIES[401]);
      await expectBody(
        403,
        `/customers/${JANE_DOE_ID}`,
        { 'x-api-key': h.sandbox.keys.noCustomerScope },
        {
          status: 'error',
          message: "Forbidden: required scope 'leads:read' not granted for this API key",
          error_code: 'INSUFFICIENT_SCOPE',
        },
      );
      await expectBody(404, `/customers/${NON_CUSTOMER_ID}`, {}, { status: 'error', message: 'Not found' });
      await expectBody(404, '/customers/not-a-uuid', {}, { status: 'error', message: 'Not found' });
      await expectBody(404, '/customers/%2e%2e%2fauth%2ftest', {}, ERROR_BODIES[404]);
      await expectBody(404, '/leads', {}, ERROR_BODIES[404]);
      h.sandbox.setQuotaUsed(h.sandbox.keys.demo, 1000);
      await expectBody(
        429,
        '/auth/test',
        {},
        { status: 'error', message: 'Daily API key request limit of 1000 exceeded', error_code: 'RATE_LIMIT_EXCEEDED' },
      );
      h.sandbox.setFault({ kind: 'status', status: 500, times: 1 });
      await expectBody(500, '/auth/test', {}, { status: 'error', message: 'Internal server error' });
    });

    it('requires rotor-api-version 1.1.0 (400 otherwise)', async () => {
      for (const version of [undefined, '1.0.0', '1.1', ' 1.1.0x']) {
        const res = await apiGet(h.sandbox, `/customers/${JANE_DOE_ID}`, { 'rotor-api-version': version });
        assert.equal(res.status, 400, String(version));
        const body = res.json() as { status: string; error_code: string };
        assert.equal(body.status, 'error');
        assert.equal(body.error_code, 'INVALID_API_VERSION');
      }
    });

    it('counts every authenticated request against the daily quota, per key and UTC day', async () => {
      let now = Date.parse('2024-05-01T23:59:59.000Z');
      const sandbox = await startSandbox({ dailyQuota: 3, now: () => now });
      try {
        await apiGet(sandbox, `/customers/${NON_CUSTOMER_ID}`); // 404 counts
        await apiGet(sandbox, '/customers', { 'rotor-api-version': '0' }); // 400 counts
        await apiGet(sandbox, '/customers', { 'x-api-key': 'unknown' }); // 401 does not
        assert.equal(sandbox.quotaUsed(sandbox.keys.demo), 2);
        assert.equal((await apiGet(sandbox, '/auth/test')).status, 200);
        const refused = await apiGet(sandbox, '/auth/test');
        assert.equal(refused.status, 429);
        assert.equal((refused.json() as { message: string }).message, 'Daily API key request limit of 3 exceeded');
        assert.equal(
          (await apiGet(sandbox, '/auth/test', { 'x-api-key': sandbox.keys.noCustomerScope })).status,
          200,
          'other keys have their own quota',
        );
        now = Date.parse('2024-05-02T00:00:00.000Z');
        assert.equal((await apiGet(sandbox, '/auth/test')).status, 200, 'a new UTC day resets the quota');
      } finally {
        await sandbox.close();
      }
    });

    it('/auth/test reports the key and its scopes', async () => {
      const body = (await apiGet(h.sandbox, '/auth/test', { 'x-api-key': h.sandbox.keys.noCustomerScope })).json() as {
        data: Record<string, unknown>;
      };
      assert.deepEqual(Object.keys(body.data).sort(), [
        'auth_method',
        'authenticated',
        'company_id',
        'scopes',
        'timestamp',
        'user_id',
      ]);
      assert.equal(body.data.user_id, null);
      assert.equal(body.data.auth_method, 'api_key');
      assert.deepEqual(body.data.scopes, ['leads:read']);
      assert.ok(!Number.isNaN(Date.parse(body.data.timestamp as string)));
    });

    it('validates limit, page and archived (400)', async () => {
      for (const q of ['limit=0', 'limit=1001', 'limit=abc', 'limit=1.5', 'page=0', 'page=-1', 'archived=yes']) {
        assert.equal((await apiGet(h.sandbox, `/customers?${q}`)).status, 400, q);
      }
      for (const q of ['limit=1', 'limit=1000', 'page=1', 'archived=false', 'archived=true']) {
        assert.equal((await apiGet(h.sandbox, `/customers?${q}`)).status, 200, q);
      }
    });

    it('counts requests per route and per customer, and records the last headers without serving the key', async () => {
      await apiGet(h.sandbox, `/customers/${JANE_DOE_ID}`);
      await apiGet(h.sandbox, `/customers/${JANE_DOE_ID}`);
      await apiGet(h.sandbox, '/customers?search=x');
      await apiGet(h.sandbox, '/auth/test', { 'x-api-key': 'who-knows' });
      await apiGet(h.sandbox, '/pins');
      const stats = h.sandbox.stats();
      assert.equal(stats.total, 5);
      assert.deepEqual(stats.byRoute, { customer: 2, search: 1, auth: 1, other: 1 });
      assert.deepEqual(stats.byCustomerId, { [JANE_DOE_ID]: 2 });
      assert.equal(h.sandbox.lastRequestHeaders()?.['x-api-key'], h.sandbox.keys.demo);
      const served = await rawRequest(`${h.sandbox.controlUrl}/stats`);
      assert.ok(!served.text.includes(h.sandbox.keys.demo));
      h.sandbox.resetStats();
      assert.equal(h.sandbox.stats().total, 0);
    });

    it('applies a fault only `times` times', async () => {
      h.sandbox.setFault({ kind: 'status', status: 503, times: 2, route: 'auth' });
      assert.equal((await apiGet(h.sandbox, `/customers/${JANE_DOE_ID}`)).status, 200);
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 503);
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 503);
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 200);
    });

    it('truncated: announces more bytes than it sends', async () => {
      h.sandbox.setFault({ kind: 'truncated' });
      const { declared, received } = await new Promise<{ declared: number; received: number }>((resolve, reject) => {
        const socket = net.connect(h.sandbox.port, '127.0.0.1', () => {
          socket.write(
            `GET /open-api/customers/${JANE_DOE_ID} HTTP/1.1\r\nHost: x\r\nx-api-key: ${h.sandbox.keys.demo}\r\nrotor-api-version: 1.1.0\r\n\r\n`,
          );
        });
        let raw = '';
        socket.on('data', (c: Buffer) => (raw += c.toString('latin1')));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head, body] = raw.split('\r\n\r\n');
          resolve({ declared: Number(/content-length: (\d+)/i.exec(head ?? '')?.[1]), received: (body ?? '').length });
        });
      });
      assert.ok(received > 0 && received < declared, `${received} < ${declared}`);
    });
  });

  describe('control API over HTTP', () => {
    const h = useSandbox();
    let control: SandboxControl;
    beforeEach(() => {
      control = new SandboxControl(h.sandbox.controlUrl);
    });

    it('sets and clears faults, quota, revocations, customers; reset restores everything', async () => {
      await control.setFault({ kind: 'status', status: 502 });
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 502);
      await control.setFault(undefined);
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 200);

      await control.setQuotaUsed(h.sandbox.keys.demo, 1000);
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 429);
      await control.revokeKey(h.sandbox.keys.noCustomerScope);
      assert.equal(
        (await apiGet(h.sandbox, '/auth/test', { 'x-api-key': h.sandbox.keys.noCustomerScope })).status,
        401,
      );

      await control.addCustomers(hostileCustomers());
      await control.reset();
      assert.equal((await apiGet(h.sandbox, '/auth/test')).status, 200);
      assert.equal(
        (await apiGet(h.sandbox, '/auth/test', { 'x-api-key': h.sandbox.keys.noCustomerScope })).status,
        200,
      );

      await control.addCustomers(hostileCustomers());
      const res = await apiGet(h.sandbox, `/customers/${HOSTILE_PROTO_ID}`);
      assert.equal(res.status, 200);
      assert.match(res.text, /"__proto__":\{"polluted":true/);
      await control.addCustomers([{ id: seededUuid(777), first_name: 'Old' }], { archived: true });
      const archived = (await apiGet(h.sandbox, '/customers?archived=true&search=old')).json() as {
        data: { id: string }[];
      };
      assert.deepEqual(
        archived.data.map((c) => c.id),
        [seededUuid(777)],
      );

      await control.reset();
      assert.equal((await apiGet(h.sandbox, `/customers/${HOSTILE_ID}`)).status, 404);
      const stats = await control.stats();
      assert.equal(stats.total, 1);
    });

    it('refuses bad commands', async () => {
      const post = (sub: string, body: string, type = 'application/json') =>
        rawRequest(`${h.sandbox.controlUrl}${sub}`, { method: 'POST', headers: { 'content-type': type }, body });
      assert.equal((await post('/fault', '{"kind":"explode"}')).status, 400);
      assert.equal((await post('/fault', '{"kind":"status","status":404}')).status, 400);
      assert.equal((await post('/fault', 'not json')).status, 400);
      assert.equal((await post('/fault', '{"kind":"hang"}', 'text/plain')).status, 415);
      assert.equal((await post('/quota', '{"key":"k"}')).status, 400);
      assert.equal((await post('/customers', '[{"first_name":"no id"}]')).status, 400);
      assert.equal((await post('/nope', '{}')).status, 404);
      assert.equal((await rawRequest(`${h.sandbox.controlUrl}/fault`)).status, 404);
      assert.equal((await post('/fault', '{}')).status, 200, '{} clears');
      assert.equal(h.sandbox.stats().total, 0, 'control requests are not API requests');
    });
  });

  describe('lifecycle', () => {
    it('close() ends hung requests and idle keep-alive sockets at once', async () => {
      const sandbox = await startSandbox();
      const sockets: net.Socket[] = [];
      try {
        const keptAlive = net.connect(sandbox.port, '127.0.0.1');
        sockets.push(keptAlive);
        await new Promise((r) => keptAlive.once('connect', r));
        keptAlive.write(
          `GET /open-api/auth/test HTTP/1.1\r\nHost: x\r\nx-api-key: ${sandbox.keys.demo}\r\nrotor-api-version: 1.1.0\r\n\r\n`,
        );
        await new Promise((r) => keptAlive.once('data', r)); // answered; the socket stays open (keep-alive)
        sandbox.setFault({ kind: 'hang' });
        const hung = net.connect(sandbox.port, '127.0.0.1', () =>
          hung.write('GET /open-api/auth/test HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        sockets.push(hung);
        await new Promise((r) => setTimeout(r, 50));
        const closed = Promise.all(sockets.map((s) => new Promise((r) => s.once('close', r))));
        const started = Date.now();
        await sandbox.close();
        await closed;
        assert.ok(Date.now() - started < 500);
        await sandbox.close(); // idempotent
      } finally {
        for (const s of sockets) s.destroy();
        await sandbox.close();
      }
    });

    it('close() cancels pending latency timers', async () => {
      const sandbox = await startSandbox();
      try {
        sandbox.setFault({ kind: 'latency', ms: 60_000 });
        const pending = apiGet(sandbox, '/auth/test').catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 30));
        await sandbox.close();
        assert.ok((await pending) instanceof Error);
      } finally {
        await sandbox.close();
      }
    });

    it('serves hostile customers when asked to', async () => {
      const sandbox = await startSandbox({ includeHostile: true });
      try {
        assert.equal((await apiGet(sandbox, `/customers/${HOSTILE_LONG_ID}`)).status, 200);
        sandbox.reset();
        assert.equal(
          (await apiGet(sandbox, `/customers/${HOSTILE_LONG_ID}`)).status,
          200,
          'reset keeps the start options',
        );
      } finally {
        await sandbox.close();
      }
    });

    it('can serve only the given customers', async () => {
      const sandbox = await startSandbox({ customers: [{ id: seededUuid(5), first_name: 'Only' }] });
      try {
        assert.equal((await apiGet(sandbox, `/customers/${JANE_DOE_ID}`)).status, 404);
        const list = (await apiGet(sandbox, '/customers')).json() as { pagination: { total: number } };
        assert.equal(list.pagination.total, 1);
      } finally {
        await sandbox.close();
      }
    });
  });

  describe('CLI', () => {
    it('parses --port, --port=, ROTOR_SANDBOX_PORT and refuses junk', () => {
      assert.equal(parseArgs([], {}).port, 4010);
      assert.equal(parseArgs([], { ROTOR_SANDBOX_PORT: '5000' }).port, 5000);
      assert.equal(parseArgs(['--port', '0'], { ROTOR_SANDBOX_PORT: '5000' }).port, 0);
      assert.equal(parseArgs(['--port=4321', '--json'], {}).json, true);
      assert.throws(() => parseArgs(['--port', 'x'], {}));
      assert.throws(() => parseArgs(['--port', '70000'], {}));
      assert.throws(() => parseArgs(['--bogus'], {}));
    });

    it('--json in a child process: one JSON line, drivable over HTTP, stops cleanly', async function () {
      this.timeout(8000);
      const child = await spawnSandbox();
      try {
        assert.match(child.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/open-api$/);
        assert.equal(child.keys.demo, 'rotor_demo_key_0000');
        const res = await rawRequest(`${child.baseUrl}/customers/${JANE_DOE_ID}`, {
          headers: { 'x-api-key': child.keys.demo, 'rotor-api-version': '1.1.0' },
        });
        assert.equal(res.status, 200);
        await child.control.setFault({ kind: 'status', status: 503, times: 1 });
        const faulted = await rawRequest(`${child.baseUrl}/auth/test`, {
          headers: { 'x-api-key': child.keys.demo, 'rotor-api-version': '1.1.0' },
        });
        assert.equal(faulted.status, 503);
        assert.equal((await child.control.stats()).total, 2);
      } finally {
        await child.stop();
      }
    });
  });
});
