import * as assert from 'node:assert/strict';
import { run as bundleSize } from '../../../bench/bundleSize';
import { run as customersInFile } from '../../../bench/customersInFile';
import { renderReport } from '../../../bench/lib/report';
import { type BenchResult } from '../../../bench/lib/result';
import { run as memory } from '../../../bench/memory';
import { minimumRequests, run as quota } from '../../../bench/quota';
import { run as recognition } from '../../../bench/recognition';
import { run as uncachedLookup } from '../../../bench/uncachedLookup';

/**
 * Runs each Node benchmark once at its quick size so the scripts cannot rot. No timing
 * assertions: only that each one runs and reports figures the runner can render.
 */
function assertWellFormed(result: BenchResult): void {
  assert.equal(result.error, undefined);
  assert.equal(result.quick, true);
  assert.ok(result.figures.length > 0, `${result.id} reported no figures`);
  for (const figure of result.figures) {
    assert.ok(figure.name && figure.ours && figure.baseline, `${result.id}: a figure lacks text`);
    assert.equal(typeof figure.ratio, 'number');
  }
  assert.match(renderReport([result], MACHINE, true), new RegExp(result.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

const MACHINE = {
  date: 'test',
  command: 'test',
  runs: 'test',
  cores: 1,
  cpuModel: 'test',
  memoryGiB: 1,
  os: 'test',
  node: process.version,
  loadAverageStart: [0, 0, 0],
  loadAverageEnd: [0, 0, 0],
  tools: {},
  commit: 'test',
};

describe('Benchmarks (quick size, smoke only)', function () {
  this.timeout(120_000);

  it('2. bundle size builds both bundles', async () => assertWellFormed(await bundleSize({ quick: true })));
  it('4. uncached lookup runs both arms against the sandbox', async () =>
    assertWellFormed(await uncachedLookup({ quick: true })));
  it('9. customers in file lists and looks up, one request per distinct ID', async () => {
    const result = await customersInFile({ quick: true });
    assertWellFormed(result);
    assert.equal(result.raw.sent, result.raw.batch);
  });

  it('5. recognition finds the same IDs as rg', async () => {
    const result = await recognition({ quick: true });
    assertWellFormed(result);
    const matches = result.raw.matches as { findCustomerIds: number; rg: number };
    assert.ok(matches.findCustomerIds > 0);
    assert.equal(matches.rg, matches.findCustomerIds);
  });

  it('6. quota efficiency sends the minimum', async () => {
    const result = await quota({ quick: true });
    assertWellFormed(result);
    assert.equal(result.raw.requestsReachingSandbox, result.raw.minimumRequests);
  });

  it('7. memory stays within the entry bound', async () => {
    const result = await memory({ quick: true });
    assertWellFormed(result);
    assert.ok((result.raw.storeEstimatedBytes as number) > 0);
  });

  it('minimumRequests counts one request per ID per TTL window', () => {
    const hovers = [
      { id: 'a', at: 0 },
      { id: 'a', at: 59 },
      { id: 'a', at: 60 }, // a full TTL after the request at 0: stale
      { id: 'b', at: 10 },
      { id: 'a', at: 119 },
      { id: 'b', at: 200 },
    ];
    assert.equal(minimumRequests(hovers, 60), 4);
  });
});
