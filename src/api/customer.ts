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
type KnownValues = { [K in KnownField]?: v.InferOutput<(typeof fieldSchemas)[K]> };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one customer object. `fallbackId` is the ID the caller asked for, used when the body
 * carries no usable `id`. Returns undefined only when `data` is not an object at all.
 */
export function parseCustomer(data: unknown, fallbackId?: string): Customer | undefined {
  if (!isPlainObject(data)) return undefined;
  const known: KnownValues = {};
  const otherFields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (Object.prototype.hasOwnProperty.call(fieldSchemas, name)) {
      const result = v.safeParse(fieldSchemas[name as KnownField], value);
      if (result.success) {
        (known as Record<string, unknown>)[name] = result.output;
      } else {
        keepField(otherFields, name, value);
      }
    } else {
      keepField(otherFields, name, value);
    }
  }
  const id = known.id ?? fallbackId;
  if (id === undefined) return undefined;
  return {
    id,
    ...definedOnly({
      firstName: known.first_name,
      lastName: known.last_name,
      companyName: known.company_name,
      email: known.email,
      phone: known.phone,
      status: known.status,
      source: known.source,
      notes: known.notes,
      createdAt: known.created_at,
      address: known.address ? (definedOnly({ ...known.address }) as Address) : undefined,
      location: known.location ?? undefined,
      isAutoPay: known.is_auto_pay,
      hasPaymentMethod: known.has_payment_method,
    }),
    tags: known.tags ?? [],
    otherFields,
  };
}

/**
 * Stores a field under its API name. defineProperty, not assignment: a `__proto__` key (JSON.parse
 * makes it an own property) would otherwise replace the object's prototype and vanish from view.
 */
function keepField(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Drops null and undefined values, so optional fields are simply absent. */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (val !== undefined && val !== null) out[k] = val;
  return out as Partial<{ [K in keyof T]: NonNullable<T[K]> }>;
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
export function parseCustomerPage(data: unknown, pagination: unknown, requested: { page: number; limit: number }): CustomerPage | undefined {
  if (!Array.isArray(data)) return undefined;
  const customers = data.map((item) => parseCustomer(item)).filter((c): c is Customer => c !== undefined);
  const p = v.safeParse(paginationSchema, pagination);
  return {
    customers,
    pagination: p.success
      ? { hasMore: p.output.has_more, limit: p.output.limit ?? requested.limit, page: p.output.page ?? requested.page, ...(p.output.total === undefined ? {} : { total: p.output.total }) }
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
