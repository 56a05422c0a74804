import type * as vscode from 'vscode';
import { InvalidIdError } from '../api/errors';
import { type CustomerStore, type LookupOptions, type LookupResult } from './model/customerStore';
import { type RecentCustomers } from '../recent/model/recentCustomers';
import { normalizeCustomerId } from '../api/customerId';
import { logCacheHit } from './requestLog';

export interface CustomerLookupOptions extends LookupOptions {
  /** An explicit lookup (command, link, panel, tree): put the customer on top of Recent Customers. */
  readonly remember?: boolean;
}

/**
 * The one way features look a customer up: canonical ID, the shared store, the log line for a
 * cache hit, and the recent list for lookups the user asked for. Throws RotorError.
 */
export class CustomerLookup {
  constructor(
    private readonly store: CustomerStore,
    private readonly recent: RecentCustomers,
    private readonly log: vscode.LogOutputChannel,
    /** The connection whose store this is: its Recent entries are filed under it. */
    private readonly connectionId: string,
  ) {}

  private recording = true;

  /**
   * Remove Connection: answers arriving from now on are not filed in Recent Customers (they would
   * bring back an entry of a connection that is being removed). `resume` undoes it (Default stays).
   */
  pause(): void {
    this.recording = false;
  }

  resume(): void {
    this.recording = true;
  }

  async lookup(rawId: string, options: CustomerLookupOptions = {}): Promise<LookupResult> {
    const id = normalizeCustomerId(rawId);
    if (id === undefined) throw new InvalidIdError();
    return this.noted(id, await this.store.lookup(id, options), options);
  }

  /**
   * The same answer as `lookup` when the cache holds it fresh, without waiting a task: a panel
   * opened from a hover is created before anything awaits (BENCHMARKS.md, "Panel from a hover").
   * Undefined when `lookup` would have to ask Rotor.
   */
  fresh(rawId: string, options: Pick<CustomerLookupOptions, 'remember'> = {}): LookupResult | undefined {
    const id = normalizeCustomerId(rawId);
    const entry = id === undefined ? undefined : this.store.peek(id);
    if (!id || !entry?.fresh) return undefined;
    const result: LookupResult =
      entry.kind === 'customer'
        ? { kind: 'customer', customer: entry.customer, fetchedAt: entry.fetchedAt, fromCache: true }
        : { kind: 'notFound', fetchedAt: entry.fetchedAt, fromCache: true };
    return this.noted(id, result, options);
  }

  /** The log line for a cache hit and the recent list's record of what was looked up. */
  private noted(id: string, result: LookupResult, options: Pick<CustomerLookupOptions, 'remember'>): LookupResult {
    if (result.fromCache && !('stale' in result && result.stale)) logCacheHit(this.log, id, result.kind);
    if (result.kind === 'customer' && this.recording) {
      if (options.remember) this.recent.record(result.customer, result.fetchedAt, this.connectionId);
      else this.recent.update(result.customer, result.fetchedAt, this.connectionId);
    }
    return result;
  }
}
