import { NotFoundError, type RotorErrorCode, toRotorError } from '../../api/errors';
import { ERROR_STEPS } from '../../common/model/errorSteps';
import { type LookupResult } from '../../lookup/model/customerStore';
import { type IdStatus, isKnownFresh } from './idStatus';
import { type LookupPlan, planLookups } from './lookupPlan';
import { BATCH_CONCURRENCY, type BatchOutcome, lookUpEach } from './lookUpEach';

/**
 * The orchestration shared by Look Up All and the agent tools: which IDs need a request, what
 * the plan says about them, and the bounded run that stops on the first failure every other ID
 * would share. Pure (the lookup is a function), so both callers behave alike by construction.
 */

/** A failure every other ID would share (no key, quota used up…) stops the rest: the one error table says which. */
const isFatal = (code: RotorErrorCode): boolean => ERROR_STEPS[code].failsEveryRequest;

/** One explicit lookup through the shared store (CustomerLookup.lookup fits). Throws RotorError. */
export type BatchLookUp = (
  id: string,
  options: { readonly signal?: AbortSignal; readonly priority: 'user' },
) => Promise<LookupResult>;

export interface BatchPlan {
  /** Of the IDs in scope, those not known within the TTL, in listing order. */
  readonly toLookUp: readonly string[];
  readonly plan: LookupPlan;
}

export interface BatchPlanInput {
  readonly ids: readonly string[];
  readonly status: (id: string) => IdStatus;
  readonly quota: { readonly remaining: number; readonly exhausted: boolean };
  readonly reserve: number;
  /** Above this many requests the plan asks first (Look Up All: CONFIRM_ABOVE). */
  readonly confirmAbove?: number;
}

export function planBatch(input: BatchPlanInput): BatchPlan {
  const toLookUp = input.ids.filter((id) => !isKnownFresh(input.status(id)));
  const plan = planLookups({
    total: input.ids.length,
    toLookUp: toLookUp.length,
    quota: input.quota,
    reserve: input.reserve,
    ...(input.confirmAbove === undefined ? {} : { confirmAbove: input.confirmAbove }),
  });
  return { toLookUp, plan };
}

/** One lookup of a batch: errors become outcomes (never thrown); `onFailure` hears of single-ID failures. */
export async function lookUpOutcome(
  lookUp: BatchLookUp,
  id: string,
  signal: AbortSignal | undefined,
  onFailure?: (id: string, message: string) => void,
): Promise<BatchOutcome> {
  try {
    const result = await lookUp(id, { ...(signal ? { signal } : {}), priority: 'user' });
    if ('stale' in result && result.stale) {
      const error = result.stale;
      return { kind: 'failed', message: error.message, fatal: isFatal(error.code) };
    }
    return { kind: result.kind === 'customer' ? 'customer' : 'notFound' };
  } catch (e) {
    const error = toRotorError(e);
    if (error instanceof NotFoundError) return { kind: 'notFound' };
    if (error.code !== 'Cancelled') onFailure?.(id, error.message);
    return { kind: 'failed', message: error.message, fatal: isFatal(error.code) };
  }
}

export interface LookUpBatchOptions {
  readonly signal?: AbortSignal;
  readonly onSettled?: (settled: number, total: number) => void;
  readonly onFailure?: (id: string, message: string) => void;
}

/** Looks `ids` up BATCH_CONCURRENCY at a time; stops on a fatal failure (a 429, no key); cancellable. */
export function lookUpBatch(
  ids: readonly string[],
  lookUp: BatchLookUp,
  options: LookUpBatchOptions = {},
): Promise<BatchOutcome[]> {
  return lookUpEach(ids, (id, signal) => lookUpOutcome(lookUp, id, signal, options.onFailure), {
    concurrency: BATCH_CONCURRENCY,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onSettled ? { onSettled: options.onSettled } : {}),
  });
}
