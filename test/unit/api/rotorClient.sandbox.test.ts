import * as assert from 'node:assert/strict';
import {
  ApiKeyMissingError,
  AuthenticationRequiredError,
  InsufficientScopeError,
  InvalidIdError,
  NotFoundError,
  QuotaExhaustedError,
  ServerError,
} from '../../../src/api/errors';
import {
  ARCHIVED_ID,
  DEMO_ARCHIVED_IDS,
  DEMO_CUSTOMERS,
  DRIFT_ID,
  HOSTILE_ID,
  HOSTILE_LONG_ID,
  HOSTILE_PROTO_ID,
  HOSTILE_TYPES_ID,
  HOSTILE_STRINGS,
  INACTIVE_ID,
  JANE_DOE_ID,
  LONG_STRING,
  NON_CUSTOMER_ID,
  NULLS_ID,
  SPARSE_ID,
  UNKNOWN_FIELDS_ID,
  hostileCustomers,
} from '../../sandbox/demoData';
import { rejection, useSandbox } from '../helpers/sandboxHarness';

describe('RotorClient against the sandbox (real HTTP, undici)', () => {
  const h = useSandbox();

  describe('GET /customers/{id}', () => {
    it('reads a customer with every field, sending the documented headers', async () => {
      const { client, log } = h.client();
      const c = await client.getCustomer(JANE_DOE_ID);
      assert.equal(c.id, JANE_DOE_ID);
      assert.equal(c.firstName, 'Jane');
      assert.equal(c.lastName, 'Doe');
      assert.equal(c.companyName, 'Acme Roofing');
      assert.equal(c.status, 'active');
      assert.equal(c.isAutoPay, true);
      assert.equal(c.notes, 'Prefers morning appointments.\nLadder access from the north side.');
      assert.deepEqual(c.location, [39.7478, -104.9949]);
      assert.deepEqual(c.address, {
        street1: '1200 Larimer St',
        street2: 'Suite 300',
        city: 'Denver',
        state: 'CO',
        zip: '80204',
        country: 'US',
      });
      assert.deepEqual(c.tags, ['vip', 'roof-repair', 'residential']);
      assert.deepEqual(c.otherFields, {});

      const headers = h.sandbox.lastRequestHeaders();
      assert.equal(headers?.['x-api-key'], h.sandbox.keys.demo);
      assert.equal(headers?.['rotor-api-version'], '1.1.0');
      assert.match(headers?.accept ?? '', /application\/json/);
      assert.deepEqual(h.sandbox.stats().byCustomerId, { [JANE_DOE_ID]: 1 });
      assert.deepEqual(
        log.map((e) => [e.path, e.status, e.attempt, e.error]),
        [[`customers/${JANE_DOE_ID}`, 200, 0, undefined]],
      );
    });

    it('sends the canonical lower-case id', async () => {
      const { client } = h.client();
      const c = await client.getCustomer(`  ${JANE_DOE_ID.toUpperCase()} `);
      assert.equal(c.id, JANE_DOE_ID);
      assert.equal(h.sandbox.stats().lastRequest?.path, `/open-api/customers/${JANE_DOE_ID}`);
    });

    it('reads a sparse customer (only id and first_name)', async () => {
      const c = await h.client().client.getCustomer(SPARSE_ID);
      assert.deepEqual(c, { id: SPARSE_ID, firstName: 'Sparse', tags: [], otherFields: {} });
    });

    it('reads the SDK drift (has_payment_method, null street2/location/notes/tags)', async () => {
      const c = await h.client().client.getCustomer(DRIFT_ID);
      assert.equal(c.hasPaymentMethod, true);
      assert.equal(c.isAutoPay, undefined);
      assert.equal(c.location, undefined);
      assert.equal(c.notes, undefined);
      assert.deepEqual(c.tags, []);
      assert.equal(c.address?.street2, undefined);
      assert.equal(c.address?.city, 'Boise');
    });

    it('reads a customer whose fields are all null', async () => {
      const c = await h.client().client.getCustomer(NULLS_ID);
      assert.deepEqual(c, {
        id: NULLS_ID,
        address: { street1: '1 Bay St', city: 'Tampa', state: 'FL', zip: '33602', country: 'US' },
        tags: [],
        otherFields: {},
      });
    });

    it('keeps fields the docs do not list', async () => {
      const c = await h.client().client.getCustomer(UNKNOWN_FIELDS_ID);
      assert.deepEqual(c.otherFields, {
        balance_cents: 12_550,
        preferred_technician: 'Sam',
        custom_fields: { gate_code: '1234', pets: ['dog'] },
      });
    });

    it('reads an inactive customer', async () => {
      assert.equal((await h.client().client.getCustomer(INACTIVE_ID)).status, 'inactive');
    });

    it('401: unknown, revoked and missing keys', async () => {
      const unknown = h.client({ apiKey: 'rotor_live_not_a_real_key' }).client;
      assert.ok((await rejection(unknown.getCustomer(JANE_DOE_ID))) instanceof AuthenticationRequiredError);
      const revoked = h.client({ apiKey: h.sandbox.keys.revoked }).client;
      assert.ok((await rejection(revoked.getCustomer(JANE_DOE_ID))) instanceof AuthenticationRequiredError);
      h.sandbox.revokeKey(h.sandbox.keys.demo);
      const demo = h.client().client;
      assert.ok((await rejection(demo.getCustomer(JANE_DOE_ID))) instanceof AuthenticationRequiredError);
      assert.equal(h.sandbox.stats().total, 3, '401 is not retried');

      const noKey = h.client({ apiKey: null }).client;
      assert.ok((await rejection(noKey.getCustomer(JANE_DOE_ID))) instanceof ApiKeyMissingError);
      assert.equal(h.sandbox.stats().total, 3, 'nothing is sent without a key');
    });

    it('403: a key without customers:read; /auth/test tells its real scopes', async () => {
      const { client } = h.client({ apiKey: h.sandbox.keys.noCustomerScope });
      assert.ok((await rejection(client.getCustomer(JANE_DOE_ID))) instanceof InsufficientScopeError);
      assert.ok((await rejection(client.searchCustomers({ search: 'jane' }))) instanceof InsufficientScopeError);
      const auth = await client.testAuth();
      assert.deepEqual(auth.scopes, ['leads:read']);
      assert.equal(h.sandbox.stats().total, 3);
    });

    it('404: a UUID that is not a customer, sent once', async () => {
      const { client } = h.client();
      assert.ok((await rejection(client.getCustomer(NON_CUSTOMER_ID))) instanceof NotFoundError);
      assert.equal(h.sandbox.stats().byCustomerId[NON_CUSTOMER_ID], 1);
    });

    it('429: quota used up; resetsAt is the next UTC midnight of the injected clock; not retried', async () => {
      const now = Date.parse('2024-02-29T23:59:59.999Z');
      const { client } = h.client({ now: () => now });
      h.sandbox.setQuotaUsed(h.sandbox.keys.demo, 999);
      await client.getCustomer(JANE_DOE_ID);
      const e = await rejection(client.getCustomer(JANE_DOE_ID));
      assert.ok(e instanceof QuotaExhaustedError);
      assert.equal(e.resetsAt.toISOString(), '2024-03-01T00:00:00.000Z');
      assert.match(e.message, /00:00 UTC/);
      assert.equal(h.sandbox.stats().total, 2);
    });

    it('500: a server error, not retried', async () => {
      h.sandbox.setFault({ kind: 'status', status: 500 });
      const e = await rejection(h.client().client.getCustomer(JANE_DOE_ID));
      assert.ok(e instanceof ServerError);
      assert.equal(e.status, 500);
      assert.equal(h.sandbox.stats().total, 1);
    });
  });

  describe('hostile data', () => {
    beforeEach(() => h.sandbox.addCustomers(hostileCustomers()));

    it('returns markup and control characters as plain strings', async () => {
      const c = await h.client().client.getCustomer(HOSTILE_ID);
      assert.equal(c.firstName, HOSTILE_STRINGS.script);
      assert.equal(c.lastName, HOSTILE_STRINGS.bidi);
      assert.equal(c.source, HOSTILE_STRINGS.commandUrl);
      assert.ok(c.notes?.includes('\u0000'));
      assert.ok(c.tags.includes(HOSTILE_STRINGS.markdownCommandLink));
    });

    it('keeps wrong-typed fields aside instead of failing', async () => {
      const c = await h.client().client.getCustomer(HOSTILE_TYPES_ID);
      assert.equal(c.firstName, undefined);
      assert.equal(c.status, 'deleted');
      assert.deepEqual(c.otherFields.location, ['x', {}]);
      assert.equal(c.otherFields.first_name, 42);
      assert.equal(c.otherFields.tags, 'vip,priority');
    });

    it('reads 100,000-character fields', async () => {
      const c = await h.client().client.getCustomer(HOSTILE_LONG_ID);
      assert.equal(c.notes, LONG_STRING);
      assert.equal(c.notes?.length, 100_000);
      assert.equal(c.tags.length, 500);
    });

    it('keeps "__proto__" as data, with no prototype pollution', async () => {
      const c = await h.client().client.getCustomer(HOSTILE_PROTO_ID);
      assert.equal(c.firstName, 'Proto');
      assert.ok(Object.prototype.hasOwnProperty.call(c.otherFields, '__proto__'));
      assert.equal(Object.getPrototypeOf(c.otherFields), Object.prototype);
      assert.equal(({} as { polluted?: unknown }).polluted, undefined);
    });
  });

  describe('ID rejection (nothing is sent)', () => {
    const bad: readonly [string, string][] = [
      ['empty', ''],
      ['path traversal', '../auth/test'],
      ['a UUID followed by a path', `${JANE_DOE_ID}/../x`],
      ['url-encoded slashes', `182bd5e5%2F6e1a-4fe4-a799-aa6d9a6ab26e`],
      ['url-encoded UUID', encodeURIComponent(`${JANE_DOE_ID}/`)],
      ['full-width digits', '１８２bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e'],
      ['Arabic-Indic digits', '١٨٢bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e'],
      ['a space inside', '182bd5e5-6e1a-4fe4 -a799-aa6d9a6ab26e'],
      ['no dashes', '182bd5e56e1a4fe4a799aa6d9a6ab26e'],
      ['braces', `{${JANE_DOE_ID}}`],
      ['a query', `${JANE_DOE_ID}?x=1`],
      ['a 10 kB string', `${JANE_DOE_ID}${'a'.repeat(10_000)}`],
    ];
    for (const [name, id] of bad) {
      it(`refuses ${name}`, async () => {
        const { client, log } = h.client();
        assert.ok((await rejection(client.getCustomer(id))) instanceof InvalidIdError);
        assert.equal(h.sandbox.stats().total, 0);
        assert.equal(log.length, 0);
      });
    }
  });

  describe('GET /customers (search)', () => {
    const visible = DEMO_CUSTOMERS.filter((c) => !DEMO_ARCHIVED_IDS.includes(c.id));

    it('finds by a case-insensitive substring of the company name', async () => {
      const { client } = h.client();
      const page = await client.searchCustomers({ search: 'acme roof', limit: 1000 });
      const expected = visible.filter(
        (c) => typeof c.company_name === 'string' && c.company_name.toLowerCase().includes('acme roof'),
      );
      assert.ok(expected.length >= 5, 'the demo data has several Acme Roof… customers');
      assert.deepEqual(
        page.customers.map((c) => c.id),
        expected.map((c) => c.id),
      );
      assert.ok(new Set(page.customers.map((c) => c.companyName)).size >= 3, 'several companies match "acme roof"');
      assert.deepEqual(page.pagination, { hasMore: false, limit: 1000, page: 1, total: expected.length });
      const sent = h.sandbox.stats().lastRequest;
      assert.equal(sent?.route, 'search');
      assert.match(sent?.path ?? '', /^\/open-api\/customers$/);
    });

    it('finds by email, phone, first and last name', async () => {
      const { client } = h.client();
      assert.deepEqual(
        (await client.searchCustomers({ search: 'JANE.DOE@' })).customers.map((c) => c.id),
        [JANE_DOE_ID],
      );
      assert.deepEqual(
        (await client.searchCustomers({ search: '303-555-0142' })).customers.map((c) => c.id),
        [JANE_DOE_ID],
      );
      assert.deepEqual(
        (await client.searchCustomers({ search: 'finch' })).customers.map((c) => c.id),
        [INACTIVE_ID],
      );
      assert.ok((await client.searchCustomers({ search: 'Jane' })).customers.some((c) => c.id === JANE_DOE_ID));
    });

    it('filters by status', async () => {
      const page = await h.client().client.searchCustomers({ status: 'inactive', limit: 1000 });
      assert.ok(page.customers.length >= 3);
      assert.ok(page.customers.every((c) => c.status === 'inactive'));
      assert.ok(page.customers.some((c) => c.id === INACTIVE_ID));
      assert.ok(!page.customers.some((c) => c.id === ARCHIVED_ID), 'archived customers stay hidden');
    });

    it('filters by tags: every tag must match', async () => {
      const page = await h.client().client.searchCustomers({ tags: ['residential', 'priority'], limit: 1000 });
      const expected = visible.filter(
        (c) => Array.isArray(c.tags) && c.tags.includes('residential') && c.tags.includes('priority'),
      );
      assert.ok(expected.length > 0);
      assert.deepEqual(
        page.customers.map((c) => c.id),
        expected.map((c) => c.id),
      );
      assert.ok(page.customers.every((c) => c.tags.includes('residential') && c.tags.includes('priority')));
    });

    it('shows archived customers only with archived=true', async () => {
      const { client } = h.client();
      const archived = await client.searchCustomers({ archived: true, limit: 1000 });
      assert.deepEqual(archived.customers.map((c) => c.id).sort(), [...DEMO_ARCHIVED_IDS].sort());
      const normal = await client.searchCustomers({ search: 'archie' });
      assert.equal(normal.customers.length, 0);
    });

    it('pages through everything with has_more and total', async () => {
      const { client } = h.client();
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const result = await client.searchCustomers({ page, limit: 7 });
        assert.equal(result.pagination.page, page);
        assert.equal(result.pagination.limit, 7);
        assert.equal(result.pagination.total, visible.length);
        seen.push(...result.customers.map((c) => c.id));
        if (!result.pagination.hasMore) break;
        assert.equal(result.customers.length, 7);
      }
      assert.deepEqual(
        seen,
        visible.map((c) => c.id),
      );
      const past = await client.searchCustomers({ page: 100, limit: 7 });
      assert.deepEqual(past.customers, []);
      assert.equal(past.pagination.hasMore, false);
    });

    it('clamps limit and page into the documented range before sending', async () => {
      const { client } = h.client();
      const big = await client.searchCustomers({ limit: 5000, page: 0 });
      assert.equal(big.pagination.limit, 1000);
      assert.equal(big.pagination.page, 1);
      const small = await client.searchCustomers({ limit: 0 });
      assert.equal(small.pagination.limit, 1);
    });
  });

  describe('GET /auth/test', () => {
    it('reports the key, its company and every scope', async () => {
      const auth = await h.client().client.testAuth();
      assert.equal(auth.authenticated, true);
      assert.equal(auth.authMethod, 'api_key');
      assert.ok(auth.companyId);
      assert.ok(auth.scopes.includes('customers:read'));
      assert.ok(auth.scopes.includes('leads:read'));
      assert.equal(h.sandbox.stats().byRoute.auth, 1);
    });

    it('401 with a bad key, 429 when the quota is used up', async () => {
      assert.ok(
        (await rejection(h.client({ apiKey: 'nope' }).client.testAuth())) instanceof AuthenticationRequiredError,
      );
      h.sandbox.setQuotaUsed(h.sandbox.keys.demo, 1000);
      assert.ok((await rejection(h.client().client.testAuth())) instanceof QuotaExhaustedError);
    });
  });
});
