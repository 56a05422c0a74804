import { type Customer } from '../../api/customer';

/**
 * What is known about one ID without asking Rotor: the shared store (fresh or last-known; it is
 * primed from the recent list at start-up and emptied when the key changes, so another company's
 * records never show) and a failure of this session's Look Up All. Plain data, so the view,
 * exports and agent tools read the same answer.
 */
export type IdStatus =
  | { readonly kind: 'customer'; readonly customer: Customer; readonly fetchedAt: number; readonly fresh: boolean }
  | { readonly kind: 'notFound'; readonly fetchedAt: number; readonly fresh: boolean }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'unknown' };

/** What the store holds about an ID (the shape of CustomerStore.peek). */
export type KnownEntry =
  | { readonly kind: 'customer'; readonly customer: Customer; readonly fetchedAt: number; readonly fresh: boolean }
  | { readonly kind: 'notFound'; readonly fetchedAt: number; readonly fresh: boolean };

export interface KnowledgeSources {
  /** The store's entry, fresh or not. */
  readonly cached: (id: string) => KnownEntry | undefined;
  /** This session's lookup failure for the ID, if its last lookup failed. */
  readonly failure: (id: string) => string | undefined;
}

/** What the store knows; a failure only when it knows nothing (last-known data beats an error). */
export function idStatus(id: string, sources: KnowledgeSources): IdStatus {
  const known = sources.cached(id);
  if (known) return known;
  const failure = sources.failure(id);
  return failure ? { kind: 'failed', message: failure } : { kind: 'unknown' };
}

/** Known within the TTL: a lookup would be answered without a request. */
export const isKnownFresh = (status: IdStatus): boolean =>
  (status.kind === 'customer' || status.kind === 'notFound') && status.fresh;
