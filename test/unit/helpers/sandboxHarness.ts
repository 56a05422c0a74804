import * as http from 'node:http';
import { type RequestLogEntry, RotorClient, type RotorClientOptions } from '../../../src/api/rotorClient';
import { type Transport, type TransportOptions } from '../../../src/api/transport';
import { createUndiciTransport } from '../../../src/api/undiciTransport';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/server';

/** Small timeouts so fault tests stay fast; the size cap is the production one (1 MiB). */
export const FAST_TRANSPORT_OPTIONS: TransportOptions = {
  connectTimeoutMs: 1_000,
  headersTimeoutMs: 300,
  bodyTimeoutMs: 300,
  maxResponseBytes: 1024 * 1024,
  strictSsl: true,
  env: {},
};

export interface ClientSetup extends Partial<Omit<RotorClientOptions, 'apiKey' | 'baseUrl' | 'transport'>> {
  /** Default: the sandbox's demo key. `null` means no key at all. */
  readonly apiKey?: string | null;
  readonly baseUrl?: string;
  readonly transportOptions?: Partial<TransportOptions>;
  /** A transport to use instead of a new undici one. */
  readonly transport?: Transport;
}

export interface SandboxHarness {
  /** The running sandbox (valid inside tests and hooks of the describe). */
  readonly sandbox: Sandbox;
  /** A real undici transport, closed after the test. */
  transport(options?: Partial<TransportOptions>): Transport;
  /** A RotorClient on a real undici transport against the sandbox; `log` collects onRequest entries. */
  client(setup?: ClientSetup): { client: RotorClient; log: RequestLogEntry[] };
}

/**
 * Registers mocha hooks in the calling `describe`: one sandbox for the block (closed in
 * `after`, also when a test failed), reset after every test, and every transport made in a
 * test closed after it.
 */
export function useSandbox(options: SandboxOptions = {}): SandboxHarness {
  let sandbox: Sandbox | undefined;
  const transports: Transport[] = [];

  before(async () => {
    sandbox = await startSandbox(options);
  });
  afterEach(async () => {
    sandbox?.reset();
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });
  after(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  const harness: SandboxHarness = {
    get sandbox(): Sandbox {
      if (!sandbox) throw new Error('the sandbox is not running (use it inside a test or hook)');
      return sandbox;
    },
    transport(overrides = {}) {
      const t = createUndiciTransport({ ...FAST_TRANSPORT_OPTIONS, ...overrides });
      transports.push(t);
      return t;
    },
    client(setup = {}) {
      const log: RequestLogEntry[] = [];
      const transport = setup.transport ?? harness.transport(setup.transportOptions);
      const key = setup.apiKey === undefined ? harness.sandbox.keys.demo : (setup.apiKey ?? undefined);
      const baseUrl = setup.baseUrl ?? harness.sandbox.baseUrl;
      const { apiKey: _k, baseUrl: _b, transportOptions: _t, transport: _tr, ...rest } = setup;
      const client = new RotorClient({
        retryBaseDelayMs: 1,
        random: () => 0.5,
        ...rest,
        transport: () => transport,
        apiKey: () => key,
        baseUrl: () => baseUrl,
        onRequest: (entry) => {
          log.push(entry);
          rest.onRequest?.(entry);
        },
      });
      return { client, log };
    },
  };
  return harness;
}

/** Rejects with the error `promise` rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json(): unknown;
}

/** One plain HTTP request with node:http (no keep-alive), for asserting exact bytes on the wire. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** GET under the sandbox's `/open-api` with the documented headers (overridable). */
export function apiGet(
  sandbox: Sandbox,
  path: string,
  headers: Record<string, string | undefined> = {},
): Promise<RawResponse> {
  const all: Record<string, string | undefined> = {
    'x-api-key': sandbox.keys.demo,
    'rotor-api-version': '1.1.0',
    ...headers,
  };
  const defined = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  return rawRequest(sandbox.baseUrl + path, { headers: defined });
}
