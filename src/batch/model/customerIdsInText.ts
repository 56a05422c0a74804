import { nextCustomerIdStart, ownLowercaseId } from '../../hover/model/customerIds';

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

/** An entry while the listing is built: its offsets grow. */
interface Building {
  readonly id: string;
  offsets: number[];
}

/**
 * The listing behind "Customers in File", Look Up All, exports and the agent tools: one pass of
 * the recognizer (the one findCustomerIds runs), grouped by ID. `base` is added to every offset
 * (a selection's start).
 *
 * Built for the garbage collector: no match object per occurrence, and an ID's second offset
 * makes an array of exactly two, where `push` would grow the one-element array to 17 slots
 * (V8 adds half plus 16): with 10,000 IDs that was about 1.2 MB for nothing. Against findCustomerIds
 * on the same text in plain Node: 1.30-1.38x, was 1.41-1.65x, the difference being garbage
 * collection (BENCHMARKS.md, "Customers in File", times it with the view's rows).
 */
export function customerIdsInText(text: string, base = 0): IdsInText {
  const byId = new Map<string, Building>();
  const ids: Building[] = [];
  let occurrences = 0;
  for (let start = nextCustomerIdStart(text, 0); start !== -1; start = nextCustomerIdStart(text, start + 36)) {
    occurrences++;
    const id = ownLowercaseId(text, start);
    const entry = byId.get(id);
    if (entry === undefined) {
      const first: Building = { id, offsets: [start + base] };
      byId.set(id, first);
      ids.push(first);
    } else if (entry.offsets.length === 1) {
      entry.offsets = [entry.offsets[0]!, start + base];
    } else {
      entry.offsets.push(start + base);
    }
  }
  return { ids, occurrences };
}

/** The occurrence to reveal after `offset`: the first one past it, wrapping to the first. */
export function nextOccurrence(offsets: readonly number[], offset: number): number | undefined {
  if (offsets.length === 0) return undefined;
  return offsets.find((o) => o > offset) ?? offsets[0];
}
