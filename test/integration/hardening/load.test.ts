import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { type SandboxCustomer, seededUuid } from '../../sandbox/demoData';
import { freshState, sandbox, testKey } from '../support';
import { figures, useHardening } from './figures';
import { ui } from './observe';

/*
 * Load through the one lookup path every feature uses (services.lookup): many callers, few IDs.
 * The sandbox answers after a delay so that every caller is waiting at the same time; in-flight
 * sharing must then send one request per ID, and every caller must get its answer (or, if it
 * cancelled, a cancellation) without the others losing theirs.
 */

const CALLERS = 1000;
const IDS = Array.from({ length: 100 }, (_, i) => seededUuid(70_000 + i));
/** Bound for the heap growth of one load round, after garbage collection. */
const MAX_HEAP_GROWTH_MB = 32;

function loadCustomer(id: string, i: number): SandboxCustomer {
  return {
    id,
    first_name: 'Load',
    last_name: `Tester ${i}`,
    company_name: 'Load Test Co',
    status: 'active',
    tags: ['load'],
  };
}

/** A full garbage collection, so heap figures compare live data only. */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
})();

function heapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

describe('Hardening: load (real extension host)', () => {
  useHardening({ ui: true });
  after(() => sandbox().reset());

  it(`${CALLERS} concurrent lookups of ${IDS.length} IDs send at most ${IDS.length} requests and answer every caller`, async function () {
    this.timeout(60_000);
    const api = await freshState();
    const { lookup, store } = api.services;
    await sandbox().addCustomers(IDS.map(loadCustomer));
    await sandbox().setFault({ kind: 'latency', ms: 300, route: 'customer' });
    const heapBefore = heapMb();
    const sentBefore = (await sandbox().stats()).byRoute.customer;

    const started = Date.now();
    const calls = Array.from({ length: CALLERS }, (_, i) => lookup.lookup(IDS[i % IDS.length]!, { priority: 'user' }));
    const peakInFlight = store.pending;
    const results = await Promise.allSettled(calls);
    const ms = Date.now() - started;
    const requests = (await sandbox().stats()).byRoute.customer - sentBefore;

    const answered = results.filter(
      (r, i) => r.status === 'fulfilled' && r.value.kind === 'customer' && r.value.customer.id === IDS[i % IDS.length],
    ).length;
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    assert.deepEqual([...new Set(failures)], [], 'callers got errors');
    assert.equal(answered, CALLERS, 'every caller gets its own customer');
    assert.equal(peakInFlight, IDS.length, 'one shared request per ID while all callers wait');
    assert.ok(requests <= IDS.length, `${requests} requests reached the sandbox`);
    assert.equal(store.pending, 0, 'requests left in flight');

    // Again, now from the cache: nothing is sent.
    await sandbox().setFault(undefined);
    const again = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => lookup.lookup(IDS[i % IDS.length]!, { priority: 'user' })),
    );
    assert.ok(again.every((r) => r.fromCache));
    const secondRoundRequests = (await sandbox().stats()).byRoute.customer - sentBefore - requests;
    assert.equal(secondRoundRequests, 0);

    // Half of each ID's callers give up early: they are told so, and the request they shared goes
    // on for the others, who still get their customer.
    const quits = (i: number) => Math.floor(i / IDS.length) % 2 === 1;
    store.clear();
    await sandbox().setFault({ kind: 'latency', ms: 300, route: 'customer' });
    const sentBeforeCancel = (await sandbox().stats()).byRoute.customer;
    const controllers = Array.from({ length: CALLERS }, () => new AbortController());
    const mixed = Promise.allSettled(
      controllers.map((c, i) => lookup.lookup(IDS[i % IDS.length]!, { priority: 'user', signal: c.signal })),
    );
    setTimeout(() => controllers.forEach((c, i) => quits(i) && c.abort()), 50);
    const mixedResults = await mixed;
    const cancelled = mixedResults.filter(
      (r, i) => quits(i) && r.status === 'rejected' && (r.reason as { code?: string }).code === 'Cancelled',
    ).length;
    const kept = mixedResults.filter(
      (r, i) => !quits(i) && r.status === 'fulfilled' && r.value.kind === 'customer',
    ).length;
    assert.equal(cancelled, CALLERS / 2, 'every caller that cancelled is told so');
    assert.equal(kept, CALLERS / 2, 'the callers that waited all got their customer');
    assert.equal(
      (await sandbox().stats()).byRoute.customer - sentBeforeCancel,
      IDS.length,
      'one request per ID, none sent twice or dropped',
    );
    await sandbox().setFault(undefined);

    const heapGrowthMb = heapMb() - heapBefore;
    assert.ok(heapGrowthMb < MAX_HEAP_GROWTH_MB, `heap grew by ${heapGrowthMb.toFixed(1)} MB`);
    figures.load = {
      callers: CALLERS,
      ids: IDS.length,
      requests,
      peakInFlight,
      answered,
      ms,
      heapGrowthMb: Number(heapGrowthMb.toFixed(2)),
      secondRoundRequests,
      cancelledCallers: cancelled,
    };
    figures.heapGrowthMb = Math.max(figures.heapGrowthMb, heapGrowthMb);
    figures.requestsSent += (await sandbox().stats()).byRoute.customer - sentBefore;
  });

  it("Refresh All of 50 customers: today's quota count keeps every request", async function () {
    this.timeout(30_000);
    const api = await freshState();
    const { lookup, quota, recent } = api.services;
    await sandbox().addCustomers(IDS.map(loadCustomer));
    const saved = recent.list();
    recent.clear();
    try {
      for (const id of IDS.slice(0, 50)) await lookup.lookup(id, { priority: 'user', remember: true });
      const counted = () => quota.snapshot(testKey()).used;
      const countedBefore = counted();
      const sentBefore = (await sandbox().stats()).byRoute.customer;
      // More than 20 customers: Refresh All asks first, and the user says yes.
      ui.answer = (m) => (m.items.includes('Refresh All') ? 'Refresh All' : undefined);
      await vscode.commands.executeCommand('rotor.recent.refreshAll');
      const sent = (await sandbox().stats()).byRoute.customer - sentBefore;
      // Stored in globalState, which the workbench echoes back to the host after each write (an
      // older value can arrive after a newer write): let every echo arrive before reading.
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (figures.load) figures.load.quotaCounted = `${counted() - countedBefore} of ${sent}`;
      assert.equal(sent, 50);
      assert.equal(
        counted() - countedBefore,
        sent,
        `the quota count says ${counted() - countedBefore} of the ${sent} requests just sent`,
      );
    } finally {
      recent.clear();
      for (const entry of [...saved].reverse()) recent.record(entry.customer, entry.fetchedAt);
    }
  });
});
