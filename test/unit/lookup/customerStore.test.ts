import * as assert from 'node:assert/strict';
import { type Customer } from '../../../src/api/customer';
import { CancelledError, NotFoundError, ServerError } from '../../../src/api/errors';
import { CustomerStore } from '../../../src/lookup/model/customerStore';
import { customer } from '../../fixtures/customers';

const A = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const B = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Customer `id`, first name Jane unless the test says otherwise. */
function jane(id: string, firstName = 'Jane'): Customer {
  return customer({ id, firstName });
}

interface Call {
  id: string;
  signal: AbortSignal;
  resolve(c: Customer): void;
  reject(e: unknown): void;
}

/** A fetch function under the test's control: each call waits until the test settles it. */
function controlledFetch() {
  const calls: Call[] = [];
  const fetchCustomer = (id: string, options: { signal: AbortSignal }) =>
    new Promise<Customer>((resolve, reject) => {
      calls.push({ id, signal: options.signal, resolve, reject });
    });
  return { calls, fetchCustomer };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CustomerStore', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  function store(fetchCustomer: (id: string, o: { signal: AbortSignal }) => Promise<Customer>, ttlMs = 60_000) {
    return new CustomerStore({ fetchCustomer, ttlMs: () => ttlMs, maxEntries: 100, now: clock });
  }

  it('answers from the cache while fresh and asks again after the TTL', async () => {
    let calls = 0;
    const s = store(async (id) => {
      calls++;
      return jane(id);
    });
    const first = await s.lookup(A);
    assert.equal(first.fromCache, false);
    now += 59_999;
    assert.equal((await s.lookup(A)).fromCache, true);
    assert.equal(calls, 1);
    now += 2;
    assert.equal((await s.lookup(A)).fromCache, false);
    assert.equal(calls, 2);
  });

  it('remembers "not a customer" for the TTL (negative caching)', async () => {
    let calls = 0;
    const s = store(async () => {
      calls++;
      throw new NotFoundError();
    });
    assert.equal((await s.lookup(A)).kind, 'notFound');
    assert.equal((await s.lookup(A)).kind, 'notFound');
    assert.equal(calls, 1);
    now += 60_001;
    await s.lookup(A);
    assert.equal(calls, 2);
  });

  it('shares one request among simultaneous lookups of one ID', async () => {
    const f = controlledFetch();
    const s = store(f.fetchCustomer);
    const waits = Array.from({ length: 50 }, () => s.lookup(A));
    await tick();
    assert.equal(f.calls.length, 1);
    f.calls[0]!.resolve(jane(A));
    const results = await Promise.all(waits);
    assert.ok(results.every((r) => r.kind === 'customer'));
  });

  it('aborts the request only when the last waiter cancels', async () => {
    const f = controlledFetch();
    const s = store(f.fetchCustomer);
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = s.lookup(A, { signal: c1.signal });
    const p2 = s.lookup(A, { signal: c2.signal });
    const p3 = s.lookup(A);
    await tick();
    c1.abort();
    await assert.rejects(p1, CancelledError);
    assert.equal(f.calls[0]!.signal.aborted, false, 'others still wait');
    c2.abort();
    await assert.rejects(p2, CancelledError);
    assert.equal(f.calls[0]!.signal.aborted, false, 'a waiter without a signal still waits');
    f.calls[0]!.resolve(jane(A));
    assert.equal((await p3).kind, 'customer');
  });

  it('aborts the request when its only waiter cancels, and the next lookup asks again', async () => {
    const f = controlledFetch();
    const s = store(f.fetchCustomer);
    const c = new AbortController();
    const p = s.lookup(A, { signal: c.signal });
    await tick();
    c.abort();
    await assert.rejects(p, CancelledError);
    assert.equal(f.calls[0]!.signal.aborted, true);
    f.calls[0]!.reject(new CancelledError());
    await tick();
    const again = s.lookup(A);
    await tick();
    assert.equal(f.calls.length, 2);
    f.calls[1]!.resolve(jane(A));
    assert.equal((await again).kind, 'customer');
  });

  it('clear() drops requests under way: a later lookup asks again and the old answer is not cached', async () => {
    // A key change (maybe another company) clears the store while a hover's request is out.
    const f = controlledFetch();
    const s = store(f.fetchCustomer);
    const before = s.lookup(A);
    await tick();
    s.clear();
    assert.equal(f.calls[0]!.signal.aborted, true, 'the old request is aborted');
    const after = s.lookup(A);
    await tick();
    assert.equal(f.calls.length, 2, 'the new lookup does not join the old request');
    f.calls[0]!.resolve(jane(A, 'Old'));
    await before.catch(() => undefined);
    assert.equal(s.peek(A), undefined, "the old key's answer is not cached");
    f.calls[1]!.resolve(jane(A, 'New'));
    const result = await after;
    assert.equal(result.kind === 'customer' && result.customer.firstName, 'New');
    assert.equal(s.pending, 0);
  });

  it('rejects at once for a signal that is already aborted, without a request', async () => {
    const f = controlledFetch();
    const s = store(f.fetchCustomer);
    const c = new AbortController();
    c.abort();
    await assert.rejects(s.lookup(A, { signal: c.signal }), CancelledError);
    await tick();
    assert.equal(f.calls.length, 1);
    assert.equal(f.calls[0]!.signal.aborted, true);
  });

  it('serves the last known data, marked stale, when Rotor fails', async () => {
    let fail = false;
    const s = store(async (id) => {
      if (fail) throw new ServerError(500);
      return jane(id);
    });
    await s.lookup(A);
    now += 120_000;
    fail = true;
    const r = await s.lookup(A);
    assert.equal(r.kind, 'customer');
    assert.ok(r.kind === 'customer' && r.stale instanceof ServerError);
    assert.equal(r.fetchedAt, 1_000_000);
  });

  it('throws when nothing is known and Rotor fails', async () => {
    const s = store(async () => {
      throw new ServerError(503);
    });
    await assert.rejects(s.lookup(B), ServerError);
  });

  it('refresh asks Rotor even when fresh', async () => {
    let calls = 0;
    const s = store(async (id) => {
      calls++;
      return jane(id, `v${calls}`);
    });
    await s.lookup(A);
    const r = await s.lookup(A, { refresh: true });
    assert.equal(calls, 2);
    assert.ok(r.kind === 'customer' && r.customer.firstName === 'v2');
  });

  it('peek never sends a request and reports freshness', async () => {
    let calls = 0;
    const s = store(async (id) => {
      calls++;
      return jane(id);
    });
    assert.equal(s.peek(A), undefined);
    await s.lookup(A);
    assert.equal(s.peek(A)?.fresh, true);
    now += 60_000;
    assert.equal(s.peek(A)?.fresh, false);
    assert.equal(calls, 1);
  });

  it('stays within its entry bound', async () => {
    const s = new CustomerStore({
      fetchCustomer: async (id) => jane(id),
      ttlMs: () => 60_000,
      maxEntries: 10,
      now: clock,
    });
    for (let i = 0; i < 100; i++) await s.lookup(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    assert.equal(s.size, 10);
  });

  it('prime keeps the newer of two copies and fires a change', () => {
    const s = store(async (id) => jane(id));
    const changed: string[] = [];
    s.onDidChange((id) => changed.push(id));
    s.prime(jane(A, 'new'), 10);
    s.prime(jane(A, 'old'), 5);
    const entry = s.peek(A);
    assert.ok(entry?.kind === 'customer' && entry.customer.firstName === 'new');
    assert.deepEqual(changed, [A]);
  });
});
