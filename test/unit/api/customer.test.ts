import * as assert from 'node:assert/strict';
import { parseAuthInfo, parseCustomer, parseCustomerPage } from '../../../src/api/customer';
import { SAMPLE_ID, rawAddress, rawCustomer, sdkDriftCustomer, without } from '../../fixtures/customers';

describe('customer parsing (schema drift)', () => {
  describe('parseCustomer', () => {
    it('maps every documented field of the reference page', () => {
      const c = parseCustomer(rawCustomer());
      assert.deepEqual(c, {
        id: SAMPLE_ID,
        firstName: 'Jane',
        lastName: 'Doe',
        companyName: 'Acme Roofing',
        email: 'jane.doe@acmeroofing.example',
        phone: '+1 303-555-0142',
        status: 'active',
        source: 'Referral',
        notes: 'Gate code 4411.\nDog in the yard.',
        createdAt: '2019-12-27T18:11:19.117Z',
        address: {
          street1: '1200 Larimer St',
          street2: 'Suite 300',
          city: 'Denver',
          state: 'CO',
          zip: '80204',
          country: 'US',
        },
        location: [39.7478, -104.9949],
        isAutoPay: true,
        tags: ['vip', 'residential'],
        otherFields: {},
      });
    });

    it('treats every field as optional: only an id is enough', () => {
      assert.deepEqual(parseCustomer({ id: SAMPLE_ID }), { id: SAMPLE_ID, tags: [], otherFields: {} });
    });

    it('uses the requested id when the body has none, and gives up without any id', () => {
      const noId = without(rawCustomer(), 'id');
      assert.equal(parseCustomer(noId, 'requested-id')?.id, 'requested-id');
      assert.equal(parseCustomer(noId), undefined);
    });

    it('returns undefined for data that is not an object', () => {
      for (const data of [null, undefined, 'Jane', 42, true, [rawCustomer()]])
        assert.equal(parseCustomer(data, SAMPLE_ID), undefined, String(data));
    });

    it('reads the SDK drift: has_payment_method and null street2/location/notes/tags', () => {
      const c = parseCustomer(sdkDriftCustomer());
      assert.ok(c);
      assert.equal(c.hasPaymentMethod, true);
      assert.equal(c.isAutoPay, undefined);
      assert.equal(c.location, undefined);
      assert.equal(c.notes, undefined);
      assert.deepEqual(c.tags, []);
      assert.ok(c.address);
      assert.equal('street2' in c.address, false);
      assert.deepEqual(c.otherFields, {});
    });

    it('keeps both payment flags when both come', () => {
      const c = parseCustomer(rawCustomer({ is_auto_pay: false, has_payment_method: true }));
      assert.equal(c?.isAutoPay, false);
      assert.equal(c?.hasPaymentMethod, true);
    });

    it('drops null fields instead of keeping nulls', () => {
      const nulls = Object.fromEntries(Object.keys(without(rawCustomer(), 'id')).map((k) => [k, null]));
      const c = parseCustomer({ id: SAMPLE_ID, ...nulls });
      assert.deepEqual(c, { id: SAMPLE_ID, tags: [], otherFields: {} });
    });

    it('keeps a wrong-typed field in otherFields and still reads the rest', () => {
      const c = parseCustomer(
        rawCustomer({ first_name: 42, tags: 'vip,priority', location: ['x', {}], is_auto_pay: 'yes', status: 7 }),
      );
      assert.ok(c);
      assert.equal(c.firstName, undefined);
      assert.equal(c.lastName, 'Doe');
      assert.equal(c.companyName, 'Acme Roofing');
      assert.deepEqual(c.tags, []);
      assert.equal(c.location, undefined);
      assert.deepEqual(c.otherFields, {
        first_name: 42,
        tags: 'vip,priority',
        location: ['x', {}],
        is_auto_pay: 'yes',
        status: 7,
      });
    });

    it('keeps a non-string id aside and falls back to the requested id', () => {
      const c = parseCustomer(rawCustomer({ id: 12345 }), SAMPLE_ID);
      assert.equal(c?.id, SAMPLE_ID);
      assert.deepEqual(c?.otherFields, { id: 12345 });
    });

    it('keeps an unknown status value as text (no enum check)', () => {
      assert.equal(parseCustomer(rawCustomer({ status: 'archived' }))?.status, 'archived');
    });

    it('keeps unknown fields as they came', () => {
      const extra = { balance_cents: 12_550, custom_fields: { gate_code: '1234', pets: ['dog'] }, archived_at: null };
      const c = parseCustomer(rawCustomer(extra));
      assert.deepEqual(c?.otherFields, extra);
    });

    it('accepts an address with missing parts, and keeps an unreadable address whole', () => {
      assert.deepEqual(parseCustomer(rawCustomer({ address: { city: 'Austin' } }))?.address, { city: 'Austin' });
      const bad = rawAddress({ zip: 80204 });
      const c = parseCustomer(rawCustomer({ address: bad }));
      assert.equal(c?.address, undefined);
      assert.deepEqual(c?.otherFields, { address: bad });
      assert.deepEqual(parseCustomer(rawCustomer({ address: 'not an object' }))?.otherFields, {
        address: 'not an object',
      });
    });

    it('accepts a location of any length of finite numbers', () => {
      assert.deepEqual(parseCustomer(rawCustomer({ location: [0] }))?.location, [0]);
      assert.deepEqual(parseCustomer(rawCustomer({ location: [] }))?.location, []);
      assert.deepEqual(parseCustomer(rawCustomer({ location: [1, 2, 3] }))?.location, [1, 2, 3]);
    });

    it('keeps a "__proto__" key as an own field without touching any prototype', () => {
      const data = JSON.parse(
        `{"id":"${SAMPLE_ID}","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
      ) as unknown;
      const c = parseCustomer(data);
      assert.ok(c);
      assert.deepEqual(Object.keys(c.otherFields).sort(), ['__proto__', 'constructor']);
      assert.equal(Object.getPrototypeOf(c.otherFields), Object.prototype);
      assert.equal((c.otherFields as { polluted?: unknown }).polluted, undefined);
      assert.equal(({} as { polluted?: unknown }).polluted, undefined);
    });

    it('keeps strings exactly, markup and control characters included', () => {
      const nasty = '<script>alert(1)</script>\u202E\u0000[x](command:workbench.action.quit)';
      assert.equal(parseCustomer(rawCustomer({ notes: nasty }))?.notes, nasty);
    });
  });

  describe('parseCustomerPage', () => {
    const requested = { page: 2, limit: 10 };

    it('reads customers and pagination', () => {
      const page = parseCustomerPage(
        [rawCustomer(), rawCustomer({ id: 'b' })],
        { has_more: true, limit: 10, page: 2, total: 12 },
        requested,
      );
      assert.equal(page?.customers.length, 2);
      assert.deepEqual(page?.pagination, { hasMore: true, limit: 10, page: 2, total: 12 });
    });

    it('drops items that are not customers (no id, not objects)', () => {
      const page = parseCustomerPage(
        [rawCustomer(), without(rawCustomer(), 'id'), null, 'x', 3, [rawCustomer()]],
        { has_more: false },
        requested,
      );
      assert.deepEqual(
        page?.customers.map((c) => c.id),
        [SAMPLE_ID],
      );
    });

    it('falls back to the requested page and limit when pagination is missing or partial', () => {
      assert.deepEqual(parseCustomerPage([], undefined, requested)?.pagination, { hasMore: false, limit: 10, page: 2 });
      assert.deepEqual(parseCustomerPage([], { has_more: true }, requested)?.pagination, {
        hasMore: true,
        limit: 10,
        page: 2,
      });
      assert.deepEqual(parseCustomerPage([], { has_more: 'yes' }, requested)?.pagination, {
        hasMore: false,
        limit: 10,
        page: 2,
      });
    });

    it('refuses data that is not a list', () => {
      assert.equal(parseCustomerPage({ customers: [] }, undefined, requested), undefined);
      assert.equal(parseCustomerPage(null, undefined, requested), undefined);
    });
  });

  describe('parseAuthInfo', () => {
    const authData = (overrides: Record<string, unknown> = {}) => ({
      authenticated: true,
      company_id: 'c0ffee',
      user_id: null,
      auth_method: 'api_key',
      scopes: ['leads:read', 'customers:read'],
      timestamp: '2024-01-01T00:00:00.000Z',
      ...overrides,
    });

    it('reads the documented shape', () => {
      assert.deepEqual(parseAuthInfo(authData()), {
        authenticated: true,
        companyId: 'c0ffee',
        authMethod: 'api_key',
        scopes: ['leads:read', 'customers:read'],
      });
    });

    it('accepts a numeric company id, and missing or null scopes', () => {
      assert.equal(parseAuthInfo(authData({ company_id: 42 }))?.companyId, '42');
      assert.deepEqual(parseAuthInfo(authData({ scopes: null }))?.scopes, []);
      assert.deepEqual(parseAuthInfo(without(authData(), 'scopes'))?.scopes, []);
    });

    it('refuses a shape without a boolean authenticated', () => {
      assert.equal(parseAuthInfo(without(authData(), 'authenticated')), undefined);
      assert.equal(parseAuthInfo(authData({ authenticated: 'yes' })), undefined);
      assert.equal(parseAuthInfo(null), undefined);
    });
  });
});
