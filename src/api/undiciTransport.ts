import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent, errors as undiciErrors } from './undiciDispatchers';
import {
  type Transport,
  TransportFailure,
  type TransportFailureReason,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  transportFailureReason,
} from './transport';

/**
 * One request through undici to a throwaway server on 127.0.0.1 that answers a fixed 404: V8
 * compiles undici's request path and its HTTP parser (a WebAssembly module) in idle time instead
 * of during the first hover's request (about 14 ms in Node 24, measured). Nothing leaves the
 * machine: no request to Rotor, no quota, no data. See BENCHMARKS.md, "Cold first hover".
 */
export async function warmUpUndici(): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': '2' });
    res.end('{}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const agent = new Agent();
  try {
    const { port } = server.address() as AddressInfo;
    const res = await agent.request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', headers: {} });
    await res.body.text();
  } finally {
    await agent.destroy().catch(() => undefined);
    server.closeAllConnections();
    server.close();
  }
}

/** The real transport: undici with one keep-alive dispatcher per settings. */
export function createUndiciTransport(options: TransportOptions): Transport {
  return new UndiciTransport(options);
}

class UndiciTransport implements Transport {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: TransportOptions) {
    const agentOptions = {
      connect: { timeout: options.connectTimeoutMs, rejectUnauthorized: options.strictSsl },
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: 30_000,
      // undici enforces the cap while it reads, so the body can be read in one call below.
      maxResponseSize: options.maxResponseBytes,
    };
    if (options.proxyUrl) {
      this.dispatcher = new ProxyAgent({
        uri: options.proxyUrl,
        ...agentOptions,
        requestTls: { rejectUnauthorized: options.strictSsl, timeout: options.connectTimeoutMs },
        proxyTls: { rejectUnauthorized: options.strictSsl, timeout: options.connectTimeoutMs },
      });
    } else if (hasProxyEnv(options.env)) {
      const env = options.env ?? {};
      this.dispatcher = new EnvHttpProxyAgent({
        ...agentOptions,
        // `?? ''`: undici falls back to process.env for an undefined value; only `env` may decide.
        httpProxy: env.HTTP_PROXY ?? env.http_proxy ?? '',
        httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? '',
        noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
      });
    } else {
      this.dispatcher = new Agent(agentOptions);
    }
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    if (req.signal?.aborted) throw new TransportFailure({ kind: 'cancelled' });
    let answered = false;
    try {
      // The dispatcher's own request(): undici's top-level request() would parse a URL back into
      // the origin and path we already have.
      const res = await this.dispatcher.request({
        origin: req.origin,
        path: req.path,
        method: req.method,
        headers: req.headers,
        ...(req.signal ? { signal: req.signal } : {}),
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
      });
      answered = true;
      // Only the headers the client reads: copying every header costs on each request.
      const headers = {
        'content-type': single(res.headers['content-type']),
        'content-length': single(res.headers['content-length']),
      };
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > this.options.maxResponseBytes) {
        res.body.destroy();
        throw this.tooLarge();
      }
      return { status: res.statusCode, headers, body: await res.body.text() };
    } catch (e) {
      const reason = transportFailureReason(e) ?? this.translate(e, req.signal);
      // The connection dropped after the headers came: Rotor answered (and counted the request),
      // the body is incomplete. Not a network error to retry.
      if (answered && reason.kind === 'network')
        throw new TransportFailure({ kind: 'badBody', detail: 'the body was cut short' });
      throw new TransportFailure(reason);
    }
  }

  private tooLarge(): TransportFailure {
    return new TransportFailure({
      kind: 'badBody',
      detail: `response larger than ${this.options.maxResponseBytes} bytes`,
    });
  }

  /** Maps undici and socket errors to failure reasons; never includes request headers. */
  private translate(e: unknown, signal: AbortSignal | undefined): TransportFailureReason {
    if (signal?.aborted) return { kind: 'cancelled' };
    if (e instanceof undiciErrors.ConnectTimeoutError)
      return { kind: 'timeout', phase: 'connect', afterMs: this.options.connectTimeoutMs };
    if (e instanceof undiciErrors.HeadersTimeoutError)
      return { kind: 'timeout', phase: 'headers', afterMs: this.options.headersTimeoutMs };
    if (e instanceof undiciErrors.BodyTimeoutError)
      return { kind: 'timeout', phase: 'body', afterMs: this.options.bodyTimeoutMs };
    if (e instanceof undiciErrors.ResponseExceededMaxSizeError) return this.tooLarge().reason;
    if (
      e instanceof undiciErrors.RequestContentLengthMismatchError ||
      e instanceof undiciErrors.ResponseContentLengthMismatchError
    ) {
      return { kind: 'badBody', detail: 'the body was cut short' };
    }
    const code = errorCode(e);
    const network = (detail: string): TransportFailureReason => ({ kind: 'network', detail });
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return network('connection reset');
    if (code === 'ECONNREFUSED') return network('connection refused');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return network('host not found');
    if (code === 'UND_ERR_PRX_TLS' || (e instanceof Error && /proxy/i.test(e.message)))
      return network('proxy refused the connection');
    if (code && /CERT|SSL|TLS/.test(code)) return network('TLS certificate problem');
    return network(code ? code.toLowerCase().replace(/_/g, ' ') : 'network failure');
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof code === 'string') {
      const causeCode = (cur as { cause?: { code?: unknown } }).cause?.code;
      return typeof causeCode === 'string' ? causeCode : code;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function hasProxyEnv(env: Readonly<Record<string, string | undefined>> | undefined): boolean {
  if (!env) return false;
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}
