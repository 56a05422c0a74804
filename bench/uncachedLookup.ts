import { Agent, request } from 'undici';
import { API_VERSION } from '../src/api/rotorClient';
import { DEFAULT_TRANSPORT_OPTIONS, type TransportOptions } from '../src/api/transport';
import { createUndiciTransport } from '../src/api/undiciTransport';
import { DEMO_CUSTOMERS } from '../test/sandbox/demoData';
import { sandboxClient } from './lib/sandboxClient';
import { type BenchOptions, type BenchResult } from './lib/result';
import { startSandboxProcess } from './lib/sandboxProcess';
import { runAsScript } from './lib/script';
import { median, ms, nowMs, ratio, summary } from './lib/stats';

/** Production transport settings, without proxy variables from this shell. */
const TRANSPORT: TransportOptions = { ...DEFAULT_TRANSPORT_OPTIONS, env: {} };

/**
 * 4. Uncached lookup: `RotorClient.getCustomer` (real undici transport, the quota gate as in the
 * extension) against the sandbox, versus a bare `undici.request` + `body.json()` for the same
 * URL and headers on an Agent with the transport's exact settings; then both again with an
 * AbortSignal per request, and the transport alone. The sandbox runs in its own process; the arms
 * are interleaved, their order reversed every round, so drift in machine load hits all alike.
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult> {
  const warmup = quick ? 5 : 300;
  const iterations = quick ? 20 : 3000;
  const sandbox = await startSandboxProcess();
  // Ordinary generated customers (the named fixtures include hostile and sparse records).
  const ids = DEMO_CUSTOMERS.slice(-20).map((c) => c.id.toLowerCase());
  const transport = createUndiciTransport(TRANSPORT);
  const { client } = sandboxClient({ transport, baseUrl: sandbox.baseUrl, apiKey: sandbox.demoKey });

  // The same Agent options UndiciTransport builds for a direct connection.
  const agent = new Agent({
    connect: { timeout: TRANSPORT.connectTimeoutMs, rejectUnauthorized: TRANSPORT.strictSsl },
    headersTimeout: TRANSPORT.headersTimeoutMs,
    bodyTimeout: TRANSPORT.bodyTimeoutMs,
    keepAliveTimeout: 30_000,
  });
  const headers = { 'x-api-key': sandbox.demoKey, 'rotor-api-version': API_VERSION, accept: 'application/json' };
  const transportOnly = createUndiciTransport(TRANSPORT);
  const { origin: baseOrigin, pathname } = new URL(sandbox.baseUrl);
  const basePath = pathname.replace(/\/$/, '');
  const bareRequest = async (id: string, signal?: AbortSignal): Promise<unknown> => {
    const res = await request(`${sandbox.baseUrl}/customers/${id}`, {
      method: 'GET',
      headers,
      dispatcher: agent,
      headersTimeout: TRANSPORT.headersTimeoutMs,
      bodyTimeout: TRANSPORT.bodyTimeoutMs,
      ...(signal ? { signal } : {}),
    });
    return res.body.json();
  };
  // A fresh AbortController per lookup, as the extension's CustomerStore gives each request it sends.
  const arms = {
    ours: (id: string): Promise<unknown> => client.getCustomer(id),
    bare: (id: string): Promise<unknown> => bareRequest(id),
    oursSignal: (id: string): Promise<unknown> => client.getCustomer(id, { signal: new AbortController().signal }),
    bareSignal: (id: string): Promise<unknown> => bareRequest(id, new AbortController().signal),
    // Splits our figure: the transport alone (plus JSON.parse), without the client.
    transportOnly: async (id: string): Promise<unknown> => {
      const response = await transportOnly.request({
        method: 'GET',
        origin: baseOrigin,
        path: `${basePath}/customers/${id}`,
        headers,
      });
      return JSON.parse(response.body);
    },
  };

  try {
    const samples: Record<keyof typeof arms, number[]> = {
      ours: [],
      bare: [],
      oursSignal: [],
      bareSignal: [],
      transportOnly: [],
    };
    const names = Object.keys(arms) as (keyof typeof arms)[];
    const reversed = [...names].reverse();
    for (let i = 0; i < warmup + iterations; i++) {
      const id = ids[i % ids.length]!;
      // Alternate the order, so whatever the previous request left behind hits every arm alike.
      for (const name of i % 2 === 0 ? names : reversed) {
        const t0 = nowMs();
        await arms[name](id);
        if (i >= warmup) samples[name].push(nowMs() - t0);
      }
      if (i === warmup) log(`[uncached] ${iterations} interleaved lookups per arm`);
    }
    const m = Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<keyof typeof arms, number>;
    const us = (a: number, b: number): string => `${((a - b) * 1000).toFixed(0)} µs`;
    /** "12 µs more than" / "26 µs less than": the difference a − b in words. */
    const versus = (a: number, b: number): string =>
      `${Math.abs((a - b) * 1000).toFixed(0)} µs ${a >= b ? 'more' : 'less'} than`;
    return {
      id: 'uncachedLookup',
      title: '4. Uncached lookup',
      method:
        '`RotorClient.getCustomer` (real undici transport, quota gate, validation) against the sandbox running in its own process, versus a bare `undici.request` + `body.json()` ' +
        `for the same URL and headers on an Agent with the transport's exact settings (keep-alive on both). Sequential requests; five arms interleaved, their order reversed every round; ${warmup} warm-up rounds, then medians of ${iterations}. ` +
        "Our transport hands undici the origin and path it already has (`Dispatcher.request`), where undici's top-level `request(url)` parses the URL first: that is why our figure can come out under the baseline although the client does more work. " +
        'The second figure gives both sides a fresh AbortSignal per request, which is how the extension calls the client (the customer store cancels a lookup nobody waits for any more); undici adds an abort listener per request then.',
      figures: [
        {
          name: 'getCustomer, median latency',
          ours: ms(m.ours),
          baseline: `${ms(m.bare)} (bare undici.request)`,
          ratio: ratio(m.ours, m.bare),
          target: { comparison: 'atMost', ratio: 1.1 },
        },
        {
          name: 'Same, each request with an AbortSignal (as the extension sends them)',
          ours: ms(m.oursSignal),
          baseline: `${ms(m.bareSignal)} (bare undici.request with a signal)`,
          ratio: ratio(m.oursSignal, m.bareSignal),
        },
      ],
      raw: {
        warmup,
        iterations,
        oursMs: summary(samples.ours),
        bareUndiciMs: summary(samples.bare),
        oursWithSignalMs: summary(samples.oursSignal),
        bareUndiciWithSignalMs: summary(samples.bareSignal),
        transportOnlyMs: summary(samples.transportOnly),
      },
      notes: [
        `Split (medians): the transport alone (UndiciTransport.request + JSON.parse) takes ${versus(m.transportOnly, m.bare)} bare undici (it skips undici's URL parsing); RotorClient on top of it (ID check, quota gate, status and envelope checks, valibot parsing of the customer) adds ${us(m.ours, m.transportOnly)}. ` +
          `A signal costs undici ${us(m.bareSignal, m.bare)} per request on the bare side and ${us(m.oursSignal, m.ours)} on ours.`,
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
