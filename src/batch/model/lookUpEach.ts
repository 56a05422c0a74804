/** What one lookup of a batch ended with. A `fatal` failure (no key, quota used up) stops the rest. */
export type BatchOutcome =
  | { readonly kind: 'customer' }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'failed'; readonly message: string; readonly fatal?: boolean }
  | { readonly kind: 'skipped' };

/** Requests under way at once for a batch the user asked for: Rotor's (and the sandbox's) per-key fairness. */
export const BATCH_CONCURRENCY = 4;

export interface LookUpEachOptions {
  /** Requests under way at once: few, so Rotor's per-key fairness holds (and the sandbox's). */
  readonly concurrency: number;
  /** Cancels: nothing new starts, lookups under way are aborted; the rest end `skipped`. */
  readonly signal?: AbortSignal;
  /** After each ID settles, for progress. */
  readonly onSettled?: (settled: number, total: number) => void;
}

/** What any batch's lookups end with: a kind, `failed` ones may be `fatal`, untried ones `skipped`. */
export type SettledOutcome = { readonly kind: string; readonly fatal?: boolean };
const SKIPPED = { kind: 'skipped' } as const;

/**
 * Runs `lookUp` over `ids` with at most `concurrency` at a time, in order: Look Up All, the agent
 * tools and Refresh All. `lookUp` must not throw (it turns errors into outcomes). The result
 * lines up with `ids`.
 */
export async function lookUpEach<O extends SettledOutcome = BatchOutcome>(
  ids: readonly string[],
  lookUp: (id: string, signal: AbortSignal | undefined) => Promise<O>,
  options: LookUpEachOptions,
): Promise<(O | typeof SKIPPED)[]> {
  const outcomes: (O | typeof SKIPPED)[] = ids.map(() => SKIPPED);
  let next = 0;
  let settled = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && !options.signal?.aborted && next < ids.length) {
      const index = next++;
      const outcome = await lookUp(ids[index]!, options.signal);
      // A lookup that ended because we cancelled counts as not tried.
      outcomes[index] = options.signal?.aborted && outcome.kind === 'failed' ? SKIPPED : outcome;
      if (outcome.kind === 'failed' && outcome.fatal) stopped = true;
      options.onSettled?.(++settled, ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, ids.length)) }, () => worker()));
  return outcomes;
}

export interface BatchSummary {
  readonly found: number;
  readonly notFound: number;
  readonly failed: number;
  readonly skipped: number;
  /** One line for the user. */
  readonly message: string;
  /** Something went wrong (a failure, or the rest stopped): show it as a warning. */
  readonly problem: boolean;
}

/** Folds the outcomes into one message, so N failures make one notification, not N. */
export function summarizeBatch(outcomes: readonly BatchOutcome[], cancelled = false): BatchSummary {
  const count = (kind: BatchOutcome['kind']): number => outcomes.filter((o) => o.kind === kind).length;
  const found = count('customer');
  const notFound = count('notFound');
  const failed = count('failed');
  const skipped = count('skipped');
  const done = found + notFound;
  const fatal = outcomes.find(
    (o): o is Extract<BatchOutcome, { kind: 'failed' }> => o.kind === 'failed' && o.fatal === true,
  );
  const parts = [
    `Looked up ${done} of ${outcomes.length}: ${found} ${found === 1 ? 'customer' : 'customers'}, ${notFound} not ${notFound === 1 ? 'a customer' : 'customers'}.`,
  ];
  if (failed) parts.push(`${failed} failed${fatal ? `: ${sentence(fatal.message)}` : ' (see their rows).'}`);
  if (skipped) parts.push(cancelled ? `Cancelled: ${skipped} not looked up.` : `${skipped} not looked up.`);
  return {
    found,
    notFound,
    failed,
    skipped,
    message: parts.join(' '),
    problem: failed > 0 || (skipped > 0 && !cancelled),
  };
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}
