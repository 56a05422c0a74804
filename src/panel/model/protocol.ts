/**
 * Messages the customer panel's page (page.ts) posts to the extension host. One discriminated
 * union shared by both sides (the page imports it); the host trusts nothing and runs
 * `isPanelMessage` on every message.
 *
 * A message names *what* the user asked for, never a value to act on: "copy the email", not
 * "copy this text"; "open the map", not "open this URL". The host takes the values from its own
 * customer model, so a compromised page cannot make it open or copy anything else.
 *
 * Pure (no vscode import): the unit tests run it in plain Node.
 */
import { COMMAND_STEPS, type CommandStep } from '../../common/model/errorSteps';

export const COPY_TARGETS = ['id', 'email', 'phone', 'ticketNote'] as const;
export type CopyTarget = (typeof COPY_TARGETS)[number];

/** mailto:, tel: and the map page in the browser; opened by the host with `env.openExternal`. */
export const OPEN_TARGETS = ['email', 'phone', 'map'] as const;
export type OpenTarget = (typeof OPEN_TARGETS)[number];

/** Next steps an error page may offer (common/model/errorSteps.ts); the host maps each to one fixed command. */
export const PANEL_COMMANDS = COMMAND_STEPS;
export type PanelCommand = CommandStep;

export type PanelMessage =
  /** The page script ran (so the CSP let it load); sent once per page load. */
  | { readonly type: 'ready' }
  /** Refresh or Retry; `force` sends even after today's 429 (the user insisted). */
  | { readonly type: 'refresh'; readonly force?: boolean }
  | { readonly type: 'copy'; readonly what: CopyTarget }
  | { readonly type: 'open'; readonly what: OpenTarget }
  | { readonly type: 'openJson' }
  /** Screen-share mode hides the notes: show them in this panel (until the mode is switched again). */
  | { readonly type: 'showNotes' }
  | { readonly type: 'command'; readonly command: PanelCommand };

export type PanelMessageType = PanelMessage['type'];

/**
 * What the host posts to an open page: the page's new `<main>`, rendered and escaped by the host
 * (renderCustomerMain) exactly as in a full page, and the title. The page swaps it in, so a
 * refresh or a state change does not reload the page (as the markdown preview updates itself).
 */
export interface PageUpdate {
  readonly type: 'update';
  readonly main: string;
  readonly title: string;
}

export function isPageUpdate(value: unknown): value is PageUpdate {
  return (
    isRecord(value) && value.type === 'update' && typeof value.main === 'string' && typeof value.title === 'string'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** True when `keys` of the object are exactly among `allowed` (own keys only). */
function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

/** Validates a message from the page. Anything unknown or malformed is rejected (and ignored by the host). */
export function isPanelMessage(value: unknown): value is PanelMessage {
  if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  switch (value.type) {
    case 'ready':
    case 'openJson':
    case 'showNotes':
      return onlyKeys(value, ['type']);
    case 'refresh':
      return onlyKeys(value, ['type', 'force']) && (value.force === undefined || typeof value.force === 'boolean');
    case 'copy':
      return onlyKeys(value, ['type', 'what']) && oneOf(COPY_TARGETS, value.what);
    case 'open':
      return onlyKeys(value, ['type', 'what']) && oneOf(OPEN_TARGETS, value.what);
    case 'command':
      return onlyKeys(value, ['type', 'command']) && oneOf(PANEL_COMMANDS, value.command);
    default:
      return false;
  }
}
