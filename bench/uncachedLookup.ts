import { Agent, request } from 'undici';
import { API_VERSION, RotorClient } from '../src/api/rotorClient';
import { DEFAULT_TRANSPORT_OPTIONS, type TransportOptions } from '../src/api/transport';
import { createUndiciTransport } from '../src/api/undiciTransport';
import { QuotaTracker } from '../src/core/quota/quotaTracker';
import { DEMO_CUSTOMERS } from '../test/sandbox/demoData';
import { type BenchOptions, type BenchResult } from './lib/result';
import { startSandboxProcess } from './lib/sandboxProcess';
import { runAsScript } from './lib/script';
import { median, ms, nowMs, ratio, summary } from './lib/stats';
import { memoryStorage } from '../test/helpers/memoryStorage';

/** Production transport settings, without proxy variables from this shell. */
const TRANSPORT: TransportOptions = { ...DEFAULT_TRANSPORT_OPTIONS, env: {} };


/**
 * 4. Uncached lookup: `RotorClient.getCustomer` (real undici transport, the quota gate as in the
 * extension) against the sandbox, versus a bare `undici.request` + `body.json()` for the same
 * URL and headers on an Agent with the transport's exact settings. The sandbox runs in its own
 * process; the two arms alternate (ABAB, then BABA) so drift in machine load hits both alike.
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult> {
  const warmup = quick ? 5 : 300;
  const iterations = quick ? 20 : 3000;
  const sandbox = await startSandboxProcess();
  // Ordinary generated customers (the named fixtures include hostile and sparse records).
  const ids = DEMO_CUSTOMERS.slice(-20).map((c) => c.id.toLowerCase());
  const transport = createUndiciTransport(TRANSPORT);
  const quota = new QuotaTracker(memoryStorage(), () => ({ dailyLimit: 1_000_000_000, hoverReserve: 100 }));
  const client = new RotorClient({ transport: () => transport, apiKey: () => sandbox.demoKey, baseUrl: () => sandbox.baseUrl, gate: quota });

  // The same Agent options UndiciTransport builds for a direct connection.
  const agent = new Agent({
    connect: { timeout: TRANSPORT.connectTimeoutMs, rejectUnauthorized: TRANSPORT.strictSsl },
    headersTimeout: TRANSPORT.headersTimeoutMs,
    bodyTimeout: TRANSPORT.bodyTimeoutMs,
    keepAliveTimeout: 30_000,
  });
  const headers = { 'x-api-key': sandbox.demoKey, 'rotor-api-version': API_VERSION, accept: 'application/json' };
  const bare = async (id: string): Promise<unknown> => {
    const res = await request(`${sandbox.baseUrl}/customers/${id}`, {
      method: 'GET',
      headers,
      dispatcher: agent,
      headersTimeout: TRANSPORT.headersTimeoutMs,
      bodyTimeout: TRANSPORT.bodyTimeoutMs,
    });
    return res.body.json();
  };
  const ours = (id: string): Promise<unknown> => client.getCustomer(id);
  // A third arm splits our overhead: the transport alone (plus JSON.parse), without the client.
  const transportOnly = createUndiciTransport(TRANSPORT);
  const viaTransport = async (id: string): Promise<unknown> => {
    const response = await transportOnly.request({ method: 'GET', url: new URL(`${sandbox.baseUrl}/customers/${id}`), headers, signal: new AbortController().signal });
    return JSON.parse(response.body);
  };

  try {
    const oursMs: number[] = [];
    const bareMs: number[] = [];
    const transportMs: number[] = [];
    const time = async (fn: (id: string) => Promise<unknown>, id: string, into: number[] | undefined): Promise<void> => {
      const t0 = nowMs();
      await fn(id);
      into?.push(nowMs() - t0);
    };
    for (let i = 0; i < warmup; i++) {
      await time(ours, ids[i % ids.length]!, undefined);
      await time(bare, ids[i % ids.length]!, undefined);
      await time(viaTransport, ids[i % ids.length]!, undefined);
    }
    log(`[uncached] ${iterations} interleaved lookups per arm`);
    for (let i = 0; i < iterations; i++) {
      const id = ids[i % ids.length]!;
      if (i % 2 === 0) {
        await time(ours, id, oursMs);
        await time(bare, id, bareMs);
      } else {
        await time(bare, id, bareMs);
        await time(ours, id, oursMs);
      }
      await time(viaTransport, id, transportMs);
    }
    const t = median(transportMs);
    const o = median(oursMs);
    const b = median(bareMs);
    return {
      id: 'uncachedLookup',
      title: '4. Uncached lookup',
      method:
        '`RotorClient.getCustomer` (real undici transport, quota gate, validation) against the sandbox running in its own process, versus a bare `undici.request` + `body.json()` ' +
        `for the same URL and headers on an Agent with the transport's exact settings (keep-alive on both). Sequential requests, the two arms interleaved (alternating which goes first), ${warmup} warm-up rounds each, medians of ${iterations}.`,
      figures: [
        {
          name: 'getCustomer, median latency',
          ours: ms(o),
          baseline: `${ms(b)} (bare undici.request)`,
          ratio: ratio(o, b),
          target: { comparison: 'atMost', ratio: 1.1 },
        },
      ],
      raw: { warmup, iterations, oursMs: summary(oursMs), bareUndiciMs: summary(bareMs), transportOnlyMs: summary(transportMs) },
      notes: [
        `Where our ${((o - b) * 1000).toFixed(0)} µs over bare undici go (medians of a third arm, UndiciTransport.request + JSON.parse without the client): ` +
          `${((t - b) * 1000).toFixed(0)} µs in the transport, ${((o - t) * 1000).toFixed(0)} µs in RotorClient (ID check, URL building, quota gate, response checks, valibot parsing, log entry).`,
      ],
      quick,
    };
  } finally {
    await transport.close();
    await transportOnly.close();
    await agent.close();
    await sandbox.stop();
  }
}

if (require.main === module) runAsScript(run);
