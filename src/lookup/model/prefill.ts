import { normalizeCustomerId } from '../../api/customerId';
import { customerIdAt } from '../../hover/model/customerIds';

export interface PrefillSources {
  /** The selected text, if any. */
  readonly selection?: string;
  /** The cursor's line and offset in it. */
  readonly line?: string;
  readonly cursor?: number;
  readonly clipboard?: string;
}

/**
 * What "Rotor: Open Customer" proposes: the selection when it is a UUID, else the UUID under
 * the cursor, else the clipboard when it holds one. Only a valid ID is ever proposed.
 */
export function prefillCustomerId(sources: PrefillSources): string | undefined {
  const fromSelection = sources.selection && normalizeCustomerId(sources.selection);
  if (fromSelection) return fromSelection;
  if (sources.line !== undefined && sources.cursor !== undefined) {
    const match = customerIdAt(sources.line, sources.cursor);
    if (match) return match.id;
  }
  return (sources.clipboard && sources.clipboard.length <= 100 && normalizeCustomerId(sources.clipboard)) || undefined;
}

/** Validation message for the input box, or undefined when the value is a customer ID. */
export function validateCustomerIdInput(value: string): string | undefined {
  if (!value.trim()) return 'Enter a customer ID (a UUID).';
  if (value.length > 100) return 'That is too long to be a customer ID (a UUID has 36 characters).';
  return normalizeCustomerId(value) ? undefined : 'A customer ID looks like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e.';
}
