import { normalizeSearchQuery } from '../../search/model/query';
import { DEFAULT_MIN_QUERY_LENGTH } from '../../search/model/searchSession';
import { normalizeCustomerId } from '../../api/customerId';

/*
 * The tools' input, checked before anything is sent: the model may send anything, and a bad ID
 * must cost no request. Every rejection is a sentence the model can act on.
 */

export const MAX_IDS = 50;
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_FIND_LIMIT = 10;
export const MAX_FIND_LIMIT = 50;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value the model sent, quoted for an error message: JSON, bounded. */
function quoted(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** `{ id }` or `{ ids: [...] }`: canonical, distinct, in the order given. */
export function checkGetCustomerInput(input: unknown): Checked<{ readonly ids: readonly string[] }> {
  if (!isObject(input))
    return fail('The input must be an object: { "id": "<customer UUID>" } or { "ids": ["<UUID>", …] }.');
  const { id, ids } = input;
  if (id !== undefined && ids !== undefined) return fail('Give either "id" or "ids", not both.');
  let raw: unknown[];
  if (id !== undefined) raw = [id];
  else if (Array.isArray(ids)) raw = ids;
  else return fail('Give "id" (one customer UUID) or "ids" (a list of up to 50).');
  if (raw.length === 0) return fail('"ids" is empty: give at least one customer UUID.');
  if (raw.length > MAX_IDS)
    return fail(`At most ${MAX_IDS} IDs per call; ${raw.length} were given. Split them into several calls.`);
  const bad = raw.filter((r) => typeof r !== 'string' || normalizeCustomerId(r) === undefined);
  if (bad.length > 0) {
    const shown = bad.slice(0, 3).map(quoted).join(', ');
    return fail(
      `Not a customer ID: ${shown}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}. Rotor customer IDs are UUIDs like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e. Nothing was sent.`,
    );
  }
  return { ok: true, value: { ids: [...new Set(raw.map((r) => normalizeCustomerId(r as string)!))] } };
}

export interface FindInput {
  /** Normalized as Find Customer does. */
  readonly query: string;
  readonly status?: 'active' | 'inactive';
  readonly limit: number;
}

export function checkFindInput(input: unknown): Checked<FindInput> {
  if (!isObject(input)) return fail('The input must be an object: { "query": "<name, company, email or phone>" }.');
  if (typeof input.query !== 'string')
    return fail('"query" is required: a name, company, email or phone to search for.');
  const query = normalizeSearchQuery(input.query);
  if (query.length < DEFAULT_MIN_QUERY_LENGTH)
    return fail(`"query" needs at least ${DEFAULT_MIN_QUERY_LENGTH} characters.`);
  if (query.length > MAX_QUERY_LENGTH) return fail(`"query" may have at most ${MAX_QUERY_LENGTH} characters.`);
  const { status, limit } = input;
  if (status !== undefined && status !== 'active' && status !== 'inactive')
    return fail('"status" must be "active" or "inactive" when given.');
  if (
    limit !== undefined &&
    (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_FIND_LIMIT)
  ) {
    return fail(`"limit" must be a whole number from 1 to ${MAX_FIND_LIMIT} when given.`);
  }
  return {
    ok: true,
    value: { query, ...(status ? { status } : {}), limit: (limit as number | undefined) ?? DEFAULT_FIND_LIMIT },
  };
}

export interface FileInput {
  readonly uri?: string;
  readonly fileName?: string;
  readonly lookUp: boolean;
}

export function checkFileInput(input: unknown): Checked<FileInput> {
  const value = input === undefined ? {} : input;
  if (!isObject(value))
    return fail(
      'The input must be an object: {} for the active editor, or { "uri": … } / { "fileName": … } of an open document, with "lookUp": true to look unknown IDs up.',
    );
  const { uri, fileName, lookUp } = value;
  if (uri !== undefined && (typeof uri !== 'string' || uri.length === 0 || uri.length > 2000))
    return fail('"uri" must be the URI of an open document.');
  if (fileName !== undefined && (typeof fileName !== 'string' || fileName.trim() === '' || fileName.length > 500))
    return fail('"fileName" must be the name (or the end of the path) of an open document.');
  if (uri !== undefined && fileName !== undefined) return fail('Give "uri" or "fileName", not both.');
  if (lookUp !== undefined && typeof lookUp !== 'boolean') return fail('"lookUp" must be true or false.');
  return {
    ok: true,
    value: { ...(uri ? { uri } : {}), ...(fileName ? { fileName: fileName.trim() } : {}), lookUp: lookUp === true },
  };
}
