import { LRUCache } from 'lru-cache';
import { type Customer } from '../../api/customer';
import { CancelledError, NotFoundError, type RotorError, toRotorError } from '../../api/errors';
import { type RequestOptions, type RequestPriority } from '../../api/rotorClient';
import { Emitter } from '../../common/model/events';

/** What the store knows about one ID. */
export type CacheEntry =
  | { readonly kind: 'customer'; readonly customer: Customer; readonly fetchedAt: number }
  | { readonly kind: 'notFound'; readonly fetchedAt: number };

/**
 * The answer to a lookup. `stale` marks last-known data served because Rotor could not be
 * asked (offline, quota, server error); `error` then says why.
 */
export type LookupResult =
  | {
      readonly kind: 'customer';
      readonly customer: Customer;
      readonly fetchedAt: number;
      readonly fromCache: boolean;
      readonly stale?: RotorError;
    }
  | { readonly kind: 'notFound'; readonly fetchedAt: number; readonly fromCache: boolean };

export interface LookupOptions {
  readonly signal?: AbortSignal;
  readonly priority?: RequestPriority;
  /** Ask Rotor even when the cache is fresh (Refresh). */
  readonly refresh?: boolean;
  /** Send even after today's 429 (the user insisted). */
  readonly force?: boolean;
}

export interface CustomerStoreOptions {
  readonly fetchCustomer: (id: string, options: RequestOptions & { signal: AbortSignal }) => Promise<Customer>;
  readonly ttlMs: () => number;
  readonly maxEntries: number;
  /** Upper bound of the cache's estimated size in bytes (UTF-16 length of its strings × 2). */
  readonly maxBytes?: number;
  readonly now?: () => number;
}

interface InFlight {
  readonly promise: Promise<CacheEntry>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * The one customer store behind hover, command, panel, tree and links.
 *
 * - An LRU (lru-cache) bounded by entries and bytes; freshness is our own `fetchedAt` + TTL, so
 *   expired entries stay available as last-known data until evicted.
 * - Negative caching: a 404 is remembered like a customer, so a UUID that is not a customer
 *   costs one request per TTL, not one per hover.
 * - In-flight sharing with reference counting: N simultaneous lookups of one ID send one
 *   request, and a caller that cancels (a hover whose token fires) aborts the request only when
 *   no other caller still waits for it. lru-cache's own fetch() aborts for every waiter when
 *   one signal fires, which is why sharing lives here.
 */
export class CustomerStore {
  private readonly cache: LRUCache<string, CacheEntry>;
  private readonly inFlight = new Map<string, InFlight>();
  /** Raised by clear(): answers to requests sent before it are not cached. */
  private generation = 0;
  private readonly now: () => number;
  private readonly changed = new Emitter<string>();
  /** Fires with the ID whose entry changed (or '' when the cache was cleared). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: CustomerStoreOptions) {
    this.now = options.now ?? Date.now;
    this.cache = new LRUCache<string, CacheEntry>({
      max: options.maxEntries,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: estimateEntrySize,
    });
  }

  /** The cached entry, fresh or not, without sending anything. */
  peek(id: string): (CacheEntry & { readonly fresh: boolean }) | undefined {
    const entry = this.cache.get(id);
    return entry && { ...entry, fresh: this.isFresh(entry) };
  }

  /** Puts known data in the cache (e.g. from the recent list after a reload, or a search result). */
  prime(customer: Customer, fetchedAt: number): void {
    const current = this.cache.get(customer.id);
    if (current && current.fetchedAt >= fetchedAt) return;
    this.cache.set(customer.id, { kind: 'customer', customer, fetchedAt });
    this.changed.fire(customer.id);
  }

  /**
   * Answers from the cache when fresh, else asks Rotor (sharing any request already under way).
   * On failure it serves last-known data marked `stale`; with nothing known it throws the
   * RotorError. `id` must already be a canonical customer ID.
   */
  async lookup(id: string, options: LookupOptions = {}): Promise<LookupResult> {
    const cached = this.cache.get(id);
    if (cached && !options.refresh && this.isFresh(cached)) return { ...cached, fromCache: true };
    try {
      const entry = await this.fetchShared(id, options);
      return { ...entry, fromCache: false };
    } catch (e) {
      const error = toRotorError(e);
      const known = this.cache.get(id);
      if (known?.kind === 'customer' && !(error instanceof CancelledError)) {
        return { ...known, fromCache: true, stale: error };
      }
      throw error;
    }
  }

  /** Forgets one ID or everything. */
  delete(id: string): void {
    if (this.cache.delete(id)) this.changed.fire(id);
  }

  /**
   * Forgets everything, requests under way included: after a key change (maybe another company)
   * a lookup must not join, or be answered from, a request sent with the old key. Those requests
   * are aborted and whatever they still bring back is not cached.
   */
  clear(): void {
    this.generation++;
    this.abortAll();
    this.inFlight.clear();
    this.cache.clear();
    this.changed.fire('');
  }

  get size(): number {
    return this.cache.size;
  }

  /** Requests currently under way (for tests and the benchmark). */
  get pending(): number {
    return this.inFlight.size;
  }

  private isFresh(entry: CacheEntry): boolean {
    return this.now() - entry.fetchedAt < this.options.ttlMs();
  }

  private fetchShared(id: string, options: LookupOptions): Promise<CacheEntry> {
    let flight = this.inFlight.get(id);
    if (!flight) flight = this.startFetch(id, options);
    flight.waiters++;
    const shared = flight;
    const signal = options.signal;
    if (!signal) return shared.promise;
    if (signal.aborted) {
      this.release(shared);
      return Promise.reject(new CancelledError());
    }
    return new Promise<CacheEntry>((resolve, reject) => {
      const onAbort = () => {
        this.release(shared);
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e instanceof Error ? e : toRotorError(e));
        },
      );
    });
  }

  /** A caller stopped waiting; the last one to leave cancels the request. */
  private release(flight: InFlight): void {
    flight.waiters--;
    if (flight.waiters <= 0) flight.controller.abort();
  }

  private startFetch(id: string, options: LookupOptions): InFlight {
    const controller = new AbortController();
    const generation = this.generation;
    const promise = this.options
      .fetchCustomer(id, {
        signal: controller.signal,
        priority: options.priority ?? 'user',
        force: options.force ?? false,
      })
      .then(
        (customer): CacheEntry => ({ kind: 'customer', customer, fetchedAt: this.now() }),
        (e: unknown): CacheEntry => {
          if (e instanceof NotFoundError) return { kind: 'notFound', fetchedAt: this.now() };
          throw e;
        },
      )
      .then((entry) => {
        if (generation === this.generation) {
          this.cache.set(id, entry);
          this.changed.fire(id);
        }
        return entry;
      })
      .finally(() => {
        if (this.inFlight.get(id) === flight) this.inFlight.delete(id);
      });
    // Waiters attach their own handlers; this one keeps an abandoned request from surfacing as unhandled.
    promise.catch(() => undefined);
    const flight: InFlight = { promise, controller, waiters: 0 };
    this.inFlight.set(id, flight);
    return flight;
  }

  /** Cancels every request under way: their waiters get CancelledError, nothing is cached. */
  abortAll(): void {
    for (const flight of this.inFlight.values()) flight.controller.abort();
  }

  dispose(): void {
    this.abortAll();
    this.changed.dispose();
  }
}

/** A cheap size estimate: the JSON length of the entry. Runs once per set. */
function estimateEntrySize(entry: CacheEntry): number {
  try {
    return Math.max(1, JSON.stringify(entry).length * 2);
  } catch {
    return 1024;
  }
}
