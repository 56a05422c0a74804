import * as http from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import {
  DEMO_ARCHIVED_IDS,
  DEMO_CUSTOMERS,
  type SandboxCustomer,
  hostileCustomers,
  SECOND_COMPANY_CUSTOMERS,
} from './demoData';

/**
 * A local, faithful stand-in for Rotor's open API (only the endpoints this extension uses),
 * with fault injection and request counting for tests. Node built-ins only.
 *
 * Faithful parts (from Rotor's docs): the `/open-api` prefix, `x-api-key` and
 * `rotor-api-version: 1.1.0` on every request, the success envelope, the exact documented
 * error bodies for 401/403/404/429/500, a daily per-key quota (UTC day), the search filters.
 * Sandbox-specific parts are marked "SANDBOX-SPECIFIC" below.
 */

export const API_VERSION = '1.1.0';
export const API_PREFIX = '/open-api';
export const CONTROL_PREFIX = '/_sandbox';
export const DEFAULT_DAILY_QUOTA = 1000;

/** Fixed, obviously fake keys. Not secrets: they only open this local sandbox. */
export const SANDBOX_KEYS = {
  /** Every scope. */
  demo: 'rotor_demo_key_0000',
  /** Only `leads:read`: customer endpoints answer 403, `/auth/test` works. */
  noCustomerScope: 'rotor_demo_key_noscope_0000',
  /** Revoked from the start: 401 everywhere. */
  revoked: 'rotor_demo_key_revoked_0000',
} as const;
/** The keys of the second company (`company: 'second'`): same roles, other values. */
export const SECOND_COMPANY_KEYS = {
  demo: 'rotor_second_key_0000',
  noCustomerScope: 'rotor_second_key_noscope_0000',
  revoked: 'rotor_second_key_revoked_0000',
} as const;
export type SandboxKeys = { readonly [K in keyof typeof SANDBOX_KEYS]: string };
export type SandboxKeyName = keyof SandboxKeys;
/** Which key a request carried, without the key itself. */
export type SandboxKeyLabel = SandboxKeyName | 'unknown' | 'missing';

const ALL_SCOPES = [
  'leads:read',
  'leads:write',
  'customers:read',
  'customers:write',
  'pins:read',
  'service-plans:read',
  'serviced-jobs:read',
] as const;
const KEY_SCOPES: Readonly<Record<SandboxKeyName, readonly string[]>> = {
  demo: ALL_SCOPES,
  noCustomerScope: ['leads:read'],
  revoked: ALL_SCOPES,
};
const COMPANY_IDS = { demo: 'c0ffee00-0000-4000-8000-00000000c0de', second: '5ec0d000-0000-4000-8000-00000000002d' };
export type SandboxCompany = keyof typeof COMPANY_IDS;

export type SandboxRoute = 'customer' | 'search' | 'auth';

export type SandboxFault = (
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'status'; readonly status: 500 | 502 | 503 | 504 }
  | { readonly kind: 'malformedJson' }
  | { readonly kind: 'truncated' }
  /** A valid JSON body of about `bytes` (default 1.5 MiB); `chunked` omits content-length. */
  | { readonly kind: 'oversized'; readonly bytes?: number; readonly chunked?: boolean }
  | { readonly kind: 'contentType'; readonly value: string }
  /** SANDBOX-SPECIFIC extra: headers and part of the body, then silence (body timeout). */
  | { readonly kind: 'stallBody' }
) & {
  /** Apply to the next N matching requests only, then clear. Default: until cleared. */
  readonly times?: number;
  /** Only requests to this route. Default: every `/open-api` route. */
  readonly route?: SandboxRoute;
};

export interface SandboxStats {
  /** Requests under `/open-api` (faulted ones included; control requests not). */
  readonly total: number;
  readonly byRoute: Readonly<Record<SandboxRoute | 'other', number>>;
  /** Requests to `GET /customers/{id}`, by the id as sent (lower-cased, at most 100 chars). */
  readonly byCustomerId: Readonly<Record<string, number>>;
  /** The last `/open-api` request, with the key reduced to which sandbox key it was. */
  readonly lastRequest?: {
    readonly method: string;
    readonly path: string;
    readonly route: SandboxRoute | 'other';
    readonly apiVersion?: string;
    readonly apiKey: SandboxKeyLabel;
    readonly accept?: string;
    readonly userAgent?: string;
  };
}

/** One line per answered `/open-api` request, for the CLI. Holds no key. */
export interface SandboxLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number | 'reset' | 'hang' | 'truncated' | 'stalled';
  readonly apiKey: SandboxKeyLabel;
}

export interface SandboxOptions {
  /** 0 (the default here) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Requests per key per UTC day. Default 1000. */
  readonly dailyQuota?: number;
  /** Which company it plays: its keys, company ID and starting customers. Default 'demo'. */
  readonly company?: SandboxCompany;
  /** Replaces the company's customers. */
  readonly customers?: readonly SandboxCustomer[];
  /** IDs among `customers` that are archived. Default: the demo archived IDs. */
  readonly archivedIds?: readonly string[];
  /** Also serve `hostileCustomers()`. */
  readonly includeHostile?: boolean;
  /** Clock for the quota's UTC day and `/auth/test` timestamps. */
  readonly now?: () => number;
  readonly onRequest?: (entry: SandboxLogEntry) => void;
}

export interface Sandbox {
  /** e.g. `http://127.0.0.1:4010/open-api` (no trailing slash). */
  readonly baseUrl: string;
  /** e.g. `http://127.0.0.1:4010/_sandbox`. */
  readonly controlUrl: string;
  readonly port: number;
  readonly keys: SandboxKeys;
  readonly dailyQuota: number;
  /** Replaces the current fault; `undefined` or `{kind:'none'}` clears it. */
  setFault(fault: SandboxFault | { readonly kind: 'none' } | undefined): void;
  clearFaults(): void;
  /** Any string: a revoked key answers 401 (whether or not it was known). */
  revokeKey(key: string): void;
  /** Sets today's request count for a key; the next request is number `used + 1`. */
  setQuotaUsed(key: string, used: number): void;
  quotaUsed(key: string): number;
  /** Adds (or replaces, by id) customers. */
  addCustomers(list: readonly SandboxCustomer[], options?: { readonly archived?: boolean }): void;
  stats(): SandboxStats;
  resetStats(): void;
  /** In-process only: the raw headers of the last `/open-api` request (never served over HTTP). */
  lastRequestHeaders(): Readonly<http.IncomingHttpHeaders> | undefined;
  /** Clears faults, stats, quota usage, revocations and restores the initial customers. */
  reset(): void;
  /** Stops listening and destroys every socket, hung and keep-alive ones included. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The documented error bodies, verbatim (the 403 names 'leads:read' on every page of Rotor's docs). */
export const ERROR_BODIES = {
  401: {
    status: 'error',
    message: 'Authentication required. Provide x-api-key header.',
    error_code: 'AUTHENTICATION_REQUIRED',
  },
  403: {
    status: 'error',
    message: "Forbidden: required scope 'leads:read' not granted for this API key",
    error_code: 'INSUFFICIENT_SCOPE',
  },
  404: { status: 'error', message: 'Not found' },
  500: { status: 'error', message: 'Internal server error' },
} as const;

export function quotaErrorBody(quota: number): { status: 'error'; message: string; error_code: 'RATE_LIMIT_EXCEEDED' } {
  return {
    status: 'error',
    message: `Daily API key request limit of ${quota} exceeded`,
    error_code: 'RATE_LIMIT_EXCEEDED',
  };
}

/** SANDBOX-SPECIFIC: Rotor does not document what a wrong `rotor-api-version` gets; this is our guess. */
export const VERSION_ERROR_BODY = {
  status: 'error',
  message: `Unsupported or missing rotor-api-version header; the only supported version is ${API_VERSION}.`,
  error_code: 'INVALID_API_VERSION',
} as const;

/** SANDBOX-SPECIFIC: undocumented validation error for bad `limit`/`page`/`archived`. */
function validationError(message: string): object {
  return { status: 'error', message, error_code: 'VALIDATION_ERROR' };
}

interface QuotaUsage {
  day: string;
  used: number;
}

interface StoredCustomer {
  data: SandboxCustomer;
  archived: boolean;
}

interface MutableStats {
  total: number;
  byRoute: Record<SandboxRoute | 'other', number>;
  byCustomerId: Map<string, number>;
  lastRequest?: SandboxStats['lastRequest'];
  lastHeaders?: http.IncomingHttpHeaders;
}

function emptyStats(): MutableStats {
  return { total: 0, byRoute: { customer: 0, search: 0, auth: 0, other: 0 }, byCustomerId: new Map() };
}

/** Starts the sandbox. Resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = new SandboxState(options);
  const server = http.createServer((req, res) => state.handle(req, res));
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    state.sockets.add(socket);
    socket.once('close', () => state.sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl =
    address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const origin = `http://${hostForUrl}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    baseUrl: origin + API_PREFIX,
    controlUrl: origin + CONTROL_PREFIX,
    port: address.port,
    keys: state.keys,
    dailyQuota: state.dailyQuota,
    setFault: (fault) => state.setFault(fault),
    clearFaults: () => state.setFault(undefined),
    revokeKey: (key) => state.revoked.add(key),
    setQuotaUsed: (key, used) => state.setQuotaUsed(key, used),
    quotaUsed: (key) => state.quotaUsed(key),
    addCustomers: (list, opts) => state.addCustomers(list, opts?.archived ?? false),
    stats: () => state.snapshot(),
    resetStats: () => {
      state.stats = emptyStats();
    },
    lastRequestHeaders: () => state.stats.lastHeaders,
    reset: () => state.reset(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        state.closing = true;
        for (const timer of state.timers) clearTimeout(timer);
        state.timers.clear();
        server.close(() => resolve());
        for (const socket of state.sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

class SandboxState {
  readonly dailyQuota: number;
  readonly sockets = new Set<Socket>();
  readonly timers = new Set<NodeJS.Timeout>();
  readonly revoked = new Set<string>();
  closing = false;
  stats: MutableStats = emptyStats();
  private fault: { spec: SandboxFault; remaining: number } | undefined;
  private readonly quota = new Map<string, QuotaUsage>();
  private customers = new Map<string, StoredCustomer>();
  private readonly now: () => number;
  readonly keys: SandboxKeys;
  readonly companyId: string;

  constructor(private readonly options: SandboxOptions) {
    const second = options.company === 'second';
    this.keys = second ? SECOND_COMPANY_KEYS : SANDBOX_KEYS;
    this.companyId = COMPANY_IDS[options.company ?? 'demo'];
    this.dailyQuota = options.dailyQuota ?? DEFAULT_DAILY_QUOTA;
    this.now = options.now ?? Date.now;
    this.reset();
  }

  reset(): void {
    this.fault = undefined;
    this.stats = emptyStats();
    this.quota.clear();
    this.revoked.clear();
    this.revoked.add(this.keys.revoked);
    this.customers = new Map();
    const archived = new Set(
      (
        this.options.archivedIds ??
        (this.options.customers || this.options.company === 'second' ? [] : DEMO_ARCHIVED_IDS)
      ).map((id) => id.toLowerCase()),
    );
    const starting = this.options.company === 'second' ? SECOND_COMPANY_CUSTOMERS : DEMO_CUSTOMERS;
    for (const c of this.options.customers ?? starting)
      this.customers.set(c.id.toLowerCase(), { data: c, archived: archived.has(c.id.toLowerCase()) });
    if (this.options.includeHostile) this.addCustomers(hostileCustomers(), false);
  }

  setFault(fault: SandboxFault | { readonly kind: 'none' } | undefined): void {
    this.fault =
      fault === undefined || fault.kind === 'none' ? undefined : { spec: fault, remaining: fault.times ?? Infinity };
  }

  addCustomers(list: readonly SandboxCustomer[], archived: boolean): void {
    for (const c of list) this.customers.set(String(c.id).toLowerCase(), { data: c, archived });
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  quotaUsed(key: string): number {
    const u = this.quota.get(key);
    return u && u.day === this.today() ? u.used : 0;
  }

  setQuotaUsed(key: string, used: number): void {
    this.quota.set(key, { day: this.today(), used });
  }

  snapshot(): SandboxStats {
    const s = this.stats;
    return {
      total: s.total,
      byRoute: { ...s.byRoute },
      byCustomerId: Object.fromEntries(s.byCustomerId),
      ...(s.lastRequest ? { lastRequest: s.lastRequest } : {}),
    };
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.closing) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + '/')) {
      this.handleControl(req, res, path.slice(CONTROL_PREFIX.length));
      return;
    }
    if (path !== API_PREFIX && !path.startsWith(API_PREFIX + '/')) {
      sendJson(res, 404, ERROR_BODIES[404]);
      return;
    }
    const rest = path.slice(API_PREFIX.length);
    const route = routeOf(rest);
    const keyName = keyNameOf(req.headers['x-api-key'], this.keys);
    this.count(req, route, rest, keyName);
    const log = (status: SandboxLogEntry['status']) =>
      this.options.onRequest?.({ method: req.method ?? '?', path: path + url.search, status, apiKey: keyName });

    const fault = this.takeFault(route);
    if (fault) {
      if (fault.kind === 'latency') {
        this.later(fault.ms, () => this.answer(req, res, url, route, rest, log));
      } else {
        this.injectFault(fault, req, res, log);
      }
      return;
    }
    this.answer(req, res, url, route, rest, log);
  }

  private count(
    req: http.IncomingMessage,
    route: SandboxRoute | 'other',
    rest: string,
    keyName: SandboxKeyLabel,
  ): void {
    const s = this.stats;
    s.total++;
    s.byRoute[route]++;
    if (route === 'customer') {
      const id = safeDecode(rest.slice('/customers/'.length)).toLowerCase().slice(0, 100);
      s.byCustomerId.set(id, (s.byCustomerId.get(id) ?? 0) + 1);
    }
    s.lastHeaders = { ...req.headers };
    s.lastRequest = {
      method: req.method ?? '?',
      path: API_PREFIX + rest,
      route,
      apiKey: keyName,
      ...(typeof req.headers['rotor-api-version'] === 'string' ? { apiVersion: req.headers['rotor-api-version'] } : {}),
      ...(req.headers.accept ? { accept: req.headers.accept } : {}),
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    };
  }

  private takeFault(route: SandboxRoute | 'other'): SandboxFault | undefined {
    const f = this.fault;
    if (!f || (f.spec.route !== undefined && f.spec.route !== route)) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.fault = undefined;
    return f.spec;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closing) fn();
    }, ms);
    this.timers.add(timer);
  }

  private injectFault(
    fault: SandboxFault,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    log: (s: SandboxLogEntry['status']) => void,
  ): void {
    switch (fault.kind) {
      case 'latency':
        return;
      case 'hang':
        // Never answer; close() destroys the socket.
        log('hang');
        return;
      case 'reset':
        log('reset');
        req.socket.destroy();
        return;
      case 'status':
        log(fault.status);
        if (fault.status === 500) {
          sendJson(res, 500, ERROR_BODIES[500]);
        } else {
          // What a gateway in front of the API typically sends: HTML, not the API's envelope.
          const names: Record<number, string> = {
            502: 'Bad Gateway',
            503: 'Service Unavailable',
            504: 'Gateway Timeout',
          };
          sendRaw(
            res,
            fault.status,
            'text/html; charset=utf-8',
            `<html><body><h1>${fault.status} ${names[fault.status] ?? ''}</h1></body></html>`,
          );
        }
        return;
      case 'malformedJson':
        log(200);
        sendRaw(
          res,
          200,
          JSON_TYPE,
          '{"status":"success","data":{"id":"182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e","first_name":"Ja',
        );
        return;
      case 'truncated': {
        // Announce more than is sent, then end the connection: a server dying mid-body.
        log('truncated');
        const body = Buffer.from(JSON.stringify({ status: 'success', data: DEMO_CUSTOMERS[0] }));
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(body.length + 100) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.end());
        return;
      }
      case 'oversized': {
        log(200);
        const bytes = Math.max(fault.bytes ?? 1.5 * 1024 * 1024, 1024 * 1024 + 1);
        const padding = 'x'.repeat(bytes);
        const body = JSON.stringify({ status: 'success', data: { ...DEMO_CUSTOMERS[0], notes: padding } });
        if (fault.chunked) {
          res.writeHead(200, { 'content-type': JSON_TYPE });
          for (let i = 0; i < body.length; i += 64 * 1024) res.write(body.slice(i, i + 64 * 1024));
          res.end();
        } else {
          sendRaw(res, 200, JSON_TYPE, body);
        }
        return;
      }
      case 'contentType':
        log(200);
        sendRaw(res, 200, fault.value, JSON.stringify({ status: 'success', data: DEMO_CUSTOMERS[0] }));
        return;
      case 'stallBody': {
        log('stalled');
        const body = Buffer.from(JSON.stringify({ status: 'success', data: DEMO_CUSTOMERS[0] }));
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(body.length) });
        res.write(body.subarray(0, 10));
        return;
      }
    }
  }

  /** The real API behaviour: auth, quota, version, scope, then the route. */
  private answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    route: SandboxRoute | 'other',
    rest: string,
    log: (s: SandboxLogEntry['status']) => void,
  ): void {
    const send = (status: number, body: unknown) => {
      log(status);
      sendJson(res, status, body);
    };
    if (route === 'other') return send(404, ERROR_BODIES[404]);
    // SANDBOX-SPECIFIC: only GET exists for these paths here (Rotor's POST /customers is not modelled).
    if (req.method !== 'GET') return send(405, { status: 'error', message: 'Method not allowed' });

    const key = req.headers['x-api-key'];
    const keyName = typeof key === 'string' ? keyNameOf(key, this.keys) : 'missing';
    if (typeof key !== 'string' || keyName === 'unknown' || keyName === 'missing' || this.revoked.has(key))
      return send(401, ERROR_BODIES[401]);

    // Every authenticated request counts against the key's daily quota, including the refused ones.
    const used = this.quotaUsed(key) + 1;
    this.setQuotaUsed(key, used);
    if (used > this.dailyQuota) return send(429, quotaErrorBody(this.dailyQuota));

    if (req.headers['rotor-api-version'] !== API_VERSION) return send(400, VERSION_ERROR_BODY);

    const scopes = KEY_SCOPES[keyName];
    if (route === 'auth') {
      return send(200, {
        status: 'success',
        data: {
          authenticated: true,
          company_id: this.companyId,
          user_id: null,
          auth_method: 'api_key',
          scopes: [...scopes],
          timestamp: new Date(this.now()).toISOString(),
        },
      });
    }
    if (!scopes.includes('customers:read')) return send(403, ERROR_BODIES[403]);

    if (route === 'customer') {
      const id = safeDecode(rest.slice('/customers/'.length));
      const found = UUID.test(id) ? this.customers.get(id.toLowerCase()) : undefined;
      if (!found) return send(404, ERROR_BODIES[404]);
      return send(200, { data: found.data, status: 'success' });
    }
    const result = this.search(url.searchParams);
    if ('error' in result) return send(400, validationError(result.error));
    return send(200, result);
  }

  /**
   * `GET /customers`. `search` is a case-insensitive substring of first name, last name,
   * company name, email, phone, or (SANDBOX-SPECIFIC assumption) "first last". Results keep
   * insertion order. Default limit (undocumented) is 100 here.
   */
  private search(params: URLSearchParams):
    | {
        status: 'success';
        data: SandboxCustomer[];
        pagination: { has_more: boolean; limit: number; page: number; total: number };
      }
    | { error: string } {
    const limitText = params.get('limit');
    const pageText = params.get('page');
    const archivedText = params.get('archived');
    const limit = limitText === null ? 100 : Number(limitText);
    const page = pageText === null ? 1 : Number(pageText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return { error: 'limit must be an integer from 1 to 1000' };
    if (!Number.isInteger(page) || page < 1) return { error: 'page must be an integer from 1' };
    if (archivedText !== null && archivedText !== 'true' && archivedText !== 'false')
      return { error: 'archived must be true or false' };
    const archived = archivedText === 'true';
    const needle = (params.get('search') ?? '').trim().toLowerCase();
    const status = params.get('status');
    const tags = (params.get('tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');

    const matches = [...this.customers.values()]
      .filter((c) => c.archived === archived)
      .map((c) => c.data)
      .filter((c) => status === null || status === '' || c.status === status)
      .filter((c) => tags.every((t) => Array.isArray(c.tags) && (c.tags as unknown[]).includes(t)))
      .filter((c) => needle === '' || searchableText(c).some((text) => text.toLowerCase().includes(needle)));
    const start = (page - 1) * limit;
    return {
      status: 'success',
      data: matches.slice(start, start + limit),
      pagination: { has_more: start + limit < matches.length, limit, page, total: matches.length },
    };
  }

  /** `/_sandbox/*`: loopback only, no key. POSTs must be JSON (keeps browsers' simple requests out). */
  private handleControl(req: http.IncomingMessage, res: http.ServerResponse, sub: string): void {
    if (!isLoopbackAddress(req.socket.remoteAddress))
      return sendJson(res, 403, { status: 'error', message: 'The control API is loopback only' });
    if (req.method === 'GET' && sub === '/stats')
      return sendJson(res, 200, { status: 'success', data: this.snapshot() });
    if (req.method !== 'POST') return sendJson(res, 404, ERROR_BODIES[404]);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '') && sub !== '/reset') {
      return sendJson(res, 415, { status: 'error', message: 'Send JSON (content-type: application/json)' });
    }
    readBody(req, 20 * 1024 * 1024, (err, text) => {
      if (err) return sendJson(res, 413, { status: 'error', message: err.message });
      let body: unknown = undefined;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJson(res, 400, { status: 'error', message: 'Body is not JSON' });
        }
      }
      const problem = this.control(sub, body);
      if (problem === 'not found') return sendJson(res, 404, ERROR_BODIES[404]);
      if (problem) return sendJson(res, 400, { status: 'error', message: problem });
      return sendJson(res, 200, { status: 'success', data: this.snapshot() });
    });
  }

  /** Applies one control command; returns an error message, or undefined when done. */
  private control(sub: string, body: unknown): string | undefined {
    switch (sub) {
      case '/reset':
        this.reset();
        return undefined;
      case '/fault': {
        if (body === undefined || (isObject(body) && Object.keys(body).length === 0)) {
          this.setFault(undefined);
          return undefined;
        }
        const fault = parseFault(body);
        if (typeof fault === 'string') return fault;
        this.setFault(fault);
        return undefined;
      }
      case '/quota':
        if (
          !isObject(body) ||
          typeof body.key !== 'string' ||
          typeof body.used !== 'number' ||
          !Number.isInteger(body.used) ||
          body.used < 0
        )
          return 'expected {key: string, used: integer >= 0}';
        this.setQuotaUsed(body.key, body.used);
        return undefined;
      case '/revoke':
        if (!isObject(body) || typeof body.key !== 'string') return 'expected {key: string}';
        this.revoked.add(body.key);
        return undefined;
      case '/customers': {
        const list = Array.isArray(body)
          ? body
          : isObject(body) && Array.isArray(body.customers)
            ? body.customers
            : undefined;
        if (!list || !list.every((c) => isObject(c) && typeof c.id === 'string'))
          return 'expected an array of customer objects with a string id, or {customers: [...], archived?: boolean}';
        this.addCustomers(list as SandboxCustomer[], isObject(body) && body.archived === true);
        return undefined;
      }
      default:
        return 'not found';
    }
  }
}

function routeOf(rest: string): SandboxRoute | 'other' {
  if (rest === '/customers') return 'search';
  if (rest === '/auth/test') return 'auth';
  if (
    rest.startsWith('/customers/') &&
    rest.length > '/customers/'.length &&
    !rest.slice('/customers/'.length).includes('/')
  )
    return 'customer';
  return 'other';
}

function keyNameOf(key: string | string[] | undefined, keys: SandboxKeys): SandboxKeyLabel {
  if (key === undefined || key === '') return 'missing';
  if (typeof key !== 'string') return 'unknown';
  for (const [name, value] of Object.entries(keys)) if (value === key) return name as SandboxKeyName;
  return 'unknown';
}

function searchableText(c: SandboxCustomer): string[] {
  const out: string[] = [];
  for (const field of ['first_name', 'last_name', 'company_name', 'email', 'phone']) {
    const value = c[field];
    if (typeof value === 'string') out.push(value);
  }
  if (typeof c.first_name === 'string' && typeof c.last_name === 'string') out.push(`${c.first_name} ${c.last_name}`);
  return out;
}

const FAULT_KINDS = new Set([
  'latency',
  'hang',
  'reset',
  'status',
  'malformedJson',
  'truncated',
  'oversized',
  'contentType',
  'stallBody',
]);

/** Validates a fault received over HTTP. */
export function parseFault(body: unknown): SandboxFault | { kind: 'none' } | string {
  if (!isObject(body) || typeof body.kind !== 'string') return 'expected a fault object with a kind';
  if (body.kind === 'none') return { kind: 'none' };
  if (!FAULT_KINDS.has(body.kind)) return `unknown fault kind ${JSON.stringify(body.kind).slice(0, 40)}`;
  if (body.times !== undefined && (typeof body.times !== 'number' || !Number.isInteger(body.times) || body.times < 1))
    return 'times must be a positive integer';
  if (body.route !== undefined && body.route !== 'customer' && body.route !== 'search' && body.route !== 'auth')
    return 'route must be customer, search or auth';
  if (body.kind === 'latency' && (typeof body.ms !== 'number' || body.ms < 0)) return 'latency needs ms >= 0';
  if (body.kind === 'status' && ![500, 502, 503, 504].includes(body.status as number))
    return 'status must be 500, 502, 503 or 504';
  if (body.kind === 'contentType' && typeof body.value !== 'string') return 'contentType needs a value';
  if (body.kind === 'oversized' && body.bytes !== undefined && typeof body.bytes !== 'number')
    return 'oversized bytes must be a number';
  return body as unknown as SandboxFault;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendRaw(res, status, JSON_TYPE, JSON.stringify(body));
}

function sendRaw(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(bytes.length) });
  res.end(bytes);
}

function readBody(
  req: http.IncomingMessage,
  limit: number,
  done: (err: Error | undefined, text: string) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit && !failed) {
      failed = true;
      done(new Error('Body too large'), '');
      return;
    }
    if (!failed) chunks.push(chunk);
  });
  req.on('end', () => {
    if (!failed) done(undefined, Buffer.concat(chunks).toString('utf8'));
  });
  req.on('error', () => {
    if (!failed) {
      failed = true;
      done(new Error('Body could not be read'), '');
    }
  });
}
