/**
 * Customer-ID recognition in text (what a bare ID is: api/customerId.ts). In text an ID must
 * stand on its own: not inside a longer run of hex digits, letters, digits, underscores or
 * hyphen-joined hex (so `x182bd5e5-…` or `…ab26e0` are not IDs).
 */

export interface UuidMatch {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 45 // -
  );
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 102);
}

/** Checks the 36 characters at `start` form a UUID (dashes at 8, 13, 18, 23). */
function uuidAt(text: string, start: number): boolean {
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) {
      return false;
    }
  }
  return true;
}

const idCodes: number[] = new Array<number>(36);

/**
 * The 36 characters at `start`, lower-cased, as a string of their own. Not
 * `text.slice(…).toLowerCase()`: for an ID already in lower case V8 returns the slice itself, a
 * view that keeps the whole text alive as long as the ID is kept (a 4 MB log pinned by one ID
 * in the cache or a link; BENCHMARKS.md, "Big logs"). `| 32` lower-cases A-F and leaves digits and
 * `-` as they are.
 */
export function ownLowercaseId(text: string, start: number): string {
  for (let i = 0; i < 36; i++) idCodes[i] = text.charCodeAt(start + i) | 32;
  return String.fromCharCode.apply(null, idCodes);
}

/**
 * Where the first stand-alone UUID at or after `from` starts, or -1. A hand-written scanner
 * rather than a global regex: it jumps from one `-` to the next (UUIDs are rare in logs, dashes
 * are the cheap anchor), and it is about twice as fast as `RegExp.exec` on large logs (see
 * BENCHMARKS.md). Returns a position, not a match, so a caller that groups (customerIdsInText)
 * allocates nothing per occurrence it does not keep.
 */
export function nextCustomerIdStart(text: string, from: number): number {
  const n = text.length;
  // A UUID's first dash sits at offset 8 of the UUID.
  let dash = text.indexOf('-', from + 8);
  while (dash !== -1) {
    const start = dash - 8;
    if (
      start + 36 <= n &&
      uuidAt(text, start) &&
      (start === 0 || !isWordChar(text.charCodeAt(start - 1))) &&
      (start + 36 === n || !isWordChar(text.charCodeAt(start + 36)))
    )
      return start;
    dash = text.indexOf('-', dash + 1);
  }
  return -1;
}

/**
 * Every stand-alone UUID in `text`, in order. With `limit`, it stops at the limit-th ID instead
 * of scanning the rest of the text.
 */
export function findCustomerIds(text: string, limit = Infinity): UuidMatch[] {
  const out: UuidMatch[] = [];
  if (limit <= 0) return out;
  // After an ID the next can start right after it: one starting inside it has a word character before it.
  for (let start = nextCustomerIdStart(text, 0); start !== -1; start = nextCustomerIdStart(text, start + 36)) {
    out.push({ id: ownLowercaseId(text, start), start, end: start + 36 });
    if (out.length >= limit) break;
  }
  return out;
}

/** The stand-alone UUID that covers `offset` in `line`, if any. */
export function customerIdAt(line: string, offset: number): UuidMatch | undefined {
  const from = Math.max(0, offset - 36);
  const slice = line.slice(from, offset + 37);
  for (const m of findCustomerIds(slice)) {
    const start = m.start + from;
    const end = m.end + from;
    if (offset >= start && offset <= end) {
      // Boundaries were checked against the slice; re-check against the whole line.
      if (
        (start > 0 && isWordChar(line.charCodeAt(start - 1))) ||
        (end < line.length && isWordChar(line.charCodeAt(end)))
      )
        return undefined;
      return { id: m.id, start, end };
    }
  }
  return undefined;
}
