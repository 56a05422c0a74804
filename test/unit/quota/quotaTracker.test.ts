import * as assert from 'node:assert/strict';
import { QuotaExhaustedError, QuotaReserveError } from '../../../src/api/errors';
import { type KeyValueStorage } from '../../../src/common/model/events';
import { QUOTA_STATE_KEY, QuotaTracker } from '../../../src/quota/model/quotaTracker';
import { MemoryMemento } from '../../fixtures/memento';

const KEY = 'rotor_test_key_secret';
const user = { priority: 'user', force: false } as const;
const background = { priority: 'background', force: false } as const;

describe('QuotaTracker', () => {
  let now: number;
  const settings = { dailyLimit: 10, hoverReserve: 3 };
  beforeEach(() => {
    now = Date.UTC(2026, 10, 26, 23, 59, 0);
  });

  it('counts requests per key per UTC day and starts again after midnight', () => {
    const q = new QuotaTracker(
      new MemoryMemento(),
      () => settings,
      () => now,
    );
    for (let i = 0; i < 4; i++) q.record(KEY, 200);
    assert.equal(q.snapshot(KEY).used, 4);
    assert.equal(q.snapshot('another key').used, 0);
    now += 61_000; // 00:00:01 UTC next day
    assert.equal(q.snapshot(KEY).used, 0);
    assert.equal(q.snapshot(KEY).resetsAt.toISOString(), '2026-11-28T00:00:00.000Z');
  });

  it('refuses background lookups inside the reserve but lets explicit ones through', () => {
    const q = new QuotaTracker(
      new MemoryMemento(),
      () => settings,
      () => now,
    );
    for (let i = 0; i < 7; i++) q.record(KEY, 200);
    q.admit(KEY, background); // 3 left: not below the reserve
    q.record(KEY, 200);
    assert.throws(() => q.admit(KEY, background), QuotaReserveError);
    q.admit(KEY, user);
  });

  it('after a 429 blocks everything until midnight unless forced', () => {
    const q = new QuotaTracker(
      new MemoryMemento(),
      () => settings,
      () => now,
    );
    q.record(KEY, 429);
    assert.equal(q.snapshot(KEY).exhausted, true);
    assert.equal(q.snapshot(KEY).used, 10);
    assert.throws(
      () => q.admit(KEY, user),
      (e: unknown) => e instanceof QuotaExhaustedError && e.resetsAt.toISOString() === '2026-11-27T00:00:00.000Z',
    );
    q.admit(KEY, { priority: 'user', force: true });
    now += 61_000;
    q.admit(KEY, user);
  });

  it('lets the user lift the block', () => {
    const q = new QuotaTracker(
      new MemoryMemento(),
      () => settings,
      () => now,
    );
    q.record(KEY, 429);
    q.clearExhausted(KEY);
    q.admit(KEY, user);
  });

  it('persists counts without the key and survives corrupted state', () => {
    const storage = new MemoryMemento();
    new QuotaTracker(
      storage,
      () => settings,
      () => now,
    ).record(KEY, 200);
    assert.ok(!JSON.stringify(storage.data).includes(KEY));
    assert.equal(
      new QuotaTracker(
        storage,
        () => settings,
        () => now,
      ).snapshot(KEY).used,
      1,
    );
    for (const junk of [null, 'x', 42, [1], { a: null }, { a: { day: 1, used: 'x' } }]) {
      const q = new QuotaTracker(
        new MemoryMemento({ [QUOTA_STATE_KEY]: junk }),
        () => settings,
        () => now,
      );
      assert.equal(q.snapshot(KEY).used, 0);
      q.record(KEY, 200);
      assert.equal(q.snapshot(KEY).used, 1);
    }
  });

  it('tells listeners when counts change', () => {
    const q = new QuotaTracker(
      new MemoryMemento(),
      () => settings,
      () => now,
    );
    let fired = 0;
    q.onDidChange(() => fired++);
    q.record(KEY, 200);
    assert.equal(fired, 1);
  });
});

describe('QuotaTracker as the authority', () => {
  it('keeps counting when storage hands back an older value (a Memento echo during a burst)', () => {
    const now = Date.UTC(2026, 10, 26, 12);
    let stored: unknown;
    const writes: unknown[] = [];
    // A storage whose reads lag one write behind, like a Memento echoing an earlier write.
    const laggingStorage: KeyValueStorage = {
      get: <T>() => (writes.length > 1 ? writes[writes.length - 2] : stored) as T | undefined,
      update: async (_key: string, value: unknown) => {
        writes.push(value);
        stored = value;
      },
    };
    const q = new QuotaTracker(
      laggingStorage,
      () => ({ dailyLimit: 1000, hoverReserve: 100 }),
      () => now,
    );
    for (let i = 0; i < 100; i++) q.record(KEY, 200);
    assert.equal(q.snapshot(KEY).used, 100);
  });

  it('reset forgets every count', () => {
    const q = new QuotaTracker(
      new MemoryMemento(),
      () => ({ dailyLimit: 10, hoverReserve: 3 }),
      () => Date.UTC(2026, 10, 26, 12),
    );
    q.record(KEY, 429);
    q.reset();
    assert.deepEqual([q.snapshot(KEY).used, q.snapshot(KEY).exhausted], [0, false]);
  });
});
