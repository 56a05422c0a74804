import { type Customer } from '../api/customer';

/**
 * What is known about one ID without asking Rotor: the shared store (fresh or last-known), the
 * recent list, and a failure of this session's Look Up All. Plain data, so the view, exports and
 * agent tools read the same answer.
 */
export type IdStatus =
  | { readonly kind: 'customer'; readonly customer: Customer; readonly fetchedAt: number; readonly fresh: boolean }
  | { readonly kind: 'notFound'; readonly fetchedAt: number; readonly fresh: boolean }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'unknown' };

/** What the store or recent list holds about an ID (the shape of CustomerStore.peek). */
export type KnownEntry =
  | { readonly kind: 'customer'; readonly customer: Customer; readonly fetchedAt: number; readonly fresh: boolean }
  | { readonly kind: 'notFound'; readonly fetchedAt: number; readonly fresh: boolean };

export interface KnowledgeSources {
  /** The store's entry, fresh or not. */
  readonly cached: (id: string) => KnownEntry | undefined;
  /** The recent list's customer, with when it was fetched and whether that is within the TTL. */
  readonly recent: (id: string) => KnownEntry | undefined;
  /** This session's lookup failure for the ID, if its last lookup failed. */
  readonly failure: (id: string) => string | undefined;
}

/** The newest of what the sources know; a failure only when nothing else is known. */
export function idStatus(id: string, sources: KnowledgeSources): IdStatus {
  const cached = sources.cached(id);
  const recent = sources.recent(id);
  const known = cached && recent ? (recent.fetchedAt > cached.fetchedAt ? recent : cached) : (cached ?? recent);
  if (known) return known;
  const failure = sources.failure(id);
  return failure ? { kind: 'failed', message: failure } : { kind: 'unknown' };
}

/** Known within the TTL: a lookup would be answered without a request. */
export const isKnownFresh = (status: IdStatus): boolean => (status.kind === 'customer' || status.kind === 'notFound') && status.fresh;
