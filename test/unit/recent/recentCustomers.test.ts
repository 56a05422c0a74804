import * as assert from 'node:assert/strict';
import { isForgotten, RECENT_STATE_KEY, RecentCustomers, recentKey } from '../../../src/recent/model/recentCustomers';
import { FakeClock } from '../../fixtures/clock';
import { customerId, numberedCustomer, rawCustomer } from '../../fixtures/customers';
import { fixture, order } from './fakes';

/** One stored entry in the persisted shape (Rotor's field names under `data`). */
function stored(
  n: number,
  overrides: Record<string, unknown> = {},
  data: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    data: rawCustomer({ id: customerId(n), ...data }),
    viewedAt: 1_000 + n,
    fetchedAt: 900 + n,
    pinned: false,
    ...overrides,
  };
}

describe('RecentCustomers', () => {
  describe('order', () => {
    it('lists the newest view first', () => {
      const f = fixture();
      f.view(1, 2, 3);
      assert.deepEqual(order(f.recent), [3, 2, 1]);
    });

    it('moves a customer viewed again to the top and stamps the view time', () => {
      const f = fixture();
      f.view(1, 2, 3, 1);
      assert.deepEqual(order(f.recent), [1, 3, 2]);
      assert.equal(f.recent.get(customerId(1))?.viewedAt, f.clock.time);
    });

    it('keeps pinned customers on top, newest pinned first', () => {
      const f = fixture();
      f.view(1, 2, 3, 4);
      f.recent.setPinned(customerId(1), true);
      f.recent.setPinned(customerId(3), true);
      assert.deepEqual(order(f.recent), [3, 1, 4, 2]);
    });

    it('update() refreshes the data without moving the customer', () => {
      const f = fixture();
      f.view(1, 2);
      f.recent.update(numberedCustomer(1, { first_name: 'Janet' }), f.clock.tick(5_000));
      assert.deepEqual(order(f.recent), [2, 1]);
      const entry = f.recent.get(customerId(1));
      assert.equal(entry?.customer.firstName, 'Janet');
      assert.equal(entry?.fetchedAt, f.clock.time);
      assert.notEqual(entry?.viewedAt, f.clock.time);
    });

    it('update() with the entry it already holds (a cache hit) writes nothing and fires nothing', () => {
      const f = fixture();
      f.view(1);
      const entry = f.recent.get(customerId(1))!;
      const writes = f.storage.writes;
      let changes = 0;
      f.recent.onDidChange(() => changes++);
      f.recent.update(entry.customer, entry.fetchedAt);
      assert.equal(f.storage.writes, writes);
      assert.equal(changes, 0);
      // The same data fetched again later is news: the fetch time moves.
      f.recent.update(entry.customer, f.clock.tick(1_000));
      assert.equal(f.storage.writes, writes + 1);
      assert.equal(changes, 1);
    });

    it('update() of a customer not in the list adds nothing and stays quiet', () => {
      const f = fixture();
      f.view(1);
      let changes = 0;
      f.recent.onDidChange(() => changes++);
      f.recent.update(numberedCustomer(9), f.clock.time);
      assert.deepEqual(order(f.recent), [1]);
      assert.equal(changes, 0);
    });
  });

  describe('dedupe', () => {
    it('holds one entry per ID, with the newest data', () => {
      const f = fixture();
      f.view(1);
      f.recent.record(numberedCustomer(1, { company_name: 'Acme Gutters' }), f.clock.tick());
      assert.equal(f.recent.list().length, 1);
      assert.equal(f.recent.get(customerId(1))?.customer.companyName, 'Acme Gutters');
    });

    it('keeps the pin when a pinned customer is viewed again', () => {
      const f = fixture();
      f.view(1, 2);
      f.recent.setPinned(customerId(1), true);
      f.view(1);
      assert.equal(f.recent.get(customerId(1))?.pinned, true);
    });
  });

  describe('cap', () => {
    it('keeps the newest rotor.recent.maxItems customers', () => {
      const f = fixture({ maxItems: 3 });
      f.view(1, 2, 3, 4, 5);
      assert.deepEqual(order(f.recent), [5, 4, 3]);
    });

    it('never drops a pinned customer, however old', () => {
      const f = fixture({ maxItems: 3 });
      f.view(1, 2, 3);
      f.recent.setPinned(customerId(1), true);
      f.view(4, 5, 6);
      assert.deepEqual(order(f.recent), [1, 6, 5]);
    });

    it('keeps every pinned customer even when they alone exceed the cap', () => {
      const f = fixture({ maxItems: 2 });
      f.view(1, 2);
      f.recent.setPinned(customerId(1), true);
      f.recent.setPinned(customerId(2), true);
      f.view(3);
      assert.deepEqual(order(f.recent), [2, 1]);
    });

    it('enforceLimit() applies a lowered setting at once', () => {
      const f = fixture({ maxItems: 10 });
      f.view(1, 2, 3, 4, 5);
      f.recent.setPinned(customerId(1), true);
      f.settings.maxItems = 3;
      assert.equal(f.recent.enforceLimit(), true);
      assert.deepEqual(order(f.recent), [1, 5, 4]);
      assert.equal(f.recent.enforceLimit(), false);
    });

    it('applies a cap lowered while closed when loading, keeping pinned entries stored last', () => {
      const f = fixture({ maxItems: 2, initial: [stored(5), stored(4), stored(3), stored(1, { pinned: true })] });
      assert.deepEqual(order(f.recent), [1, 5]);
    });
  });

  describe('pin, unpin, remove, clear', () => {
    it('pins and unpins, telling listeners once per real change', () => {
      const f = fixture();
      f.view(1, 2);
      let changes = 0;
      f.recent.onDidChange(() => changes++);
      f.recent.setPinned(customerId(1), true);
      f.recent.setPinned(customerId(1), true);
      assert.equal(f.recent.get(customerId(1))?.pinned, true);
      assert.equal(changes, 1);
      f.recent.setPinned(customerId(1), false);
      assert.equal(f.recent.get(customerId(1))?.pinned, false);
      assert.deepEqual(order(f.recent), [2, 1]);
      assert.equal(changes, 2);
    });

    it('ignores pinning an ID that is not listed', () => {
      const f = fixture();
      f.view(1);
      f.recent.setPinned(customerId(7), true);
      assert.deepEqual(order(f.recent), [1]);
    });

    it('removes one customer, pinned or not', () => {
      const f = fixture();
      f.view(1, 2, 3);
      f.recent.setPinned(customerId(2), true);
      f.recent.remove(customerId(2));
      f.recent.remove(customerId(3));
      assert.deepEqual(order(f.recent), [1]);
      assert.equal(f.recent.get(customerId(2)), undefined);
    });

    it('removing an unknown ID writes nothing', () => {
      const f = fixture();
      f.view(1);
      const writes = f.storage.writes;
      f.recent.remove(customerId(8));
      assert.equal(f.storage.writes, writes);
    });

    it('clears everything, pinned included, and persists the empty list', () => {
      const f = fixture();
      f.view(1, 2);
      f.recent.setPinned(customerId(1), true);
      let changes = 0;
      f.recent.onDidChange(() => changes++);
      f.recent.clear();
      assert.deepEqual(f.recent.list(), []);
      assert.equal(changes, 1);
      assert.deepEqual(f.reopen().list(), []);
    });
  });

  describe('persistence', () => {
    it('a new model over the same storage sees the same list', () => {
      const f = fixture();
      f.view(1, 2, 3);
      f.recent.setPinned(customerId(2), true);
      f.recent.update(numberedCustomer(3, { phone: '+1 720-555-0100' }), f.clock.tick());
      const again = f.reopen();
      assert.deepEqual(again.list(), f.recent.list());
      assert.equal(again.get(customerId(3))?.customer.phone, '+1 720-555-0100');
    });

    it('stores Rotor field names, with unknown fields kept', () => {
      const f = fixture();
      f.recent.record(numberedCustomer(1, { loyalty_tier: 'gold' }), f.clock.tick());
      const state = f.storage.get<Array<{ data: Record<string, unknown> }>>(RECENT_STATE_KEY);
      assert.equal(state?.[0]?.data.first_name, 'Jane');
      assert.equal(state?.[0]?.data.loyalty_tier, 'gold');
      assert.deepEqual(f.reopen().get(customerId(1))?.customer.otherFields, { loyalty_tier: 'gold' });
    });

    it('keeps working in memory when the storage throws', () => {
      const storage = {
        get: () => undefined,
        update: (): Promise<void> => {
          throw new Error('disk full');
        },
      };
      const recent = new RecentCustomers(storage, () => 10, new FakeClock().now);
      let changes = 0;
      recent.onDidChange(() => changes++);
      recent.record(numberedCustomer(1), 1);
      assert.equal(recent.list().length, 1);
      assert.equal(changes, 1);
    });

    it('survives a storage whose write rejects', async () => {
      const storage = { get: () => undefined, update: () => Promise.reject(new Error('gone')) };
      const recent = new RecentCustomers(storage, () => 10);
      recent.record(numberedCustomer(1), 1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(recent.list().length, 1);
    });
  });

  describe('connections', () => {
    it("reads entries stored before connections existed as Default's, and writes them back unchanged", () => {
      const f = fixture({ initial: [stored(1), stored(2)] });
      assert.deepEqual(
        f.recent.list().map((e) => e.connectionId),
        ['default', 'default'],
      );
      f.recent.setPinned(customerId(1), true);
      const state = f.storage.get<Record<string, unknown>[]>(RECENT_STATE_KEY) ?? [];
      assert.ok(
        state.every((e) => !('connection' in e)),
        'no connection field for Default',
      );
    });

    it('keeps the same UUID of two connections as two customers, each under its own key', () => {
      const f = fixture();
      f.recent.record(numberedCustomer(1, { first_name: 'Jane' }), f.clock.tick());
      f.recent.record(numberedCustomer(1, { first_name: 'Jim' }), f.clock.tick(), 'a1b2');
      assert.equal(f.recent.list().length, 2);
      assert.equal(f.recent.get(customerId(1))?.customer.firstName, 'Jane');
      const other = f.recent.get(`a1b2:${customerId(1)}`);
      assert.equal(other?.customer.firstName, 'Jim');
      assert.equal(other && recentKey(other), `a1b2:${customerId(1)}`);
      f.recent.update(numberedCustomer(1, { first_name: 'James' }), f.clock.tick(), 'a1b2');
      assert.equal(f.recent.get(customerId(1))?.customer.firstName, 'Jane', 'an update of one leaves the other');
      const again = f.reopen();
      assert.equal(again.get(`a1b2:${customerId(1)}`)?.customer.firstName, 'James');
      assert.equal(again.get(`a1b2:${customerId(1)}`)?.connectionId, 'a1b2');
    });

    it('removeConnection drops every entry of that connection, pinned ones too', () => {
      const f = fixture();
      f.view(1, 2);
      f.recent.record(numberedCustomer(3), f.clock.tick(), 'a1b2');
      f.recent.setPinned(`a1b2:${customerId(3)}`, true);
      f.recent.removeConnection('a1b2');
      assert.deepEqual(order(f.recent), [2, 1]);
      assert.ok(!JSON.stringify(f.storage.data).includes('a1b2'));
    });
  });

  describe('retainConnections', () => {
    it('drops the entries of connections not listed, pinned ones too, and keeps the rest', () => {
      const f = fixture();
      f.view(1, 2);
      f.recent.record(numberedCustomer(3), f.clock.tick(), 'a1b2');
      f.recent.record(numberedCustomer(4), f.clock.tick(), 'gone');
      f.recent.setPinned(`gone:${customerId(4)}`, true);
      assert.equal(f.recent.retainConnections(['default', 'a1b2']), 1);
      assert.deepEqual(order(f.recent), [3, 2, 1]);
      assert.ok(!JSON.stringify(f.storage.data).includes('gone'));
    });

    it('writes nothing when every entry has its connection', () => {
      const f = fixture();
      f.view(1);
      const saved = JSON.stringify(f.storage.data);
      let changes = 0;
      f.recent.onDidChange(() => changes++);
      assert.equal(f.recent.retainConnections(['default']), 0);
      assert.equal(changes, 0);
      assert.equal(JSON.stringify(f.storage.data), saved);
    });
  });

  describe('corrupted state', () => {
    for (const [name, state] of [
      ['null', null],
      ['an object', { [customerId(1)]: stored(1) }],
      ['a string', 'rotor'],
      ['a number', 42],
      ['true', true],
    ] as const) {
      it(`starts empty when the state is ${name}`, () => {
        assert.deepEqual(fixture({ initial: state }).recent.list(), []);
      });
    }

    it('drops unreadable entries and keeps the good ones', () => {
      const f = fixture({
        initial: [
          null,
          'not an entry',
          7,
          [],
          { viewedAt: 1, fetchedAt: 1 },
          { data: null, viewedAt: 1, fetchedAt: 1 },
          { data: 'text', viewedAt: 1, fetchedAt: 1 },
          stored(2, {}, { id: 'not-a-uuid' }),
          stored(3, {}, { id: 42 }),
          stored(4, { viewedAt: 'yesterday' }),
          stored(5, { fetchedAt: null }),
          stored(6, { viewedAt: -5 }),
          stored(7, { fetchedAt: undefined }),
          stored(1),
        ],
      });
      assert.deepEqual(order(f.recent), [1]);
    });

    it('keeps the first of duplicated IDs, whatever their case', () => {
      const first = stored(1, { viewedAt: 500 }, { first_name: 'First' });
      const second = stored(1, { viewedAt: 900 }, { id: customerId(1).toUpperCase(), first_name: 'Second' });
      const f = fixture({ initial: [first, second] });
      assert.equal(f.recent.list().length, 1);
      assert.equal(f.recent.get(customerId(1))?.customer.firstName, 'First');
    });

    it('normalizes an upper-case stored ID', () => {
      const f = fixture({ initial: [stored(1, {}, { id: customerId(1).toUpperCase() })] });
      assert.ok(f.recent.get(customerId(1)));
    });

    it('reads a non-boolean pinned as not pinned and a bad field as an other field', () => {
      const f = fixture({ initial: [stored(1, { pinned: 'yes' }, { email: 12 })] });
      const entry = f.recent.get(customerId(1));
      assert.equal(entry?.pinned, false);
      assert.equal(entry?.customer.email, undefined);
      assert.deepEqual(entry?.customer.otherFields, { email: 12 });
    });

    it('records over corrupted state without throwing, and writes a clean list', () => {
      const f = fixture({ initial: [null, stored(1, { viewedAt: 'x' })] });
      f.view(2);
      assert.deepEqual(order(f.reopen()), [2]);
    });
  });

  describe('forget and retention', () => {
    it('forget drops every record; pinned ones can stay as bare IDs, also after a reopen', () => {
      const f = fixture();
      f.view(1, 2, 3);
      f.recent.setPinned(customerId(2), true);
      f.recent.forget(true);
      const kept = f.reopen().list();
      assert.deepEqual(
        kept.map((e) => e.customer),
        [{ id: customerId(2), tags: [], otherFields: {} }],
      );
      assert.equal(kept[0]!.pinned, true);
      assert.equal(isForgotten(kept[0]!), true);
      const stored = JSON.stringify(f.storage.get(RECENT_STATE_KEY));
      assert.ok(!stored.includes('Jane') && !stored.includes('@'), stored);
      f.recent.forget(false);
      assert.deepEqual(f.reopen().list(), []);
    });

    it('dropOlderThan removes entries not viewed for that many days; pinned ones keep their bare ID; 0 keeps all', () => {
      const f = fixture();
      f.view(1, 3);
      f.recent.setPinned(customerId(1), true);
      f.clock.tick(40 * 24 * 3600_000);
      f.view(2);
      assert.equal(f.recent.dropOlderThan(0), 0);
      assert.equal(f.recent.dropOlderThan(30), 2);
      const kept = f.reopen().list();
      assert.deepEqual(
        kept.map((e) => [e.customer.id, e.pinned, isForgotten(e)]),
        [
          [customerId(1), true, true],
          [customerId(2), false, false],
        ],
      );
      assert.equal(kept[0]!.customer.firstName, undefined);
      // A bare pinned ID is not dropped again, nor counted.
      assert.equal(f.reopen().dropOlderThan(30), 0);
    });
  });
});
