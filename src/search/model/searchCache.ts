import { type Customer } from '../../api/customer';
import { customerMatches, isRefinementOf } from './query';

/** What the server said for one normalized query, with every page loaded so far. */
export interface SearchEntry {
  readonly query: string;
  readonly customers: readonly Customer[];
  /** The server has more pages: the entry is incomplete and cannot answer refinements. */
  readonly hasMore: boolean;
  /** The page Load more asks for next. */
  readonly nextPage: number;
  readonly pageSize: number;
  readonly total?: number;
  /** When the first page was fetched (the age of the data as a whole). */
  readonly fetchedAt: number;
}

/** An answer without a request: the entry itself, or a complete broader entry filtered locally. */
export interface LocalAnswer {
  readonly entry: SearchEntry;
  /** `exact`: the entry is this query's own; `refined`: filtered from `entry` (a broader query). */
  readonly source: 'exact' | 'refined';
  readonly customers: readonly Customer[];
}

export interface SearchCacheOptions {
  /** How long an answer is reused. */
  readonly ttlMs: () => number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Search answers by normalized query, shared by every Find Customer session so that reopening
 * the picker and typing the same thing costs nothing. Bounded (least recently used dropped) and
 * time-limited; the caller clears it when the API key changes.
 */
export class SearchResultCache {
  private readonly entries = new Map<string, SearchEntry>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly options: SearchCacheOptions) {
    this.now = options.now ?? Date.now;
    this.maxEntries = Math.max(1, options.maxEntries ?? 100);
  }

  set(entry: SearchEntry): void {
    this.entries.delete(entry.query);
    this.entries.set(entry.query, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The fresh entry of exactly this query. */
  get(query: string): SearchEntry | undefined {
    const entry = this.entries.get(query);
    if (!entry) return undefined;
    if (!this.isFresh(entry)) {
      this.entries.delete(query);
      return undefined;
    }
    // Re-insert: most recently used last.
    this.entries.delete(query);
    this.entries.set(query, entry);
    return entry;
  }

  /**
   * Answers `query` without a request if possible: its own entry (complete or not), else the
   * narrowest fresh *complete* entry of a broader query, filtered with the server's rule.
   * An incomplete broader entry is never used: the missing pages may hold matches.
   */
  answer(query: string): LocalAnswer | undefined {
    const own = this.get(query);
    if (own) return { entry: own, source: 'exact', customers: own.customers };
    let best: SearchEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.hasMore || !isRefinementOf(query, entry.query) || !this.isFresh(entry)) continue;
      if (!best || entry.query.length > best.query.length) best = entry;
    }
    if (!best) return undefined;
    return { entry: best, source: 'refined', customers: best.customers.filter((c) => customerMatches(c, query)) };
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private isFresh(entry: SearchEntry): boolean {
    return this.now() - entry.fetchedAt < this.options.ttlMs();
  }
}
