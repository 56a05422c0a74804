/**
 * The seam at the network. The client builds requests and interprets responses; a Transport
 * only moves bytes. The real one (undiciTransport.ts) is loaded on the first request; unit tests
 * of the client's own logic may pass a fake.
 */
export interface TransportRequest {
  readonly method: 'GET';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text, never more than the transport's size cap. */
  readonly body: string;
}

/**
 * Moves one request. Must reject only with NetworkError, TimeoutError, CancelledError or
 * BadResponseError (for a body over the size cap) from ./errors.
 */
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Closes idle connections. */
  close(): Promise<void>;
}

export interface TransportOptions {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  /** An explicit proxy (VS Code's `http.proxy`); when absent, HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply. */
  readonly proxyUrl?: string;
  /** VS Code's `http.proxyStrictSSL`: verify the proxy's and server's certificates. */
  readonly strictSsl: boolean;
  /** Environment to read proxy variables from (process.env in production). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_TRANSPORT_OPTIONS: TransportOptions = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  maxResponseBytes: 1024 * 1024,
  strictSsl: true,
};

export type TransportFactory = (options: TransportOptions) => Transport;
