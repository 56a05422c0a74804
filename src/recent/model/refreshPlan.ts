import { type QuotaSnapshot } from '../../quota/model/quotaTracker';

/*
 * Whether "Refresh All" may spend `count` requests now. Pure, so the thresholds are unit-tested;
 * the command turns the answer into a modal or a refusal.
 */

/** Above this many customers, Refresh All asks first even when the quota is fine. */
export const CONFIRM_ABOVE = 20;

export type RefreshPlan =
  /** Go ahead without asking. */
  | { readonly kind: 'go' }
  /** Ask first; `message` explains what it costs. */
  | { readonly kind: 'confirm'; readonly message: string }
  /** Do not send: the quota cannot pay for it. */
  | { readonly kind: 'refuse'; readonly message: string };

export function planRefreshAll(
  count: number,
  quota: Pick<QuotaSnapshot, 'remaining' | 'exhausted'>,
  reserve: number,
): RefreshPlan {
  const noun = count === 1 ? 'customer' : 'customers';
  if (quota.exhausted)
    return {
      kind: 'refuse',
      message: "Rotor's daily quota for this key is used up; Refresh All can run again after it resets.",
    };
  if (count > quota.remaining) {
    return {
      kind: 'refuse',
      message: `Refreshing ${count} ${noun} needs ${count} requests, but only ${quota.remaining} are left today. Refresh single customers instead.`,
    };
  }
  const after = quota.remaining - count;
  if (after < reserve) {
    return {
      kind: 'confirm',
      message: `Refreshing ${count} ${noun} leaves ${after} of today's requests, below the ${reserve} kept so hovers keep working. Hovers will stop looking up new IDs until the quota resets. Refresh anyway?`,
    };
  }
  if (count > CONFIRM_ABOVE)
    return {
      kind: 'confirm',
      message: `Refresh all ${count} recent customers? This sends ${count} requests (${quota.remaining} are left today).`,
    };
  return { kind: 'go' };
}

/** What one refresh ended with. `fatal` failures (no key, quota used up) stop the rest: they would fail the same way. */
export type RefreshOutcome =
  | { readonly kind: 'refreshed' }
  | { readonly kind: 'notFound'; readonly id: string }
  | { readonly kind: 'failed'; readonly message: string; readonly fatal?: boolean }
  | { readonly kind: 'skipped' };

export interface RefreshSummary {
  /** One line for the user, or undefined when everything went fine. */
  readonly problem?: string;
  readonly refreshed: number;
  /** IDs Rotor no longer knows (the user may remove them). */
  readonly notFound: readonly string[];
}

/** Folds the outcomes into one message, so N failures make one notification, not N. */
export function summarizeRefresh(outcomes: readonly RefreshOutcome[]): RefreshSummary {
  const refreshed = outcomes.filter((o) => o.kind === 'refreshed').length;
  const notFound = outcomes.flatMap((o) => (o.kind === 'notFound' ? [o.id] : []));
  const failures = outcomes.flatMap((o) => (o.kind === 'failed' ? [o.message] : []));
  const skipped = outcomes.filter((o) => o.kind === 'skipped').length;
  const parts: string[] = [];
  if (failures.length) {
    const reasons = [...new Set(failures)].map(sentence);
    const more = reasons.length > 2 ? ` (${reasons.length - 2} other errors are in the log.)` : '';
    parts.push(`${failures.length} failed: ${reasons.slice(0, 2).join(' ')}${more}`);
  }
  if (notFound.length)
    parts.push(`${notFound.length} no longer ${notFound.length === 1 ? 'exists' : 'exist'} in Rotor.`);
  if (skipped) parts.push(`${skipped} not tried.`);
  if (!parts.length) return { refreshed, notFound };
  return { problem: `Refreshed ${refreshed} of ${outcomes.length} customers. ${parts.join(' ')}`, refreshed, notFound };
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}
