import { type LookupPlan } from '../../batch/model/lookupPlan';
import { cleanText } from '../../common/model/text';
import { plural, quote } from './format';

/** The agent asks before more than this many requests in one call (a person's Look Up All asks above 20). */
export const AGENT_CONFIRM_ABOVE = 5;
const IDS_SHOWN = 10;

/** What a tool call will do about the requests its plan needs. */
export interface AgentDecision {
  /** Requests to send: the first `count` of those needed. */
  readonly count: number;
  /** Present when the user must confirm first. */
  readonly confirmation?: { readonly title: string; readonly message: string };
  /** Why nothing, or less than needed, is sent: for the result. */
  readonly note?: string;
  /** The progress line while the tool runs. */
  readonly invocationMessage: string;
}

export interface QuotaView {
  readonly remaining: number;
  readonly reserve: number;
}

const n = (value: number): string => value.toLocaleString('en-US');

/** "This leaves 90, below the 100 kept so hovers keep working." when it does. */
function reserveWarning(count: number, quota: QuotaView): string | undefined {
  const left = quota.remaining - count;
  return left < quota.reserve
    ? `This leaves ${n(left)}, below the ${n(quota.reserve)} requests kept so hovers keep working.`
    : undefined;
}

/** The fullest count the plan allows: what a confirmed call sends. */
function fullest(plan: Extract<LookupPlan, { kind: 'confirm' }>): number {
  return Math.max(0, ...plan.choices.map((c) => c.count));
}

/**
 * Lookups of customer IDs: nothing to send (all known: no confirmation), go (few, and the
 * reserve stays), ask (many, into the hover reserve, or more than is left: then only what fits
 * is sent, and the question says so), or refuse (quota used up).
 */
export function decideLookups(plan: LookupPlan, toLookUp: readonly string[], quota: QuotaView): AgentDecision {
  switch (plan.kind) {
    case 'nothing':
      return { count: 0, invocationMessage: 'Reading customers already known (no request)' };
    case 'refuse':
      return { count: 0, note: plan.message, invocationMessage: 'Checking Rotor customers' };
    case 'go':
      return { count: plan.count, invocationMessage: `Looking up ${plural(plan.count, 'customer')} in Rotor` };
    case 'confirm': {
      const count = fullest(plan);
      const parts = [
        `Look up ${plural(count, 'customer')} in Rotor (${plural(count, 'request')}, ${n(quota.remaining)} left today).`,
      ];
      if (count < toLookUp.length)
        parts.push(
          `Only ${n(count)} of the ${n(toLookUp.length)} IDs that need a request fit in today's quota: the other ${n(toLookUp.length - count)} are not looked up.`,
        );
      const warning = reserveWarning(count, quota);
      if (warning) parts.push(warning);
      const shown = toLookUp.slice(0, Math.min(count, IDS_SHOWN));
      parts.push(
        `Sends these customer IDs to Rotor: ${shown.join(', ')}${count > shown.length ? ` and ${n(count - shown.length)} more` : ''}.`,
      );
      return {
        count,
        confirmation: { title: `Look up ${plural(count, 'customer')} in Rotor?`, message: parts.join(' ') },
        ...(count < toLookUp.length
          ? { note: `Only ${n(count)} of ${n(toLookUp.length)} fit in today's quota; the rest were not looked up.` }
          : {}),
        invocationMessage: `Looking up ${plural(count, 'customer')} in Rotor`,
      };
    }
  }
}

/**
 * A search is one request: it asks only when that request would eat into the hover reserve. The
 * progress line never shows the query (VS Code may render it as markdown); the question does, as text.
 */
export function decideSearch(plan: LookupPlan, query: string, quota: QuotaView): AgentDecision {
  const quotedQuery = quote(cleanText(query, 80));
  switch (plan.kind) {
    case 'nothing':
      return { count: 0, invocationMessage: 'Searching Rotor customers (cached)' };
    case 'refuse':
      return { count: 0, note: plan.message, invocationMessage: 'Checking Rotor customers' };
    case 'go':
      return { count: 1, invocationMessage: 'Searching Rotor customers' };
    case 'confirm': {
      const warning = reserveWarning(1, quota) ?? '';
      return {
        count: 1,
        confirmation: {
          title: 'Search Rotor customers?',
          message:
            `Search Rotor for ${quotedQuery} (1 request, ${n(quota.remaining)} left today). ${warning} Sends the search text to Rotor.`
              .replace(/\s+/g, ' ')
              .trim(),
        },
        invocationMessage: 'Searching Rotor customers',
      };
    }
  }
}
