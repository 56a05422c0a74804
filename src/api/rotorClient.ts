import { parseBaseUrl } from './baseUrl';
import {
  type AuthInfo,
  type Customer,
  type CustomerPage,
  isPlainObject,
  parseAuthInfo,
  parseCustomer,
  parseCustomerPage,
} from './customer';
import {
  ApiKeyMissingError,
  AuthenticationRequiredError,
  BadResponseError,
  CancelledError,
  InsufficientScopeError,
  InvalidApiKeyError,
  InvalidIdError,
  isWellFormedApiKey,
  NetworkError,
  NotFoundError,
  QuotaExhaustedError,
  type RotorError,
  ServerError,
  TimeoutError,
  nextUtcMidnight,
  isRotorError,
  toRotorError,
} from './errors';
import { fromTransportFailure, type Transport, type TransportResponse } from './transport';
import { normalizeCustomerId } from './customerId';

export const API_VERSION = '1.1.0';

/** Who asked: a background lookup (hover) may be refused to keep a reserve for explicit ones. */
export type RequestPriority = 'background' | 'user';

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly priority?: RequestPriority;
  /** Send even after a 429 today: the user asked to try again explicitly. */
  readonly force?: boolean;
}

/**
 * Decides whether a request may be sent and counts those that were. Implemented by the quota
 * tracker; the client consults it before every attempt, retries included.
 */
export interface RequestGate {
  /** Throws QuotaExhaustedError or QuotaReserveError when the request must not go out. */
  admit(apiKey: string, options: { priority: RequestPriority; force: boolean }): void;
  /** A request reached Rotor (or may have): `status` is undefined when no response came back. */
  record(apiKey: string, status: number | undefined): void;
}

/** One line of the request log. Holds no key and no response data. */
export interface RequestLogEntry {
  readonly method: 'GET';
  /** Path and query relative to the base URL, e.g. `customers/182bd5e5-…`. */
  readonly path: string;
  readonly status?: number;
  readonly durationMs: number;
  readonly attempt: number;
  readonly error?: RotorError['code'];
}

export interface SearchQuery {
  readonly search?: string;
  readonly status?: 'active' | 'inactive';
  readonly tags?: readonly string[];
  readonly archived?: boolean;
  readonly page?: number;
  readonly limit?: number;
}

export interface RotorClientOptions {
  /** Resolves the transport on first use, so its HTTP stack loads only when needed. */
  readonly transport: () => Transport | Promise<Transport>;
  readonly apiKey: () => string | undefined | Promise<string | undefined>;
  readonly baseUrl: () => string;
  readonly gate?: RequestGate;
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /**
   * Called with the description of a failure that is not one of ours (a bug), the key scrubbed
   * out: callers see a BadResponse, the log gets the detail.
   */
  readonly onUnexpectedError?: (description: string) => void;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Abortable wait between retries. */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Retries for network errors and 502/503/504; the default is 2. */
  readonly maxRetries?: number;
  readonly retryBaseDelayMs?: number;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Rotor's open API, exactly as documented: `x-api-key` and `rotor-api-version: 1.1.0` on every
 * request, typed errors for every documented failure, lenient reading of the schema's drift.
 * No vscode import, no logging of its own, no UI: the caller decides.
 */
export class RotorClient {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;

  constructor(private readonly options: RotorClientOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.maxRetries = options.maxRetries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
  }

  /** The same client with another key: used to test a key before it is stored. */
  withApiKey(apiKey: string): RotorClient {
    return new RotorClient({ ...this.options, apiKey: () => apiKey });
  }

  /** `GET /customers/{id}`. The ID is checked before anything is sent. */
  async getCustomer(id: string, options: RequestOptions = {}): Promise<Customer> {
    const canonical = normalizeCustomerId(id);
    if (canonical === undefined) throw new InvalidIdError();
    const data = await this.get(`customers/${encodeURIComponent(canonical)}`, options);
    const customer = parseCustomer(data, canonical);
    if (!customer) throw new BadResponseError('customer data is not an object');
    return customer;
  }

  /** `GET /customers?search=…`: one page of matches. */
  async searchCustomers(query: SearchQuery, options: RequestOptions = {}): Promise<CustomerPage> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const limit = Math.min(1000, Math.max(1, Math.floor(query.limit ?? 25)));
    const params = new URLSearchParams();
    if (query.search) params.set('search', query.search);
    if (query.status) params.set('status', query.status);
    if (query.tags?.length) params.set('tags', query.tags.join(','));
    if (query.archived !== undefined) params.set('archived', String(query.archived));
    params.set('page', String(page));
    params.set('limit', String(limit));
    const body = await this.get(`customers?${params.toString()}`, options, true);
    const result = isPlainObject(body) ? parseCustomerPage(body.data, body.pagination, { page, limit }) : undefined;
    if (!result) throw new BadResponseError('search result is not a list');
    return result;
  }

  /** `GET /auth/test`: whether the key works, its company and its real scopes. */
  async testAuth(options: RequestOptions = {}): Promise<AuthInfo> {
    const data = await this.get('auth/test', { ...options, priority: options.priority ?? 'user' });
    const info = parseAuthInfo(data);
    if (!info) throw new BadResponseError('auth test result has an unexpected shape');
    return info;
  }

  /** Sends a GET with retries and returns the success envelope's `data` (or the whole envelope). */
  private async get(path: string, options: RequestOptions, wholeEnvelope = false): Promise<unknown> {
    // No signal of our own when the caller has none: an abort listener per request costs about
    // 10 µs in undici (benchmark 4), and nobody could fire it.
    const signal = options.signal;
    if (signal?.aborted) throw new CancelledError();
    const { origin, pathname } = parseBaseUrl(this.options.baseUrl());
    const apiKey = await this.options.apiKey();
    if (!apiKey) throw new ApiKeyMissingError();
    if (!isWellFormedApiKey(apiKey)) throw new InvalidApiKeyError();
    const target = { origin, path: pathname + path };
    const headers = { 'x-api-key': apiKey, 'rotor-api-version': API_VERSION, accept: 'application/json' };
    const transport = await this.options.transport();
    const gateOptions = { priority: options.priority ?? 'user', force: options.force ?? false } as const;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      this.options.gate?.admit(apiKey, gateOptions);
      const started = this.now();
      let status: number | undefined;
      try {
        const response = await transport.request({ method: 'GET', ...target, headers, ...(signal ? { signal } : {}) });
        status = response.status;
        this.options.gate?.record(apiKey, status);
        const result = this.interpret(response, wholeEnvelope);
        this.log(path, attempt, started, status);
        return result;
      } catch (e) {
        const typed = fromTransportFailure(e);
        if (!isRotorError(typed) && !(typed instanceof Error && typed.name === 'AbortError'))
          this.options.onUnexpectedError?.(describeScrubbed(typed, apiKey));
        const error = toRotorError(typed);
        // A request that timed out after connecting has probably reached Rotor and been counted there;
        // a BadResponseError from the transport (body cut short or over the cap) came after Rotor answered.
        if (
          status === undefined &&
          ((error instanceof TimeoutError && error.phase !== 'connect') || error instanceof BadResponseError)
        )
          this.options.gate?.record(apiKey, undefined);
        this.log(path, attempt, started, status, error.code);
        if (attempt >= this.maxRetries || !isRetryable(error)) throw error;
        await this.sleep(this.retryBaseDelayMs * 2 ** attempt * (0.5 + this.random()), signal);
      }
    }
  }

  private log(
    path: string,
    attempt: number,
    started: number,
    status: number | undefined,
    error?: RotorError['code'],
  ): void {
    this.options.onRequest?.({
      method: 'GET',
      path,
      ...(status === undefined ? {} : { status }),
      durationMs: this.now() - started,
      attempt,
      ...(error === undefined ? {} : { error }),
    });
  }

  private interpret(response: TransportResponse, wholeEnvelope: boolean): unknown {
    const { status } = response;
    if (status === 401) throw new AuthenticationRequiredError();
    if (status === 403) throw new InsufficientScopeError();
    if (status === 404) throw new NotFoundError();
    if (status === 429) throw new QuotaExhaustedError(nextUtcMidnight(this.now()));
    if (status >= 500) throw new ServerError(status);
    if (status < 200 || status >= 300) throw new BadResponseError(`unexpected HTTP status ${status}`);
    const contentType = response.headers['content-type'];
    if (contentType !== undefined && !/\bjson\b/i.test(contentType)) {
      throw new BadResponseError(`expected JSON, got ${contentType.split(';')[0]!.trim().slice(0, 40)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      throw new BadResponseError('the body is not valid JSON');
    }
    if (!isPlainObject(body) || body.status !== 'success') throw new BadResponseError('no success envelope');
    return wholeEnvelope ? body : body.data;
  }
}

/** An unexpected error as text for the log, with every occurrence of the key replaced. */
function describeScrubbed(error: unknown, apiKey: string): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  return text.split(apiKey).join('***');
}

/** Network errors (nothing was answered) and 502/503/504 are worth another try; a connect timeout is a network error. */
function isRetryable(error: RotorError): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof TimeoutError) return error.phase === 'connect';
  if (error instanceof ServerError) return RETRYABLE_STATUS.has(error.status);
  return false;
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!signal) return void setTimeout(resolve, ms);
    if (signal.aborted) return reject(new CancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
