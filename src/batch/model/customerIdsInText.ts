import { findCustomerIds } from '../../hover/model/customerIds';

/** One distinct customer ID of a text: where it stands, in order. */
export interface IdOccurrences {
  /** Canonical (lower-case) ID: `ABC…` and `abc…` are one customer. */
  readonly id: string;
  /** Offsets of each occurrence's first character, ascending. */
  readonly offsets: readonly number[];
}

/** Every distinct customer ID of a text, in order of first appearance. */
export interface IdsInText {
  readonly ids: readonly IdOccurrences[];
  /** Occurrences of all IDs together. */
  readonly occurrences: number;
}

/**
 * The listing behind "Customers in File", Look Up All, exports and the agent tools: one pass of
 * findCustomerIds, grouped by ID. `base` is added to every offset (a selection's start).
 */
export function customerIdsInText(text: string, base = 0): IdsInText {
  const byId = new Map<string, number[]>();
  const matches = findCustomerIds(text);
  for (const match of matches) {
    const offsets = byId.get(match.id);
    if (offsets) offsets.push(match.start + base);
    else byId.set(match.id, [match.start + base]);
  }
  const ids: IdOccurrences[] = [];
  for (const [id, offsets] of byId) ids.push({ id, offsets });
  return { ids, occurrences: matches.length };
}

/** The occurrence to reveal after `offset`: the first one past it, wrapping to the first. */
export function nextOccurrence(offsets: readonly number[], offset: number): number | undefined {
  if (offsets.length === 0) return undefined;
  return offsets.find((o) => o > offset) ?? offsets[0];
}
