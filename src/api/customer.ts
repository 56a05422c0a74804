import * as v from 'valibot';

/**
 * The customer as this extension understands it, read leniently from Rotor's
 * `GET /customers/{id}` `data` object. Every documented field is optional (the reference page
 * says so), the SDK page's drift (`has_payment_method`, nullable fields) is accepted, and a
 * field whose value has the wrong type is not fatal: it is kept in `otherFields` so the user
 * still sees it.
 */
export interface Customer {
  readonly id: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly companyName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly status?: string;
  readonly source?: string;
  readonly notes?: string;
  readonly createdAt?: string;
  readonly address?: Address;
  /** Numbers only; Rotor does not document whether it is [lat, lng] or [lng, lat]. */
  readonly location?: readonly number[];
  readonly tags: readonly string[];
  /** `is_auto_pay` on the HTTP reference page. */
  readonly isAutoPay?: boolean;
  /** `has_payment_method` on the SDK page: at least one saved payment method on file. */
  readonly hasPaymentMethod?: boolean;
  /** Unknown or unreadable fields, by their API name, to show as they came. */
  readonly otherFields: Readonly<Record<string, unknown>>;
}

export interface Address {
  readonly street1?: string;
  readonly street2?: string;
  readonly city?: string;
  readonly state?: string;
  readonly zip?: string;
  readonly country?: string;
}

const optionalString = v.nullish(v.string());
const optionalBoolean = v.nullish(v.boolean());
const numberArray = v.nullish(v.array(v.pipe(v.number(), v.finite())));
const stringArray = v.nullish(v.array(v.string()));
const addressSchema = v.nullish(
  v.object({
    street1: optionalString,
    street2: optionalString,
    city: optionalString,
    state: optionalString,
    zip: optionalString,
    country: optionalString,
  }),
);

/** One schema per known field, so a bad field costs only itself. */
const fieldSchemas = {
  id: optionalString,
  first_name: optionalString,
  last_name: optionalString,
  company_name: optionalString,
  email: optionalString,
  phone: optionalString,
  status: optionalString,
  source: optionalString,
  notes: optionalString,
  created_at: optionalString,
  address: addressSchema,
  location: numberArray,
  tags: stringArray,
  is_auto_pay: optionalBoolean,
  has_payment_method: optionalBoolean,
} as const;

type KnownField = keyof typeof fieldSchemas;

/** Our name for each known field that is copied as it is (id, tags and address are handled apart). */
const OUR_NAMES: Readonly<Record<Exclude<KnownField, 'id' | 'tags' | 'address'>, keyof Customer>> = {
  first_name: 'firstName',
  last_name: 'lastName',
  company_name: 'companyName',
  email: 'email',
  phone: 'phone',
  status: 'status',
  source: 'source',
  notes: 'notes',
  created_at: 'createdAt',
  location: 'location',
  is_auto_pay: 'isAutoPay',
  has_payment_method: 'hasPaymentMethod',
};

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one customer object. `fallbackId` is the ID the caller asked for, used when the body
 * carries no usable `id`. Returns undefined only when `data` is not an object at all.
 * One pass over the fields, writing the result directly: this runs on every lookup that reaches
 * Rotor (benchmark 4 in BENCHMARKS.md).
 */
export function parseCustomer(data: unknown, fallbackId?: string): Customer | undefined {
  if (!isPlainObject(data)) return undefined;
  const customer: { -readonly [K in keyof Customer]?: unknown } = {};
  const otherFields: Record<string, unknown> = {};
  let id: string | undefined;
  let tags: readonly string[] = [];
  for (const name of Object.keys(data)) {
    const value = data[name];
    const result = hasOwn(fieldSchemas, name) ? v.safeParse(fieldSchemas[name as KnownField], value) : undefined;
    if (!result?.success) {
      keepField(otherFields, name, value);
      continue;
    }
    const output = result.output;
    // null and undefined mean "not set": the field is simply absent.
    if (output === null || output === undefined) continue;
    if (name === 'id') id = output as string;
    else if (name === 'tags') tags = output as string[];
    else if (name === 'address') customer.address = definedOnly(output as Record<string, unknown>);
    else customer[OUR_NAMES[name as keyof typeof OUR_NAMES]] = output;
  }
  id ??= fallbackId;
  if (id === undefined) return undefined;
  customer.id = id;
  customer.tags = tags;
  customer.otherFields = otherFields;
  return customer as Customer;
}

/**
 * Stores a field under its API name. defineProperty, not assignment: a `__proto__` key (JSON.parse
 * makes it an own property) would otherwise replace the object's prototype and vanish from view.
 */
function keepField(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Drops null and undefined values, so optional fields are simply absent. */
function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
  return out;
}

/** The inverse of parseCustomer: Rotor's field names, unknown fields kept. */
export function toApiShape(c: Customer): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.otherFields, id: c.id };
  const put = (name: string, value: unknown) => {
    if (value !== undefined) out[name] = value;
  };
  put('first_name', c.firstName);
  put('last_name', c.lastName);
  put('company_name', c.companyName);
  put('email', c.email);
  put('phone', c.phone);
  put('status', c.status);
  put('source', c.source);
  put('notes', c.notes);
  put('created_at', c.createdAt);
  put('address', c.address);
  put('location', c.location);
  put('tags', c.tags);
  put('is_auto_pay', c.isAutoPay);
  put('has_payment_method', c.hasPaymentMethod);
  return out;
}

export interface Pagination {
  readonly hasMore: boolean;
  readonly limit: number;
  readonly page: number;
  readonly total?: number;
}

export interface CustomerPage {
  readonly customers: readonly Customer[];
  readonly pagination: Pagination;
}

const paginationSchema = v.object({
  has_more: v.boolean(),
  limit: v.optional(v.number()),
  page: v.optional(v.number()),
  total: v.optional(v.number()),
});

/** Reads a search result. Items that are not customer objects are dropped, not fatal. */
export function parseCustomerPage(
  data: unknown,
  pagination: unknown,
  requested: { page: number; limit: number },
): CustomerPage | undefined {
  if (!Array.isArray(data)) return undefined;
  const customers = data.map((item) => parseCustomer(item)).filter((c): c is Customer => c !== undefined);
  const p = v.safeParse(paginationSchema, pagination);
  return {
    customers,
    pagination: p.success
      ? {
          hasMore: p.output.has_more,
          limit: p.output.limit ?? requested.limit,
          page: p.output.page ?? requested.page,
          ...(p.output.total === undefined ? {} : { total: p.output.total }),
        }
      : { hasMore: false, limit: requested.limit, page: requested.page },
  };
}

/** What `GET /auth/test` says about a key. */
export interface AuthInfo {
  readonly authenticated: boolean;
  readonly companyId?: string;
  readonly authMethod?: string;
  readonly scopes: readonly string[];
}

const authSchema = v.object({
  authenticated: v.boolean(),
  company_id: v.nullish(v.union([v.string(), v.number()])),
  auth_method: v.nullish(v.string()),
  scopes: v.nullish(v.array(v.string())),
});

export function parseAuthInfo(data: unknown): AuthInfo | undefined {
  const r = v.safeParse(authSchema, data);
  if (!r.success) return undefined;
  return {
    authenticated: r.output.authenticated,
    ...(r.output.company_id == null ? {} : { companyId: String(r.output.company_id) }),
    ...(r.output.auth_method == null ? {} : { authMethod: r.output.auth_method }),
    scopes: r.output.scopes ?? [],
  };
}
