import { DEFAULT_TRANSPORT_OPTIONS } from '../src/api/transport';
import { createUndiciTransport } from '../src/api/undiciTransport';
import { CustomerStore } from '../src/lookup/model/customerStore';
import { customerIdAt } from '../src/hover/model/customerIds';
import { startSandbox } from '../test/sandbox/server';
import { benchCustomer } from './lib/customers';
import { mulberry32, randomHex, randomUuid, shuffle, zipfSampler } from './lib/random';
import { sandboxClient } from './lib/sandboxClient';
import { type BenchOptions, type BenchResult } from './lib/result';
import { runAsScript } from './lib/script';
import { count, ratio } from './lib/stats';

const TTL_MS = 60 * 60_000; // the rotor.cache.ttlMinutes default
const MAX_ENTRIES = 5000; // the rotor.cache.maxEntries default

interface Hover {
  readonly at: number;
  readonly line: string;
  readonly offset: number;
}

/**
 * The fewest requests any cache with this TTL could send: per ID, one at its first hover, then
 * one at the first hover at least a TTL after the last request (the store treats an entry as
 * stale when `now - fetchedAt >= ttl`).
 */
export function minimumRequests(hovers: readonly { id: string; at: number }[], ttlMs: number): number {
  const lastFetch = new Map<string, number>();
  let n = 0;
  for (const { id, at } of [...hovers].sort((a, b) => a.at - b.at)) {
    const last = lastFetch.get(id);
    if (last === undefined || at - last >= ttlMs) {
      lastFetch.set(id, at);
      n++;
    }
  }
  return n;
}

/**
 * 6. Quota efficiency. Hovers over a generated log whose UUIDs follow a Zipf distribution go
 * through the real path below the editor (customerIdAt → CustomerStore → RotorClient → undici)
 * to the sandbox, on a simulated clock that spans several TTLs; the sandbox counts what arrives.
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult> {
  const hoverCount = quick ? 200 : 10_000;
  const population = quick ? 100 : 4_000;
  const customerShare = 0.25;
  const spanMs = 3.5 * TTL_MS;
  const burst = quick ? { lookups: 50, ids: 10 } : { lookups: 1000, ids: 100 };
  const random = mulberry32(0x0b0a);

  const ids = Array.from({ length: population }, () => randomUuid(random));
  const customerIds = new Set(ids.slice(0, Math.round(population * customerShare)));
  // Popularity is independent of being a customer: shuffle before ranking.
  const byRank = shuffle(random, [...ids]);
  const zipf = zipfSampler(random, population, 1.07);

  const hovers: Hover[] = [];
  for (let i = 0; i < hoverCount; i++) {
    const id = byRank[zipf()]!;
    const shown = random() < 0.2 ? id.toUpperCase() : id;
    const prefix = `2024-03-09T16:${String(i % 60).padStart(2, '0')}:00.000Z INFO [crm-sync] trace=${randomHex(random, 32)} customer=`;
    const line = `${prefix}${shown} synced in ${Math.floor(random() * 500)}ms`;
    hovers.push({ at: Math.floor((i / hoverCount) * spanMs), line, offset: prefix.length + Math.floor(random() * 36) });
  }

  const sandbox = await startSandbox({
    dailyQuota: 1_000_000_000,
    customers: [...customerIds].map((id) => benchCustomer(id, random)),
  });
  const transport = createUndiciTransport({ ...DEFAULT_TRANSPORT_OPTIONS, env: {} });
  try {
    let clock = 0;
    const { client, quota } = sandboxClient({
      transport,
      baseUrl: sandbox.baseUrl,
      apiKey: sandbox.keys.demo,
      now: () => clock,
    });
    const makeStore = (): CustomerStore =>
      new CustomerStore({
        fetchCustomer: (id, o) => client.getCustomer(id, o),
        ttlMs: () => TTL_MS,
        maxEntries: MAX_ENTRIES,
        now: () => clock,
      });

    // Part 1: one hover after another, as a user moves through the log.
    log(`[quota] ${count(hoverCount)} hovers over ${count(population)} IDs`);
    const store = makeStore();
    const resolved: { id: string; at: number }[] = [];
    const outcomes = { customer: 0, notFound: 0, fromCache: 0 };
    for (const hover of hovers) {
      clock = hover.at;
      const match = customerIdAt(hover.line, hover.offset);
      if (!match) throw new Error(`no UUID at ${hover.offset} in ${hover.line}`);
      resolved.push({ id: match.id, at: hover.at });
      const result = await store.lookup(match.id, { priority: 'background' });
      outcomes[result.kind]++;
      if (result.fromCache) outcomes.fromCache++;
    }
    const sent = sandbox.stats().byRoute.customer;
    const minimum = minimumRequests(resolved, TTL_MS);
    const distinct = new Set(resolved.map((h) => h.id)).size;
    const counted = quota.snapshot(sandbox.keys.demo).used;
    store.dispose();

    // Part 2: simultaneous lookups (a file full of IDs opening at once), nothing cached.
    sandbox.resetStats();
    clock = spanMs + 10 * TTL_MS;
    const burstStore = makeStore();
    const burstIds = byRank.slice(0, burst.ids);
    await Promise.all(
      Array.from({ length: burst.lookups }, (_, i) =>
        burstStore.lookup(burstIds[i % burst.ids]!, { priority: 'background' }),
      ),
    );
    const burstSent = sandbox.stats().byRoute.customer;
    burstStore.dispose();

    return {
      id: 'quota',
      title: '6. Quota efficiency',
      method:
        `${count(hoverCount)} hovers, one after another, over a log whose UUIDs are drawn from ${count(population)} IDs with a Zipf(1.07) popularity ` +
        `(${Math.round(customerShare * 100)}% customers, the rest 404 non-customers; 20% written in upper case), on a simulated clock spanning ${spanMs / TTL_MS} TTLs of ${TTL_MS / 60_000} min. ` +
        `Each hover runs customerIdAt → CustomerStore.lookup (priority background, maxEntries ${MAX_ENTRIES}, the settings' defaults) → RotorClient → undici → the sandbox, which counts requests. ` +
        'Minimum: per ID, one request at its first hover and again at the first hover a full TTL after the last one. ' +
        `Then ${count(burst.lookups)} simultaneous lookups over ${burst.ids} uncached IDs on a fresh store.`,
      figures: [
        {
          name: `Requests for ${count(hoverCount)} Zipf hovers`,
          ours: `${count(sent)} requests`,
          baseline: `${count(minimum)} (minimum: distinct IDs per TTL)`,
          ratio: ratio(sent, minimum),
          target: { comparison: 'exactly', ratio: 1 },
        },
        {
          name: `Requests for ${count(burst.lookups)} simultaneous lookups over ${burst.ids} IDs`,
          ours: `${count(burstSent)} requests`,
          baseline: `${burst.ids} (one per ID)`,
          ratio: ratio(burstSent, burst.ids),
          target: { comparison: 'atMost', ratio: 1 },
        },
      ],
      raw: {
        hovers: hoverCount,
        population,
        distinctIdsHovered: distinct,
        simulatedSpanMinutes: spanMs / 60_000,
        ttlMinutes: TTL_MS / 60_000,
        requestsReachingSandbox: sent,
        minimumRequests: minimum,
        countedByQuotaTracker: counted,
        hoverOutcomes: outcomes,
        burst: { lookups: burst.lookups, ids: burst.ids, requests: burstSent },
      },
      notes: counted === sent ? [] : [`The quota tracker counted ${counted} requests, the sandbox received ${sent}.`],
      quick,
    };
  } finally {
    await transport.close();
    await sandbox.close();
  }
}

if (require.main === module) runAsScript(run);
