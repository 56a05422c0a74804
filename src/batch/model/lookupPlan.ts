/*
 * The cost preview of looking many IDs up at once: what it will cost, said before anything is
 * sent, and whether to go ahead, ask, or refuse. Pure, so the arithmetic and wording are
 * unit-tested; Look Up All, the agent tools and Refresh All turn it into a dialog or an answer.
 */

/** Above this many requests, a lookup asks first even when the quota is fine. */
export const CONFIRM_ABOVE = 20;

export interface PlanInput {
  /** Distinct IDs in scope. */
  readonly total: number;
  /** Of them, how many need a request (not known within the TTL). */
  readonly toLookUp: number;
  readonly quota: { readonly remaining: number; readonly exhausted: boolean };
  /** Requests kept for hovers (`rotor.quota.hoverReserve`). */
  readonly reserve: number;
  /** Above this many requests, ask first even when the quota is fine (default CONFIRM_ABOVE). */
  readonly confirmAbove?: number;
}

/** One answer the user may give: look up this many (the first ones in the listing). */
export interface PlanChoice {
  readonly label: string;
  readonly count: number;
}

export type LookupPlan =
  /** Nothing to send: every ID is known. */
  | { readonly kind: 'nothing'; readonly summary: string }
  /** Send `count` without asking. */
  | { readonly kind: 'go'; readonly summary: string; readonly count: number }
  /** Ask: `message` says what it costs; `choices` are the answers, the first the fullest. */
  | {
      readonly kind: 'confirm';
      readonly summary: string;
      readonly message: string;
      readonly choices: readonly PlanChoice[];
    }
  /** Do not send: the quota cannot pay for any of it. */
  | { readonly kind: 'refuse'; readonly summary: string; readonly message: string };

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "23 IDs: 7 known, 16 to look up; 812 requests left today" */
export function planSummary(input: PlanInput): string {
  const known = input.total - input.toLookUp;
  return `${plural(input.total, 'ID')}: ${known.toLocaleString('en-US')} known, ${input.toLookUp.toLocaleString('en-US')} to look up; ${plural(input.quota.remaining, 'request')} left today`;
}

export function planLookups(input: PlanInput): LookupPlan {
  const summary = planSummary(input);
  const { toLookUp, reserve } = input;
  const { remaining, exhausted } = input.quota;
  if (toLookUp === 0) return { kind: 'nothing', summary };
  if (exhausted || remaining === 0) {
    return {
      kind: 'refuse',
      summary,
      message: `${summary}. Rotor's daily quota for this key is used up; lookups can run again after it resets (00:00 UTC).`,
    };
  }
  const all = { label: `Look Up ${toLookUp.toLocaleString('en-US')}`, count: toLookUp };
  const aboveReserve = Math.max(0, remaining - reserve);
  const keepReserve = {
    label: `Look Up ${aboveReserve.toLocaleString('en-US')} (keep the hover reserve)`,
    count: aboveReserve,
  };
  if (toLookUp > remaining) {
    const fit = { label: `Look Up ${remaining.toLocaleString('en-US')} (all that is left today)`, count: remaining };
    return {
      kind: 'confirm',
      summary,
      message: `${summary}. Only ${remaining.toLocaleString('en-US')} of the ${toLookUp.toLocaleString('en-US')} fit in today's quota.`,
      choices: aboveReserve > 0 && aboveReserve < remaining ? [keepReserve, fit] : [fit],
    };
  }
  if (remaining - toLookUp < reserve) {
    return {
      kind: 'confirm',
      summary,
      message: `${summary}. Looking up all ${toLookUp.toLocaleString('en-US')} leaves ${(remaining - toLookUp).toLocaleString('en-US')}, below the ${reserve.toLocaleString('en-US')} kept so hovers keep working.`,
      choices: aboveReserve > 0 ? [all, keepReserve] : [all],
    };
  }
  if (toLookUp > (input.confirmAbove ?? CONFIRM_ABOVE))
    return { kind: 'confirm', summary, message: `${summary}.`, choices: [all] };
  return { kind: 'go', summary, count: toLookUp };
}
