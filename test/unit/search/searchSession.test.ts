import * as assert from 'node:assert/strict';
import { type Customer } from '../../../src/api/customer';
import { QuotaExhaustedError, QuotaReserveError, ServerError } from '../../../src/api/errors';
import { SearchResultCache } from '../../../src/search/model/searchCache';
import {
  CustomerSearchSession,
  type SearchSessionOptions,
  type SearchState,
} from '../../../src/search/model/searchSession';
import { FakeClock } from '../../fixtures/clock';
import { demoCustomers, fakeServer, typeSlowly } from './fakes';

const DEBOUNCE = 300;

function ids(customers: readonly Customer[]): string[] {
  return customers.map((c) => c.id);
}

function results(state: SearchState) {
  assert.equal(state.kind, 'results', `expected results, got ${JSON.stringify(state)}`);
  return state as Extract<SearchState, { kind: 'results' }>;
}

describe('CustomerSearchSession', () => {
  let clock: FakeClock;
  let data: Customer[];
  const sessions: CustomerSearchSession[] = [];

  beforeEach(() => {
    clock = new FakeClock();
    data = demoCustomers();
  });
  afterEach(() => {
    for (const s of sessions.splice(0)) s.dispose();
  });

  function session(
    server: ReturnType<typeof fakeServer>,
    options: Partial<SearchSessionOptions> = {},
  ): CustomerSearchSession {
    const s = new CustomerSearchSession({
      search: server.search,
      clock,
      debounceMs: DEBOUNCE,
      minLength: 2,
      pageSize: 100,
      ...options,
    });
    sessions.push(s);
    return s;
  }

  describe('debounce and minimum length', () => {
    it('collapses rapid typing into one request for the last query', async () => {
      const server = fakeServer(data);
      const s = session(server);
      for (const value of ['ac', 'acm', 'acme', 'acme r']) {
        s.setQuery(value);
        await clock.advance(DEBOUNCE - 1);
      }
      assert.equal(server.calls.length, 0, 'nothing is sent while the user keeps typing');
      assert.equal(s.state.kind, 'searching');
      assert.equal(s.busy, true);
      await clock.advance(1);
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['acme r'],
      );
      assert.deepEqual(ids(results(s.state).customers), ids(server.pageOf('acme r', 1, 100).customers));
      assert.equal(s.busy, false);
    });

    it('sends nothing below the minimum length and says so', async () => {
      const server = fakeServer(data);
      const s = session(server, { minLength: 3 });
      s.setQuery('a');
      await clock.advance(5_000);
      assert.deepEqual(s.state, { kind: 'tooShort', query: 'a', minLength: 3 });
      s.setQuery('  ac   ');
      await clock.advance(5_000);
      assert.deepEqual(s.state, { kind: 'tooShort', query: 'ac', minLength: 3 });
      s.setQuery('   ');
      await clock.advance(5_000);
      assert.deepEqual(s.state, { kind: 'empty' });
      assert.equal(server.calls.length, 0);
    });

    it('normalizes: case, surrounding and repeated spaces make no new request', async () => {
      const server = fakeServer(data);
      const s = session(server);
      s.setQuery('  ACME   Roof ');
      await clock.advance(DEBOUNCE);
      for (const same of ['acme roof', 'Acme Roof', 'acme  roof  ']) {
        s.setQuery(same);
        await clock.advance(DEBOUNCE);
      }
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['acme roof'],
      );
      assert.equal(s.query, 'acme roof');
    });

    it('cancelling back below the minimum aborts the running request', async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      s.setQuery('a');
      assert.equal(server.calls[0]!.signal.aborted, true);
      assert.equal(s.state.kind, 'tooShort');
      assert.equal(s.busy, false);
    });
  });

  describe('request bound for typing "acme roof" character by character', () => {
    // The designed bound: one request in all, whatever the typing speed or server latency, when
    // the first answer is complete (has_more=false); every later prefix is answered locally.
    const TEXT = 'acme roof';
    const BOUND = 1;

    for (const [name, gapMs, latencyMs] of [
      ['pausing longer than the debounce after every character (worst case)', 1_000, 0],
      ['typing faster than the debounce', 80, 0],
      ['typing at the debounce while Rotor is slow', DEBOUNCE, 2_000],
      ['typing fast while Rotor is slow', 120, 5_000],
    ] as const) {
      it(`costs at most ${BOUND} request: ${name}`, async () => {
        const server = fakeServer(data, { clock, latencyMs });
        const s = session(server);
        const seen: string[] = [];
        s.onDidChange((state) => {
          if (state.kind === 'results') seen.push(state.query);
        });
        await typeSlowly(clock, (v) => s.setQuery(v), TEXT, gapMs);
        await clock.advance(latencyMs + DEBOUNCE);
        assert.ok(
          server.calls.length <= BOUND,
          `sent ${server.calls.length} requests: ${server.calls.map((c) => c.search).join(', ')}`,
        );
        assert.equal(server.calls.length, 1);
        assert.ok(
          server.calls.every((c) => c.signal.aborted === false),
          'the broader request was awaited, not aborted',
        );
        const final = results(s.state);
        assert.equal(final.query, TEXT);
        assert.deepEqual(ids(final.customers), ids(server.pageOf(TEXT, 1, 100).customers));
        assert.equal(final.customers.length, 5);
        assert.ok(seen.includes(TEXT));
      });
    }

    it('shows each refinement at once, without waiting for the debounce', async () => {
      const server = fakeServer(data);
      const s = session(server);
      s.setQuery('ac');
      await clock.advance(DEBOUNCE);
      assert.equal(server.calls.length, 1);
      s.setQuery('acme r');
      const state = results(s.state);
      assert.equal(state.source, 'refined');
      assert.deepEqual(ids(state.customers), ids(server.pageOf('acme r', 1, 100).customers));
      assert.equal(s.busy, false);
      assert.equal(clock.pendingTimers, 0);
    });

    it('filters refinements with the server rule: first/last/company name, email, phone, case-insensitive', async () => {
      const server = fakeServer(data);
      const s = session(server);
      s.setQuery('a');
      s.setQuery('ac');
      await clock.advance(DEBOUNCE);
      for (const q of ['acme', 'ACME ROOFING CO', 'acmegutters', 'acker', 'acme roofing & g']) {
        s.setQuery(q);
        const state = results(s.state);
        assert.equal(state.source, 'refined', q);
        assert.deepEqual(ids(state.customers), ids(server.pageOf(q, 1, 100).customers), q);
      }
      assert.equal(server.calls.length, 1);
    });

    it('does not reuse an answer that had more pages (has_more=true)', async () => {
      const server = fakeServer(data);
      const s = session(server, { pageSize: 2 });
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      assert.equal(results(s.state).hasMore, true);
      s.setQuery('acme r');
      assert.equal(s.state.kind, 'searching', 'an incomplete answer cannot answer a refinement');
      await clock.advance(DEBOUNCE);
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['acme', 'acme r'],
      );
      assert.deepEqual(ids(results(s.state).customers), ids(server.pageOf('acme r', 1, 2).customers));
    });

    it('with incomplete answers, costs one request per pause, and none while typing fast', async () => {
      const server = fakeServer(data);
      const s = session(server, { pageSize: 1 });
      await typeSlowly(clock, (v) => s.setQuery(v), 'acme', DEBOUNCE);
      // Pauses after "ac", "acm", "acme" (the trailing space of "acme " is the same query).
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['ac', 'acm', 'acme'],
      );
    });

    it('a broader request that comes back incomplete is followed by one for the current query', async () => {
      const server = fakeServer(data, { clock, latencyMs: 1_000 });
      const s = session(server, { pageSize: 2 });
      s.setQuery('ac');
      await clock.advance(DEBOUNCE);
      s.setQuery('acme roof');
      await clock.advance(DEBOUNCE);
      assert.equal(server.calls.length, 1, 'waits for the running broader request');
      await clock.advance(1_000);
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['ac', 'acme roof'],
      );
      await clock.advance(1_000);
      assert.equal(results(s.state).query, 'acme roof');
    });
  });

  describe('cache', () => {
    it('answers an identical query from the cache', async () => {
      const server = fakeServer(data);
      const s = session(server);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      s.setQuery('bob');
      await clock.advance(DEBOUNCE);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['acme', 'bob'],
      );
      assert.equal(results(s.state).source, 'cache');
    });

    it('is shared between sessions and expires', async () => {
      const server = fakeServer(data);
      const cache = new SearchResultCache({ ttlMs: () => 60_000, now: clock.now });
      session(server, { cache }).setQuery('bob');
      await clock.advance(DEBOUNCE);
      const second = session(server, { cache });
      second.setQuery('bob');
      assert.equal(results(second.state).source, 'cache');
      assert.equal(server.calls.length, 1);
      await clock.advance(60_000);
      const third = session(server, { cache });
      third.setQuery('bob');
      await clock.advance(DEBOUNCE);
      assert.equal(server.calls.length, 2);
    });
  });

  describe('cancellation', () => {
    it('aborts a superseded search and ignores its late answer', async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      const [first] = server.calls;
      assert.equal(first!.search, 'acme');
      s.setQuery('bob');
      assert.equal(first!.signal.aborted, true, 'the fake search saw its signal aborted');
      // A server that answers anyway, late: ignored.
      first!.answer();
      await clock.advance(0);
      assert.deepEqual(s.state, { kind: 'searching', query: 'bob' });
      await clock.advance(DEBOUNCE);
      server.calls[1]!.answer();
      await clock.advance(0);
      const state = results(s.state);
      assert.equal(state.query, 'bob');
      assert.deepEqual(ids(state.customers), ids(server.pageOf('bob', 1, 100).customers));
    });

    it('keeps a running request for a broader query instead of aborting it', async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server);
      s.setQuery('ac');
      await clock.advance(DEBOUNCE);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      assert.equal(server.calls.length, 1);
      assert.equal(server.calls[0]!.signal.aborted, false);
      server.calls[0]!.answer();
      await clock.advance(0);
      assert.equal(results(s.state).source, 'refined');
      assert.equal(server.calls.length, 1);
    });

    it('dispose aborts everything and fires nothing afterwards', async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server);
      let changes = 0;
      s.onDidChange(() => changes++);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      const before = changes;
      s.dispose();
      assert.equal(server.calls[0]!.signal.aborted, true);
      server.calls[0]!.answer();
      s.setQuery('bob');
      await clock.advance(DEBOUNCE * 2);
      assert.equal(changes, before);
      assert.equal(server.calls.length, 1);
    });
  });

  describe('paging', () => {
    it('Load more fetches page 2 with priority user and appends it', async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server, { pageSize: 2 });
      s.setQuery('acme roof');
      await clock.advance(DEBOUNCE);
      server.calls[0]!.answer();
      await clock.advance(0);
      const first = results(s.state);
      assert.equal(first.hasMore, true);
      assert.equal(first.total, 5);
      assert.equal(first.customers.length, 2);

      s.loadMore();
      s.loadMore(); // a double click sends one request
      assert.equal(server.calls.length, 2);
      const more = server.calls[1]!;
      assert.deepEqual([more.search, more.page, more.limit, more.priority], ['acme roof', 2, 2, 'user']);
      assert.equal(results(s.state).loadingMore, true);
      assert.equal(s.busy, true);
      more.answer();
      await clock.advance(0);
      const second = results(s.state);
      assert.deepEqual(ids(second.customers), [
        ...ids(server.pageOf('acme roof', 1, 2).customers),
        ...ids(server.pageOf('acme roof', 2, 2).customers),
      ]);
      assert.equal(second.hasMore, true);
      assert.equal(second.loadingMore, false);

      s.loadMore();
      server.calls[2]!.answer();
      await clock.advance(0);
      const third = results(s.state);
      assert.equal(third.customers.length, 5);
      assert.equal(third.hasMore, false);
      assert.equal(server.calls[2]!.page, 3);
    });

    it('an answer completed by Load more then answers refinements locally', async () => {
      const server = fakeServer(data);
      const s = session(server, { pageSize: 3 });
      s.setQuery('acme roof');
      await clock.advance(DEBOUNCE);
      s.loadMore();
      await clock.advance(0);
      assert.equal(results(s.state).hasMore, false);
      s.setQuery('acme roofing');
      assert.equal(results(s.state).source, 'refined');
      assert.equal(server.calls.length, 2);
    });

    it('a failed Load more keeps the results and says why', async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server, { pageSize: 2 });
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      server.calls[0]!.answer();
      await clock.advance(0);
      s.loadMore();
      server.calls[1]!.fail(new ServerError(500));
      await clock.advance(0);
      const state = results(s.state);
      assert.equal(state.customers.length, 2);
      assert.equal(state.loadMoreError?.code, 'ServerError');
      assert.equal(state.loadingMore, false);
    });
  });

  describe('quota and failures', () => {
    it('types with priority background; a QuotaReserveError offers a user-priority retry', async () => {
      const server = fakeServer(data, {
        refuse: (call) => (call.priority === 'background' ? new QuotaReserveError(42) : undefined),
      });
      const s = session(server);
      s.setQuery('acme');
      await clock.advance(DEBOUNCE);
      assert.equal(server.calls[0]!.priority, 'background');
      assert.equal(s.state.kind, 'failed');
      assert.equal((s.state as Extract<SearchState, { kind: 'failed' }>).error.code, 'QuotaReserve');
      s.retry();
      await clock.advance(0);
      assert.deepEqual([server.calls[1]!.priority, server.calls[1]!.force], ['user', false]);
      assert.equal(results(s.state).customers.length, 6);
    });

    it('retry with force after a 429 sends with force', async () => {
      const server = fakeServer(data, {
        refuse: (call) => (call.force ? undefined : new QuotaExhaustedError(new Date(clock.time + 3_600_000))),
      });
      const s = session(server);
      s.setQuery('bob');
      await clock.advance(DEBOUNCE);
      assert.equal((s.state as Extract<SearchState, { kind: 'failed' }>).error.code, 'QuotaExhausted');
      s.retry({ force: true });
      await clock.advance(0);
      assert.equal(server.calls[1]!.force, true);
      assert.equal(results(s.state).customers.length, 1);
    });

    it("a failure of a broader request becomes the current query's failure; the next keystroke tries again", async () => {
      const server = fakeServer(data, { manual: true });
      const s = session(server);
      s.setQuery('ac');
      await clock.advance(DEBOUNCE);
      s.setQuery('acm');
      server.calls[0]!.fail(new ServerError(503));
      await clock.advance(DEBOUNCE);
      // The debounce for "acm" elapsed after the failure: it is sent.
      assert.deepEqual(
        server.calls.map((c) => c.search),
        ['ac', 'acm'],
      );
      server.calls[1]!.fail(new ServerError(503));
      await clock.advance(0);
      const state = s.state as Extract<SearchState, { kind: 'failed' }>;
      assert.equal(state.kind, 'failed');
      assert.equal(state.query, 'acm');
      assert.equal(state.error.code, 'ServerError');
    });

    it('whenIdle resolves once the search has settled', async () => {
      const server = fakeServer(data);
      const s = session(server);
      s.setQuery('acme');
      let idle = false;
      void s.whenIdle().then(() => (idle = true));
      await clock.advance(DEBOUNCE - 1);
      assert.equal(idle, false);
      await clock.advance(1);
      assert.equal(idle, true);
    });
  });

  it('reports every fetched page for the shared store', async () => {
    const server = fakeServer(data);
    const fetched: string[] = [];
    const s = session(server, {
      pageSize: 2,
      onFetched: (customers, at) => fetched.push(...customers.map((c) => `${c.id}@${at}`)),
    });
    s.setQuery('acme roof');
    await clock.advance(DEBOUNCE);
    s.loadMore();
    await clock.advance(0);
    assert.equal(fetched.length, 4);
    assert.ok(fetched.every((f) => f.endsWith(`@${clock.time}`)));
  });
});
