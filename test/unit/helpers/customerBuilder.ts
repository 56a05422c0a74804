/**
 * Builders for raw Rotor customer objects (the API's snake_case `data`), so tests say only what
 * matters to them instead of copying JSON around.
 */
export type RawCustomer = Record<string, unknown>;

export const SAMPLE_ID = '0b7c3a52-9d1e-4f3a-8c55-2e6f1a9b4d70';

export function rawAddress(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { city: 'Denver', country: 'US', state: 'CO', street1: '1200 Larimer St', zip: '80204', street2: 'Suite 300', ...overrides };
}

/** Every documented field of the HTTP reference page, with plausible values. */
export function rawCustomer(overrides: RawCustomer = {}): RawCustomer {
  return {
    id: SAMPLE_ID,
    address: rawAddress(),
    company_name: 'Acme Roofing',
    created_at: '2019-12-27T18:11:19.117Z',
    email: 'jane.doe@acmeroofing.example',
    first_name: 'Jane',
    is_auto_pay: true,
    last_name: 'Doe',
    location: [39.7478, -104.9949],
    notes: 'Gate code 4411.\nDog in the yard.',
    phone: '+1 303-555-0142',
    source: 'Referral',
    status: 'active',
    tags: ['vip', 'residential'],
    ...overrides,
  };
}

/** The record without the named fields. */
export function without(record: RawCustomer, ...fields: string[]): RawCustomer {
  const copy = { ...record };
  for (const f of fields) delete copy[f];
  return copy;
}

/** The SDK page's shape: `has_payment_method` instead of `is_auto_pay`, nullable fields as null. */
export function sdkDriftCustomer(overrides: RawCustomer = {}): RawCustomer {
  return { ...without(rawCustomer(), 'is_auto_pay'), has_payment_method: true, location: null, notes: null, tags: null, address: rawAddress({ street2: null }), ...overrides };
}

/** A search response body around `customers`. */
export function rawPage(customers: unknown[], pagination: Record<string, unknown> = {}): { status: 'success'; data: unknown[]; pagination: Record<string, unknown> } {
  return { status: 'success', data: customers, pagination: { has_more: false, limit: 25, page: 1, total: customers.length, ...pagination } };
}
