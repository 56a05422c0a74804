import { type Customer } from '../../api/customer';
import { cityState, cleanMultiline, cleanText, fullName } from '../../common/model/text';
import { maskCustomer, type MaskMode } from '../../privacy/model/mask';

/** The customer fields an agent tool can return, by the names the model sees. */
export const AGENT_FIELDS = [
  'name',
  'company',
  'status',
  'email',
  'phone',
  'street',
  'city',
  'zip',
  'country',
  'tags',
  'notes',
  'autoPay',
  'paymentMethod',
  'source',
  'createdAt',
] as const;
export type AgentField = (typeof AGENT_FIELDS)[number];

/** What `rotor.agentTools.fields` returns unless the user opts in to more: no contact details, address or notes. */
export const DEFAULT_AGENT_FIELDS: readonly AgentField[] = ['name', 'company', 'status', 'city', 'tags', 'autoPay'];

/** Notes are free text written by outsiders: the model gets at most this much of them. */
export const NOTES_MAX_LENGTH = 500;
const TEXT_MAX_LENGTH = 200;
const TAGS_MAX = 20;

/**
 * The setting's value as a list of known fields, each once, in the canonical order. Anything
 * that is not an array falls back to the default; unknown names are dropped (an empty list is
 * allowed: only IDs and whether each is a customer).
 */
export function agentFieldsFrom(raw: unknown): readonly AgentField[] {
  if (!Array.isArray(raw)) return DEFAULT_AGENT_FIELDS;
  const chosen = new Set(raw.filter((f): f is string => typeof f === 'string'));
  return AGENT_FIELDS.filter((f) => chosen.has(f));
}

export type AgentValue = string | boolean | readonly string[];

/**
 * The one place that decides what of a customer reaches a language model: only the fields the
 * user chose, each cleaned to plain text (no control or bidi characters, bounded), notes cut to
 * NOTES_MAX_LENGTH. Fields Rotor sent that the extension does not know are never passed on.
 * Screen-share mode's masking step runs first (`mode`), so every tool inherits it: email and
 * phone masked, street, zip and notes absent, whatever the field setting allows.
 */
export function customerFieldsForAgent(
  customer: Customer,
  fields: readonly AgentField[],
  mode: MaskMode = 'off',
): Record<string, AgentValue> {
  const c = maskCustomer(customer, mode);
  const out: Record<string, AgentValue> = {};
  const put = (field: AgentField, value: AgentValue | undefined) => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    out[field] = value;
  };
  const text = (value: string | undefined) => (value === undefined ? undefined : cleanText(value, TEXT_MAX_LENGTH));
  for (const field of fields) {
    switch (field) {
      case 'name':
        put(field, fullName(c).slice(0, TEXT_MAX_LENGTH));
        break;
      case 'company':
        put(field, text(c.companyName));
        break;
      case 'status':
        put(field, text(c.status));
        break;
      case 'email':
        put(field, text(c.email));
        break;
      case 'phone':
        put(field, text(c.phone));
        break;
      case 'street':
        put(
          field,
          cleanText([c.address?.street1, c.address?.street2].filter((p) => p && p.trim()).join(', '), TEXT_MAX_LENGTH),
        );
        break;
      case 'city':
        put(field, cityState(c));
        break;
      case 'zip':
        put(field, text(c.address?.zip));
        break;
      case 'country':
        put(field, text(c.address?.country));
        break;
      case 'tags':
        put(
          field,
          c.tags
            .map((t) => cleanText(t, 60))
            .filter((t) => t !== '')
            .slice(0, TAGS_MAX),
        );
        break;
      case 'notes':
        put(field, c.notes === undefined ? undefined : truncateNotes(c.notes));
        break;
      case 'autoPay':
        put(field, c.isAutoPay);
        break;
      case 'paymentMethod':
        put(field, c.hasPaymentMethod);
        break;
      case 'source':
        put(field, text(c.source));
        break;
      case 'createdAt':
        put(field, text(c.createdAt));
        break;
    }
  }
  return out;
}

function truncateNotes(notes: string): string {
  const cleaned = cleanMultiline(notes, 20_000).trim();
  return cleaned.length <= NOTES_MAX_LENGTH
    ? cleaned
    : `${cleanMultiline(cleaned, NOTES_MAX_LENGTH)} [notes truncated]`;
}
