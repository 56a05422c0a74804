import { type Customer, parseCustomer, toApiShape } from '../../api/customer';
import { Emitter, type KeyValueStorage } from '../../common/model/events';
import { normalizeCustomerId } from '../../api/customerId';
import { connectionKey, DEFAULT_CONNECTION_ID } from '../../connections/model/connections';

export const RECENT_STATE_KEY = 'rotor.recentCustomers.v1';

export interface RecentEntry {
  readonly customer: Customer;
  /** When the user last looked this customer up. */
  readonly viewedAt: number;
  /** When the data was fetched from Rotor. */
  readonly fetchedAt: number;
  readonly pinned: boolean;
  /** The connection the customer came from (entries stored before connections existed: Default's). */
  readonly connectionId: string;
}

/** The entry's key in the list (and its tree row's command argument): connection and customer ID. */
export function recentKey(entry: RecentEntry): string {
  return connectionKey(entry.connectionId, entry.customer.id);
}

/** A pinned entry kept as its bare ID by Forget Customer Data: nothing is known until it is looked up again. */
export function isForgotten(entry: RecentEntry): boolean {
  return entry.fetchedAt === 0;
}

/** Stored form: the customer in Rotor's own field names, so reading it back reuses the API parser. */
interface StoredEntry {
  readonly data: Record<string, unknown>;
  readonly viewedAt: number;
  readonly fetchedAt: number;
  readonly pinned?: boolean;
  /** Absent for Default. */
  readonly connection?: string;
}

/**
 * The recent-customers list: newest first, pinned ones on top, deduplicated by connection and
 * ID (the same UUID in two companies is two customers), capped. Methods that take a `key` take
 * `recentKey` (the bare customer ID for Default).
 * Persisted in globalState (machine-local; never registered for Settings Sync because it is
 * PII). Corrupted state is survived: unreadable entries are dropped.
 */
export class RecentCustomers {
  private entries: RecentEntry[];
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly maxItems: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = this.load();
  }

  /** Pinned entries first (most recent first), then the rest by last view. */
  list(): readonly RecentEntry[] {
    return [...this.entries].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.viewedAt - a.viewedAt);
  }

  get(key: string): RecentEntry | undefined {
    return this.entries.find((e) => recentKey(e) === key);
  }

  /** A successful lookup the user asked for: put the customer on top. */
  record(customer: Customer, fetchedAt: number, connectionId = DEFAULT_CONNECTION_ID): void {
    const key = connectionKey(connectionId, customer.id);
    const existing = this.get(key);
    const entry: RecentEntry = {
      customer,
      viewedAt: this.now(),
      fetchedAt,
      pinned: existing?.pinned ?? false,
      connectionId,
    };
    this.entries = [entry, ...this.entries.filter((e) => recentKey(e) !== key)];
    this.trim();
    this.save();
  }

  /** New data for a customer already listed (a refresh), without changing its place. */
  update(customer: Customer, fetchedAt: number, connectionId = DEFAULT_CONNECTION_ID): void {
    const key = connectionKey(connectionId, customer.id);
    const index = this.entries.findIndex((e) => recentKey(e) === key);
    if (index < 0) return;
    // A cache hit hands back the entry it already has: nothing to save, no tree refresh. Hovers
    // over a recent customer would otherwise write state and redraw the view every time.
    const current = this.entries[index]!;
    if (current.customer === customer && current.fetchedAt === fetchedAt) return;
    this.entries[index] = { ...current, customer, fetchedAt };
    this.save();
  }

  setPinned(key: string, pinned: boolean): void {
    const index = this.entries.findIndex((e) => recentKey(e) === key);
    if (index < 0 || this.entries[index]!.pinned === pinned) return;
    this.entries[index] = { ...this.entries[index]!, pinned };
    this.save();
  }

  remove(key: string): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => recentKey(e) !== key);
    if (this.entries.length !== before) this.save();
  }

  /** Remove Connection: every entry of that connection goes. */
  removeConnection(connectionId: string): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.connectionId !== connectionId);
    if (this.entries.length !== before) this.save();
  }

  /**
   * At start-up: entries of connections that no longer exist go (e.g. removed in another window,
   * or left behind by an interrupted Remove Connection). Returns how many went.
   */
  retainConnections(connectionIds: readonly string[]): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => connectionIds.includes(e.connectionId));
    const dropped = before - this.entries.length;
    if (dropped > 0) this.save();
    return dropped;
  }

  clear(): void {
    this.entries = [];
    this.save();
  }

  /**
   * Forget Customer Data: every stored record goes. With `keepPinnedIds`, pinned customers stay
   * pinned as their bare ID (no name, contact or anything else Rotor sent) until looked up again.
   */
  forget(keepPinnedIds: boolean): void {
    this.entries = keepPinnedIds ? this.entries.filter((e) => e.pinned).map(bareEntry) : [];
    this.save();
  }

  /**
   * `rotor.recent.retentionDays` at start-up: entries last viewed more than `days` days ago are
   * dropped; pinned ones stay pinned as their bare ID, like Forget's "Keep Pinned IDs" (0 keeps
   * everything). Returns how many records went.
   */
  dropOlderThan(days: number): number {
    if (!(days > 0)) return 0;
    const cutoff = this.now() - days * 24 * 3600_000;
    let dropped = 0;
    const kept: RecentEntry[] = [];
    for (const e of this.entries) {
      if (e.viewedAt >= cutoff || (e.pinned && isForgotten(e))) kept.push(e);
      else {
        dropped++;
        if (e.pinned) kept.push(bareEntry(e));
      }
    }
    this.entries = kept;
    if (dropped > 0) this.save();
    return dropped;
  }

  /**
   * Applies the current cap now (the setting may have been lowered since the last lookup).
   * Returns whether anything was dropped.
   */
  enforceLimit(): boolean {
    const before = this.entries.length;
    this.trim();
    if (this.entries.length === before) return false;
    this.save();
    return true;
  }

  /** Unpinned entries beyond the cap go first (oldest view first); pinned ones are kept. */
  private trim(): void {
    this.entries = capEntries(this.entries, this.maxItems());
  }

  private save(): void {
    const stored: StoredEntry[] = this.entries.map((e) => ({
      data: toApiShape(e.customer),
      viewedAt: e.viewedAt,
      fetchedAt: e.fetchedAt,
      pinned: e.pinned,
      ...(e.connectionId === DEFAULT_CONNECTION_ID ? {} : { connection: e.connectionId }),
    }));
    try {
      void Promise.resolve(this.storage.update(RECENT_STATE_KEY, stored)).catch(() => undefined);
    } catch {
      // A storage that throws synchronously must not lose the in-memory list or the change event.
    }
    this.changed.fire();
  }

  private load(): RecentEntry[] {
    const raw = this.storage.get<unknown>(RECENT_STATE_KEY);
    if (!Array.isArray(raw)) return [];
    const seen = new Set<string>();
    const out: RecentEntry[] = [];
    for (const item of raw as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const s = item as Partial<StoredEntry>;
      const id = typeof s.data?.id === 'string' ? normalizeCustomerId(s.data.id) : undefined;
      const connectionId = typeof s.connection === 'string' && s.connection ? s.connection : DEFAULT_CONNECTION_ID;
      const key = id && connectionKey(connectionId, id);
      if (!id || !key || seen.has(key) || !isTime(s.viewedAt) || !isTime(s.fetchedAt)) continue;
      const customer = parseCustomer({ ...s.data, id });
      if (!customer) continue;
      seen.add(key);
      out.push({ customer, viewedAt: s.viewedAt, fetchedAt: s.fetchedAt, pinned: s.pinned === true, connectionId });
    }
    // Stored order is newest first, but sort anyway: the state may come from an older or edited file.
    out.sort((a, b) => b.viewedAt - a.viewedAt);
    // The cap may have been lowered while the editor was closed; pinned entries are kept wherever they are.
    return capEntries(out, this.maxItems());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The entry with nothing of the customer but its ID (and no fetch time): see isForgotten. */
function bareEntry(e: RecentEntry): RecentEntry {
  return { ...e, customer: { id: e.customer.id, tags: [], otherFields: {} }, fetchedAt: 0 };
}

/** Keeps every pinned entry and the first unpinned ones up to `max` entries in all. */
function capEntries(entries: readonly RecentEntry[], max: number): RecentEntry[] {
  const pinnedCount = entries.filter((e) => e.pinned).length;
  const unpinnedAllowed = Math.max(0, max - pinnedCount);
  let unpinnedKept = 0;
  return entries.filter((e) => e.pinned || ++unpinnedKept <= unpinnedAllowed);
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
