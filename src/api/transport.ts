import { BadResponseError, CancelledError, NetworkError, TimeoutError, type TimeoutPhase } from './errors';

/**
 * The seam at the network. The client builds requests and interprets responses; a Transport
 * only moves bytes. The real one (undiciTransport.ts) is loaded on the first request; unit tests
 * of the client's own logic may pass a fake.
 */
export interface TransportRequest {
  readonly method: 'GET';
  /** `https://host[:port]`, from the base URL. */
  readonly origin: string;
  /** The absolute path with its query, e.g. `/open-api/customers/182bd5e5-…`. Origin and path
   * rather than a URL object: building a URL per request cost about 5 µs (benchmark 4). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent when nobody can cancel: no abort listener is then added to each request. */
  readonly signal?: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case header names; the real transport passes only content-type and content-length. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text, never more than the transport's size cap. */
  readonly body: string;
}

/**
 * Moves one request. The real transport rejects with a TransportFailure; a test double may
 * also reject with the RotorErrors of ./errors directly.
 */
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Closes idle connections. */
  close(): Promise<void>;
}

/** Why no usable response came back. Plain data: see TransportFailure. */
export type TransportFailureReason =
  | { readonly kind: 'network'; readonly detail: string }
  | { readonly kind: 'timeout'; readonly phase: TimeoutPhase; readonly afterMs: number }
  | { readonly kind: 'cancelled' }
  /** Rotor answered, but the body was cut short or over the size cap. */
  | { readonly kind: 'badBody'; readonly detail: string };

/**
 * What the real transport throws; the client turns the reason into one of its own typed errors
 * (fromTransportFailure).
 */
export class TransportFailure extends Error {
  constructor(readonly reason: TransportFailureReason) {
    super(`transport failure: ${reason.kind}`);
  }
}

export function transportFailureReason(e: unknown): TransportFailureReason | undefined {
  return e instanceof TransportFailure ? e.reason : undefined;
}

/** The client's typed error for a transport failure (or the error itself when it is already one). */
export function fromTransportFailure(e: unknown): unknown {
  const reason = transportFailureReason(e);
  if (!reason) return e;
  switch (reason.kind) {
    case 'network':
      return new NetworkError(reason.detail);
    case 'timeout':
      return new TimeoutError(reason.phase, reason.afterMs);
    case 'cancelled':
      return new CancelledError();
    case 'badBody':
      return new BadResponseError(reason.detail);
  }
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
