import { QuotaExhaustedError, type RotorError } from '../../api/errors';
import { ERROR_STEPS, type NextStep } from '../../common/model/errorSteps';
import { usableLocale } from '../../common/model/text';
import { type PanelMessage } from './protocol';

/** How the panel shows an error: its heading, explanation and buttons (which come from ERROR_STEPS). */
export interface ErrorPresentation {
  readonly title: string;
  readonly detail: string;
  readonly actions: readonly { readonly label: string; readonly message: PanelMessage; readonly primary?: boolean }[];
}

/** What a next-step button posts, and its label ("Retry" reads "Check again" for a customer not found). */
function action(step: NextStep, error: RotorError): { readonly label: string; readonly message: PanelMessage } {
  switch (step) {
    case 'retry':
      return { label: error.code === 'NotFound' ? 'Check again' : 'Retry', message: { type: 'refresh' } };
    case 'spendReserve':
      return { label: 'Look up now', message: { type: 'refresh' } };
    case 'forceRetry':
      return { label: 'Try anyway', message: { type: 'refresh', force: true } };
    case 'setApiKey':
      return { label: 'Set API Key', message: { type: 'command', command: 'setApiKey' } };
    case 'showLog':
      return { label: 'Show Log', message: { type: 'command', command: 'showLog' } };
    case 'testConnection':
      return { label: 'Test Connection', message: { type: 'command', command: 'testConnection' } };
    case 'openSettings':
      return { label: 'Open Settings', message: { type: 'command', command: 'openSettings' } };
  }
}

function detail(error: RotorError, locale: string, timeZone: string | undefined): string {
  switch (error.code) {
    case 'ApiKeyMissing':
      return 'Set your Rotor API key to look customers up. It is kept in the OS keychain.';
    case 'InsufficientScope':
      return `${error.message} Test Connection shows the scopes your key has.`;
    case 'QuotaExhausted':
      return quotaDetail(error, locale, timeZone);
    case 'Cancelled':
      return 'The lookup was cancelled before Rotor answered.';
    default:
      return error.message;
  }
}

/**
 * The title, explanation and next steps for an error. The first step is the main button, except
 * a forced retry: Rotor said 429 and may refuse again, so it is offered, not recommended.
 */
export function presentError(error: RotorError, locale: string, timeZone?: string): ErrorPresentation {
  const row = ERROR_STEPS[error.code];
  const actions = row.panel.map((step, i) => ({
    ...action(step, error),
    ...(i === 0 && step !== 'forceRetry' ? { primary: true } : {}),
  }));
  return { title: row.title, detail: detail(error, locale, timeZone), actions };
}

function quotaDetail(error: RotorError, locale: string, timeZone?: string): string {
  const resetsAt = error instanceof QuotaExhaustedError ? error.resetsAt : undefined;
  if (!resetsAt || Number.isNaN(resetsAt.getTime())) return error.message;
  const utc = resetsAt.toISOString().slice(11, 16);
  const local = new Intl.DateTimeFormat(usableLocale(locale), {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(resetsAt);
  return `The API key's daily request quota is used up (429). Lookups are paused until ${utc} UTC (${local} local time), when Rotor resets it.`;
}
