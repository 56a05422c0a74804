import { normalizeCustomerId } from '../../api/customerId';
import { customerIdAt } from '../../hover/model/customerIds';

export interface PrefillSources {
  /** The selected text, if any. */
  readonly selection?: string;
  /** The cursor's line and offset in it. */
  readonly line?: string;
  readonly cursor?: number;
  /** Reads the clipboard. Called only when the clipboard may be read and nothing else gave an ID. */
  readonly readClipboard?: () => PromiseLike<string | undefined>;
}

export interface PrefillPolicy {
  /**
   * Whether the clipboard may be read at all. In a browser-hosted VS Code (code-server,
   * vscode.dev, github.dev, Codespaces) reading it asks the browser for permission, and the
   * workbench reports a refusal as its own error notification, however the call is awaited:
   * there the shell passes false, and the clipboard is never read.
   */
  readonly mayReadClipboard: boolean;
  /** How long to wait for the clipboard before proposing nothing (it can stall). */
  readonly clipboardTimeoutMs?: number;
}

const CLIPBOARD_TIMEOUT_MS = 250;

/** The ID in a clipboard text, if it holds one and nothing much else. */
function idInClipboard(text: string | undefined): string | undefined {
  return (text && text.length <= 100 && normalizeCustomerId(text)) || undefined;
}

/**
 * What "Rotor: Open Customer" proposes: the selection when it is a UUID, else the UUID under
 * the cursor, else (when `policy` allows it) the clipboard when it holds one. Only a valid ID
 * is ever proposed. The clipboard is read last and only when needed; a reader that fails or
 * takes longer than the timeout proposes nothing, so the input box is never held up.
 */
export async function prefillCustomerId(sources: PrefillSources, policy: PrefillPolicy): Promise<string | undefined> {
  const fromSelection = sources.selection && normalizeCustomerId(sources.selection);
  if (fromSelection) return fromSelection;
  if (sources.line !== undefined && sources.cursor !== undefined) {
    const match = customerIdAt(sources.line, sources.cursor);
    if (match) return match.id;
  }
  if (!policy.mayReadClipboard || !sources.readClipboard) return undefined;
  const read = sources.readClipboard;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clipboard = await Promise.race([
    Promise.resolve()
      .then(read)
      .then(
        (text) => text,
        () => undefined,
      ),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), policy.clipboardTimeoutMs ?? CLIPBOARD_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  return idInClipboard(clipboard);
}

/** Validation message for the input box, or undefined when the value is a customer ID. */
export function validateCustomerIdInput(value: string): string | undefined {
  if (!value.trim()) return 'Enter a customer ID (a UUID).';
  if (value.length > 100) return 'That is too long to be a customer ID (a UUID has 36 characters).';
  return normalizeCustomerId(value) ? undefined : 'A customer ID looks like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.';
}
