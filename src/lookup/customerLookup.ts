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

  async lookup(rawId: string, options: CustomerLookupOptions = {}): Promise<LookupResult> {
    const id = normalizeCustomerId(rawId);
    if (id === undefined) throw new InvalidIdError();
    const result = await this.store.lookup(id, options);
    if (result.fromCache && !('stale' in result && result.stale)) logCacheHit(this.log, id, result.kind);
    if (result.kind === 'customer') {
      if (options.remember) this.recent.record(result.customer, result.fetchedAt, this.connectionId);
      else this.recent.update(result.customer, result.fetchedAt, this.connectionId);
    }
    return result;
  }
}
