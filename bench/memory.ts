import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { type Customer, parseCustomer } from '../src/api/customer';
import { CustomerStore } from '../src/lookup/model/customerStore';
import { benchCustomer } from './lib/customers';
import { mulberry32, randomUuid } from './lib/random';
import { type BenchOptions, type BenchResult } from './lib/result';
import { REPO_ROOT, runAsScript } from './lib/script';
import { bytes, count, ratio } from './lib/stats';

/** `global.gc` from `--expose-gc`, or the same function switched on at run time (mocha has no flag). */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Heap in use after full collections (and a turn of the event loop), so only reachable objects count. */
async function settledHeap(gc: () => void): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** The `rotor.cache.maxEntries` default from package.json: the bound a user gets. */
function configuredMaxEntries(): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const value = manifest.contributes.configuration.properties['rotor.cache.maxEntries']?.default;
  if (typeof value !== 'number') throw new Error('rotor.cache.maxEntries has no numeric default in package.json');
  return value;
}

/** lru-cache's own accounting, read through the store's private field (for the report only). */
function lruInternals(store: CustomerStore): { maxSize: number; calculatedSize: number } {
  return (store as unknown as { cache: { maxSize: number; calculatedSize: number } }).cache;
}

/**
 * 7. Memory: heap growth after N distinct lookups (fake fetch: every answer a freshly parsed, full
 * customer, the worst case) against the heap growth of a cache filled exactly to its configured
 * bound. A store that honours its bound grows no further however many IDs pass through it.
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult> {
  const maxEntries = quick ? 100 : configuredMaxEntries();
  const lookups = quick ? 1_000 : 100_000;
  const gc = gcFunction();
  // Every ID and answer is made from its index when needed, so nothing but the store holds memory
  // across the measurement (a prebuilt table of 100,000 answers would drift as V8 reshapes it).
  const idFor = (i: number): string => randomUuid(mulberry32(0x3e3 + i));
  const fetchCustomer = (id: string): Promise<Customer> => {
    // JSON text parsed afresh, as a real answer is: no strings are shared between entries.
    const body = JSON.stringify(benchCustomer(id, mulberry32(id.charCodeAt(0) * 31 + id.charCodeAt(35))));
    return Promise.resolve(parseCustomer(JSON.parse(body), id)!);
  };
  const makeStore = (): CustomerStore => new CustomerStore({ fetchCustomer, ttlMs: () => 60 * 60_000, maxEntries });

  // Baseline: the cache filled to its bound.
  const before = await settledHeap(gc);
  const { fullHeap, fullSize } = await (async () => {
    // Scoped so the filled store is unreachable (and collected) before the next measurement.
    const full = makeStore();
    for (let i = 0; i < maxEntries; i++) await full.lookup(idFor(i));
    const measured = { fullHeap: (await settledHeap(gc)) - before, fullSize: full.size };
    full.dispose();
    return measured;
  })();

  // Ours: every ID once.
  log(`[memory] ${count(lookups)} distinct lookups, maxEntries ${count(maxEntries)}`);
  const start = await settledHeap(gc);
  const store = makeStore();
  for (let i = 0; i < lookups; i++) await store.lookup(idFor(i));
  const grown = (await settledHeap(gc)) - start;
  const { maxSize, calculatedSize } = lruInternals(store);
  const retained = store.size;
  const pending = store.pending;
  store.dispose();

  return {
    id: 'memory',
    title: '7. Memory',
    method:
      `A CustomerStore with the configured bound (maxEntries ${count(maxEntries)}${quick ? ', a quick-mode size' : ' = the rotor.cache.maxEntries default'}; maxBytes as services.ts leaves it, the store's default) and a fake fetch that parses a full customer record from JSON for every ID (no strings shared). ` +
      `Heap after full GCs (\`--expose-gc\`), before and after ${count(lookups)} distinct sequential lookups, against the growth of a store filled with exactly ${count(maxEntries)} lookups (a cache at its bound).`,
    figures: [
      {
        name: `Entries kept after ${count(lookups)} distinct lookups`,
        ours: count(retained),
        baseline: `${count(maxEntries)} (maxEntries)`,
        ratio: ratio(retained, maxEntries),
        target: { comparison: 'atMost', ratio: 1 },
      },
      {
        name: `Heap growth after ${count(lookups)} distinct lookups`,
        ours: bytes(grown),
        baseline: `${bytes(fullHeap)} (cache filled to its bound)`,
        ratio: ratio(grown, fullHeap),
        // The bound itself, plus 10% for what a heap measurement can be off by.
        target: { comparison: 'atMost', ratio: 1.1 },
      },
    ],
    raw: {
      lookups,
      maxEntries,
      maxBytes: maxSize,
      storeEstimatedBytes: calculatedSize,
      heapGrowthBytes: grown,
      heapGrowthAtBoundBytes: fullHeap,
      entriesAtBound: fullSize,
      heapPerEntryBytes: Math.round(fullHeap / Math.max(1, fullSize)),
      withinMaxBytes: grown <= maxSize,
      requestsStillPending: pending,
    },
    notes: [
      `Heap growth is ${grown <= maxSize ? 'within' : 'OVER'} the byte bound (${bytes(maxSize)}); the store's own size estimate for what it kept is ${bytes(calculatedSize)}.`,
    ],
    quick,
  };
}

if (require.main === module) runAsScript(run);
