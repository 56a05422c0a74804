import { type RotorErrorCode } from '../../api/errors';

/**
 * What a user can do next after each error, for every place that shows one: the one table.
 * The places differ in what they can offer (a notification cannot retry; a hover has room for
 * one link), so each has its own column; a difference between two columns is a decision made
 * here, in one row, not in the feature that shows it.
 */

/** Next steps that run a command (the panel's page may ask for exactly these). */
export const COMMAND_STEPS = ['setApiKey', 'showLog', 'testConnection', 'openSettings'] as const;
export type CommandStep = (typeof COMMAND_STEPS)[number];

export type NextStep =
  | CommandStep
  /** The same request again. */
  | 'retry'
  /** Again as a lookup the user asked for: it may use the reserve kept back from hovers. */
  | 'spendReserve'
  /** Again after Rotor said 429 today: sends anyway (Rotor may still refuse). */
  | 'forceRetry';

export interface ErrorRow {
  /** The heading the panel shows. */
  readonly title: string;
  /** A notification is a warning (the user's input or a choice, not a failure) rather than an error. */
  readonly warning: boolean;
  /** Buttons of the notification (showRotorError). */
  readonly notification: readonly NextStep[];
  /** Buttons of the customer panel, the main one first. */
  readonly panel: readonly NextStep[];
  /** Rows of Find Customer's picker. */
  readonly picker: readonly NextStep[];
  /** The link a hover offers. */
  readonly hover: readonly NextStep[];
  /** A new API key may fix it: a panel showing it tries again when the key changes. */
  readonly newKeyMayFix: boolean;
  /** Every other request would fail the same way: a batch (Refresh All) stops. */
  readonly failsEveryRequest: boolean;
}

const KEY: Pick<ErrorRow, 'notification' | 'picker' | 'hover' | 'newKeyMayFix' | 'failsEveryRequest'> = {
  notification: ['setApiKey'],
  picker: ['setApiKey'],
  hover: [],
  newKeyMayFix: true,
  failsEveryRequest: true,
};

/** Rotor could not answer this time: the same request may work. */
const TRANSIENT: Omit<ErrorRow, 'title'> = {
  warning: false,
  notification: ['showLog'],
  panel: ['retry', 'showLog'],
  picker: ['retry', 'showLog'],
  hover: [],
  newKeyMayFix: false,
  failsEveryRequest: false,
};

export const ERROR_STEPS: Readonly<Record<RotorErrorCode, ErrorRow>> = {
  ApiKeyMissing: { ...KEY, title: 'No API key', warning: false, panel: ['setApiKey'], hover: ['setApiKey'] },
  InvalidApiKey: { ...KEY, title: 'API key not usable', warning: false, panel: ['setApiKey'] },
  AuthenticationRequired: { ...KEY, title: 'API key rejected', warning: false, panel: ['setApiKey', 'retry'] },
  InsufficientScope: {
    ...KEY,
    title: 'No access to customers',
    warning: false,
    notification: [],
    panel: ['testConnection', 'setApiKey'],
    picker: [],
  },
  NotFound: {
    title: 'Customer not found',
    warning: true,
    notification: [],
    panel: ['retry'],
    picker: [],
    hover: [],
    newKeyMayFix: false,
    failsEveryRequest: false,
  },
  QuotaExhausted: {
    title: 'Daily quota used up',
    warning: false,
    notification: [],
    panel: ['forceRetry'],
    picker: ['forceRetry'],
    hover: ['spendReserve'],
    newKeyMayFix: false,
    failsEveryRequest: true,
  },
  QuotaReserve: {
    title: 'Skipped to save quota',
    warning: true,
    notification: [],
    panel: ['spendReserve'],
    picker: ['spendReserve'],
    hover: ['spendReserve'],
    newKeyMayFix: false,
    failsEveryRequest: false,
  },
  Network: { ...TRANSIENT, title: 'Rotor could not be reached' },
  Timeout: { ...TRANSIENT, title: 'Rotor did not answer in time' },
  ServerError: { ...TRANSIENT, title: 'Rotor had a server error' },
  BadResponse: { ...TRANSIENT, title: 'Unreadable answer from Rotor' },
  InvalidBaseUrl: {
    title: 'API address not usable',
    warning: false,
    notification: ['openSettings'],
    panel: ['openSettings', 'retry'],
    picker: ['openSettings'],
    hover: [],
    newKeyMayFix: false,
    failsEveryRequest: true,
  },
  InvalidId: {
    title: 'Not a customer ID',
    warning: true,
    notification: [],
    panel: [],
    picker: [],
    hover: [],
    newKeyMayFix: false,
    failsEveryRequest: false,
  },
  // Silent as a notification: the user cancelled.
  Cancelled: { ...TRANSIENT, title: 'Lookup cancelled', notification: [], panel: ['retry'] },
};

export function isCommandStep(step: NextStep): step is CommandStep {
  return (COMMAND_STEPS as readonly string[]).includes(step);
}
