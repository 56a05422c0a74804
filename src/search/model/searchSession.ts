import { type Customer, type CustomerPage } from '../../api/customer';
import { type RotorError, toRotorError } from '../../api/errors';
import { type RequestPriority } from '../../api/rotorClient';
import { Emitter } from '../../common/model/events';
import { isRefinementOf, normalizeSearchQuery } from './query';
import { type LocalAnswer, type SearchEntry, SearchResultCache } from './searchCache';

/** One page of `GET /customers?search=…`; RotorClient.searchCustomers fits. */
export type SearchFunction = (
  query: { readonly search: string; readonly page: number; readonly limit: number },
  options: { readonly signal: AbortSignal; readonly priority: RequestPriority; readonly force: boolean },
) => Promise<CustomerPage>;

/** Time as the session sees it: injected so tests run debounces without waiting. */
export interface SearchClock {
  now(): number;
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(callback: () => void, ms: number): () => void;
}

export const realClock: SearchClock = {
  now: () => Date.now(),
  schedule: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export const DEFAULT_DEBOUNCE_MS = 300;
export const DEFAULT_MIN_QUERY_LENGTH = 2;
/**
 * Big pages: a request costs one unit of the daily quota whatever its size, and a complete
 * first page is what lets every refinement be answered locally.
 */
export const DEFAULT_PAGE_SIZE = 100;

export interface SearchSessionOptions {
  readonly search: SearchFunction;
  /** Shared between sessions to reuse answers; a private one by default. */
  readonly cache?: SearchResultCache;
  readonly clock?: SearchClock;
  readonly debounceMs?: number;
  readonly minLength?: number;
  readonly pageSize?: number;
  /** Every page that came from Rotor, e.g. to prime the customer store. */
  readonly onFetched?: (customers: readonly Customer[], fetchedAt: number) => void;
}

/** What the picker should show. `query` is always the normalized query. */
export type SearchState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'tooShort'; readonly query: string; readonly minLength: number }
  /** Waiting for the debounce or for Rotor; nothing to show for this query yet. */
  | { readonly kind: 'searching'; readonly query: string }
  | {
      readonly kind: 'results';
      readonly query: string;
      readonly customers: readonly Customer[];
      readonly fetchedAt: number;
      readonly hasMore: boolean;
      readonly total?: number;
      /** `server`: just fetched; `cache`: this query's earlier answer; `refined`: filtered from a broader complete answer. */
      readonly source: 'server' | 'cache' | 'refined';
      readonly loadingMore: boolean;
      /** Why the last Load more failed. */
      readonly loadMoreError?: RotorError;
    }
  | { readonly kind: 'failed'; readonly query: string; readonly error: RotorError };

export interface ExplicitRequest {
  /** Send even after today's 429 (the user insisted). */
  readonly force?: boolean;
}

interface Flight {
  readonly query: string;
  readonly controller: AbortController;
}

/**
 * Search as you type without a request per keystroke. The rules, in the order they apply:
 *
 * 1. Normalize (trim, collapse spaces, lower-case); an unchanged query does nothing.
 * 2. Below `minLength` nothing is sent (state `tooShort`).
 * 3. Answer locally when possible, at once and without debounce: this query's cached answer,
 *    or the narrowest cached *complete* (has_more=false) answer of a broader query, filtered
 *    with the server's matching rule ("acme" complete ⇒ "acme roof" costs nothing).
 * 4. Otherwise wait `debounceMs` after the last keystroke, then send. A request still running
 *    for a broader query is not aborted but awaited (its answer may cover this one); any other
 *    running request is aborted as soon as the query moves away from it, and a late answer of
 *    an abandoned request is ignored.
 *
 * So typing a word character by character, at any speed, costs one request when the first
 * answer is complete; otherwise one more per pause longer than the debounce.
 *
 * As-you-type requests go out with priority `background`, so the quota tracker refuses them
 * (QuotaReserveError, nothing sent) when only the reserve is left; `retry()` and `loadMore()`
 * are things the user asked for and use priority `user`.
 */
export class CustomerSearchSession {
  private readonly cache: SearchResultCache;
  private readonly clock: SearchClock;
  private readonly debounceMs: number;
  private readonly minLength: number;
  private readonly pageSize: number;
  private readonly changed = new Emitter<SearchState>();
  /** Fires after every state change. */
  readonly onDidChange = this.changed.event;

  private current = '';
  private stateValue: SearchState = { kind: 'empty' };
  /** The cache entry shown when the state is `results` from this query's own answer (for Load more). */
  private shownEntry: SearchEntry | undefined;
  private cancelTimer: (() => void) | undefined;
  private flight: Flight | undefined;
  private more: Flight | undefined;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;

  constructor(private readonly options: SearchSessionOptions) {
    this.clock = options.clock ?? realClock;
    this.cache = options.cache ?? new SearchResultCache({ ttlMs: () => 10 * 60_000, now: () => this.clock.now() });
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.minLength = Math.max(1, options.minLength ?? DEFAULT_MIN_QUERY_LENGTH);
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE));
  }

  get state(): SearchState {
    return this.stateValue;
  }

  /** The normalized query the state is about. */
  get query(): string {
    return this.current;
  }

  /** A debounce is pending or a request is running. */
  get busy(): boolean {
    return this.cancelTimer !== undefined || this.flight !== undefined || this.more !== undefined;
  }

  /** Resolves once nothing is pending (no debounce, no request). For tests and scripted use. */
  whenIdle(): Promise<void> {
    if (!this.busy || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The text in the input box changed. */
  setQuery(raw: string): void {
    if (this.disposed) return;
    const query = normalizeSearchQuery(raw);
    if (query === this.current) return;
    this.current = query;
    this.stopTimer();
    if (this.more && this.more.query !== query) this.abort('more');
    if (query.length < this.minLength) {
      this.abort('flight');
      this.setState(query === '' ? { kind: 'empty' } : { kind: 'tooShort', query, minLength: this.minLength });
      return;
    }
    if (this.showLocal(query)) {
      this.abort('flight');
      return;
    }
    // A request for a broader query may still answer this one: let it finish.
    if (this.flight && !isRefinementOf(query, this.flight.query)) this.abort('flight');
    // The timer first, so listeners of the state change already see the session busy.
    this.cancelTimer = this.clock.schedule(() => {
      this.cancelTimer = undefined;
      this.evaluate();
      this.settle();
    }, this.debounceMs);
    this.setState({ kind: 'searching', query });
  }

  /**
   * Sends the current query now with priority `user`: the user asked (Search anyway after a
   * QuotaReserveError, Try again after a failure or a 429).
   */
  retry(request: ExplicitRequest = {}): void {
    if (this.disposed || this.current.length < this.minLength) return;
    this.stopTimer();
    this.abort('flight');
    this.send(this.current, { priority: 'user', force: request.force ?? false });
  }

  /** Fetches the next page of the current query's answer and appends it (priority `user`). */
  loadMore(request: ExplicitRequest = {}): void {
    const state = this.stateValue;
    const entry = this.shownEntry;
    if (
      this.disposed ||
      state.kind !== 'results' ||
      !state.hasMore ||
      this.more ||
      !entry ||
      entry.query !== this.current
    )
      return;
    const flight: Flight = { query: entry.query, controller: new AbortController() };
    this.more = flight;
    this.setState({ ...state, loadingMore: true, loadMoreError: undefined });
    this.options
      .search(
        { search: entry.query, page: entry.nextPage, limit: entry.pageSize },
        { signal: flight.controller.signal, priority: 'user', force: request.force ?? false },
      )
      .then(
        (page) => {
          if (this.more !== flight || flight.controller.signal.aborted || this.disposed) return;
          this.more = undefined;
          const fetchedAt = this.clock.now();
          const known = new Set(entry.customers.map((c) => c.id));
          const added = page.customers.filter((c) => !known.has(c.id) && known.add(c.id));
          const next: SearchEntry = {
            ...entry,
            customers: [...entry.customers, ...added],
            // An empty page that claims more would make Load more loop forever.
            hasMore: page.pagination.hasMore && page.customers.length > 0,
            nextPage: entry.nextPage + 1,
            ...(page.pagination.total === undefined ? {} : { total: page.pagination.total }),
          };
          this.cache.set(next);
          this.options.onFetched?.(page.customers, fetchedAt);
          if (this.current === next.query)
            this.showAnswer({ entry: next, source: 'exact', customers: next.customers }, 'server');
        },
        (e: unknown) => {
          if (this.more !== flight || flight.controller.signal.aborted || this.disposed) return;
          this.more = undefined;
          const now = this.stateValue;
          if (now.kind === 'results' && this.current === flight.query)
            this.setState({ ...now, loadingMore: false, loadMoreError: toRotorError(e) });
        },
      )
      .finally(() => this.settle());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTimer();
    this.abort('flight');
    this.abort('more');
    this.changed.dispose();
    this.settle();
  }

  /** The debounce elapsed or a request ended: answer, wait, or send. */
  private evaluate(): void {
    const query = this.current;
    if (this.disposed || query.length < this.minLength) return;
    if (this.showLocal(query)) return;
    if (this.cancelTimer) return;
    if (this.flight) {
      if (isRefinementOf(query, this.flight.query)) return;
      this.abort('flight');
    }
    this.send(query, { priority: 'background', force: false });
  }

  private send(query: string, gate: { priority: RequestPriority; force: boolean }): void {
    const flight: Flight = { query, controller: new AbortController() };
    this.flight = flight;
    this.setState({ kind: 'searching', query: this.current });
    this.options
      .search({ search: query, page: 1, limit: this.pageSize }, { signal: flight.controller.signal, ...gate })
      .then(
        (page) => {
          if (this.flight !== flight || flight.controller.signal.aborted || this.disposed) return;
          this.flight = undefined;
          const fetchedAt = this.clock.now();
          const seen = new Set<string>();
          const customers = page.customers.filter((c) => !seen.has(c.id) && seen.add(c.id));
          const entry: SearchEntry = {
            query,
            customers,
            hasMore: page.pagination.hasMore && page.customers.length > 0,
            nextPage: page.pagination.page + 1,
            pageSize: this.pageSize,
            fetchedAt,
            ...(page.pagination.total === undefined ? {} : { total: page.pagination.total }),
          };
          this.cache.set(entry);
          this.options.onFetched?.(page.customers, fetchedAt);
          if (this.current === query) this.showAnswer({ entry, source: 'exact', customers }, 'server');
          else this.evaluate();
        },
        (e: unknown) => {
          if (this.flight !== flight || flight.controller.signal.aborted || this.disposed) return;
          this.flight = undefined;
          // The query may have moved on while a broader request ran: its failure is the current query's too.
          this.setState({ kind: 'failed', query: this.current, error: toRotorError(e) });
        },
      )
      .finally(() => this.settle());
  }

  private showLocal(query: string): boolean {
    const answer = this.cache.answer(query);
    if (!answer) return false;
    this.showAnswer(answer, answer.source === 'exact' ? 'cache' : 'refined');
    return true;
  }

  private showAnswer(answer: LocalAnswer, source: 'server' | 'cache' | 'refined'): void {
    const { entry } = answer;
    const exact = answer.source === 'exact';
    this.shownEntry = exact ? entry : undefined;
    this.setState({
      kind: 'results',
      query: this.current,
      customers: answer.customers,
      fetchedAt: entry.fetchedAt,
      hasMore: exact && entry.hasMore,
      ...(exact && entry.total !== undefined ? { total: entry.total } : {}),
      source,
      loadingMore: exact && this.more?.query === entry.query,
    });
  }

  private setState(state: SearchState): void {
    if (state.kind !== 'results') this.shownEntry = undefined;
    this.stateValue = state;
    this.changed.fire(state);
    this.settle();
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private abort(which: 'flight' | 'more'): void {
    const flight = this[which];
    if (!flight) return;
    this[which] = undefined;
    flight.controller.abort();
  }

  private settle(): void {
    if (this.busy && !this.disposed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
