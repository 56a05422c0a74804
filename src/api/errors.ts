/**
 * One typed error per way a Rotor call can fail. Every message is a single line a user can act
 * on; none of them ever contains the API key (server text is scrubbed before it gets here).
 * The caller decides how to show them: the client never logs or shows UI.
 */
export type RotorErrorCode =
  | 'ApiKeyMissing'
  | 'InvalidApiKey'
  | 'InvalidId'
  | 'InvalidBaseUrl'
  | 'AuthenticationRequired'
  | 'InsufficientScope'
  | 'NotFound'
  | 'QuotaExhausted'
  | 'QuotaReserve'
  | 'ServerError'
  | 'Network'
  | 'Timeout'
  | 'BadResponse'
  | 'Cancelled';

export abstract class RotorError extends Error {
  abstract readonly code: RotorErrorCode;
  /** True when the same request may succeed later without the user changing anything. */
  readonly transient: boolean = false;
}

/**
 * The base of an error whose message never varies. The subclass is still its own class with its
 * own name, so `instanceof` and `code` work as for the others.
 */
function fixedMessage<C extends RotorErrorCode>(code: C, message: string) {
  return class extends RotorError {
    readonly code: C = code;
    constructor() {
      super(message);
    }
  };
}

export class ApiKeyMissingError extends fixedMessage(
  'ApiKeyMissing',
  'No Rotor API key is set. Run "Rotor: Set API Key".',
) {}

/** A key that cannot be sent in a header (spaces, line breaks, non-ASCII): nothing is sent. */
export class InvalidApiKeyError extends fixedMessage(
  'InvalidApiKey',
  'The API key has characters a Rotor key cannot have (spaces, line breaks or non-ASCII). Set it again with "Rotor: Set API Key".',
) {}

/** Printable ASCII without spaces: what an HTTP header value for a key can safely carry. */
export function isWellFormedApiKey(key: string): boolean {
  return /^[\x21-\x7e]{1,512}$/.test(key);
}

export class InvalidIdError extends fixedMessage(
  'InvalidId',
  'That is not a customer ID: Rotor customer IDs are UUIDs like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.',
) {}

export class InvalidBaseUrlError extends RotorError {
  readonly code = 'InvalidBaseUrl';
  constructor(reason: string) {
    super(`The setting rotor.apiBaseUrl is not usable: ${reason}`);
  }
}

export class AuthenticationRequiredError extends fixedMessage(
  'AuthenticationRequired',
  'Rotor rejected the API key (401). Check or replace it with "Rotor: Set API Key".',
) {}

export class InsufficientScopeError extends fixedMessage(
  'InsufficientScope',
  'This API key may not read customers (403). Ask your Rotor admin for a key with the customers:read scope.',
) {}

export class NotFoundError extends fixedMessage('NotFound', 'No Rotor customer has this ID (404).') {}

/** Start of the next UTC day: when Rotor's daily quota is assumed to reset. */
export function nextUtcMidnight(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}

export class QuotaExhaustedError extends RotorError {
  readonly code = 'QuotaExhausted';
  constructor(readonly resetsAt: Date) {
    super(
      `The API key's daily request quota is used up (429). It resets at ${resetsAt.toISOString().slice(11, 16)} UTC.`,
    );
  }
}

/** Raised locally, before sending: a background lookup would eat into the reserve kept for explicit ones. */
export class QuotaReserveError extends RotorError {
  readonly code = 'QuotaReserve';
  constructor(readonly remaining: number) {
    super(`Skipped to save quota: only ${remaining} requests are left today, kept for lookups you ask for.`);
  }
}

export class ServerError extends RotorError {
  readonly code = 'ServerError';
  override readonly transient = true;
  constructor(readonly status: number) {
    super(`Rotor had a server error (${status}). Try again in a moment.`);
  }
}

export class NetworkError extends RotorError {
  readonly code = 'Network';
  override readonly transient = true;
  constructor(detail: string) {
    super(`Could not reach Rotor (${detail}). Check your connection, proxy and rotor.apiBaseUrl.`);
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body';

export class TimeoutError extends RotorError {
  readonly code = 'Timeout';
  override readonly transient = true;
  constructor(
    readonly phase: TimeoutPhase,
    readonly afterMs: number,
  ) {
    const after = afterMs < 1000 ? `${afterMs} ms` : `${Math.round(afterMs / 1000)} s`;
    super(`Rotor did not answer in time (${phase} timeout after ${after}). Try again later.`);
  }
}

export class BadResponseError extends RotorError {
  readonly code = 'BadResponse';
  override readonly transient = true;
  constructor(detail: string) {
    super(
      `Rotor sent a response this extension cannot read (${detail}). Try again later; if it keeps happening, check rotor.apiBaseUrl and the log.`,
    );
  }
}

export class CancelledError extends fixedMessage('Cancelled', 'The request was cancelled.') {}

export function isRotorError(e: unknown): e is RotorError {
  return e instanceof RotorError;
}

/** Any thrown value as a RotorError, so UI code has one thing to show. Never exposes a stack. */
export function toRotorError(e: unknown): RotorError {
  if (e instanceof RotorError) return e;
  if (e instanceof Error && e.name === 'AbortError') return new CancelledError();
  return new BadResponseError('unexpected failure');
}
