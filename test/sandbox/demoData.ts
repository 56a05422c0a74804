/**
 * Deterministic demo data for the local Rotor sandbox. No randomness: every UUID comes from a
 * seeded generator, so the same index always gives the same customer, and tests can name the
 * well-known fixtures below.
 *
 * Records are raw API objects (snake_case, exactly what `GET /customers/{id}` puts in `data`),
 * not the client's parsed `Customer`: the sandbox must be able to serve anything, drift and
 * garbage included.
 */

/** One raw customer record as the API would send it. Only `id` is required by the sandbox. */
export interface SandboxCustomer {
  readonly id: string;
  readonly [field: string]: unknown;
}

/** mulberry32: a tiny, well-known 32-bit PRNG. Seeded, so fully deterministic. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A v4-looking UUID (version nibble 4, variant 10xx) derived only from `seed`. */
export function seededUuid(seed: number): string {
  const next = mulberry32(Math.imul(seed, 0x9e3779b1) ^ 0x524f544f);
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = next();
    bytes.push((w >>> 24) & 0xff, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// Well-known fixtures

/** "Jane Doe" at "Acme Roofing": active, every documented field set. The ID is the one in Rotor's docs. */
export const JANE_DOE_ID = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
/** An inactive customer with full fields. */
export const INACTIVE_ID = seededUuid(9001);
/** Only `id` and `first_name`. */
export const SPARSE_ID = seededUuid(9002);
/** SDK-page drift: `has_payment_method` instead of `is_auto_pay`; street2/location/notes/tags null. */
export const DRIFT_ID = seededUuid(9003);
/** Every field present but null (names included); address present with a null street2. */
export const NULLS_ID = seededUuid(9004);
/** Documented fields plus fields the docs do not list (to be kept, not dropped). */
export const UNKNOWN_FIELDS_ID = seededUuid(9005);
/** An archived "Acme Roofing" customer: only found with `archived=true`. */
export const ARCHIVED_ID = seededUuid(9006);
/** A valid v4-looking UUID that is not a customer (404). */
export const NON_CUSTOMER_ID = seededUuid(404_404);

/** Hostile payloads in every string field (see `hostileCustomers`). */
export const HOSTILE_ID = seededUuid(6660);
/** Wrong JSON types where strings, arrays and booleans belong. */
export const HOSTILE_TYPES_ID = seededUuid(6661);
/** 100,000-character strings and a long tag list. */
export const HOSTILE_LONG_ID = seededUuid(6662);
/** `__proto__` and `constructor` as own keys of `data`. */
export const HOSTILE_PROTO_ID = seededUuid(6663);

// ---------------------------------------------------------------------------------------------
// Generated demo customers

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Mia',
  'Lucas',
  'Harper',
  'Mateo',
  'Amelia',
  'Ethan',
  'Chloé',
  'Aarav',
  'Zoë',
  'Diego',
  'Priya',
  'Kenji',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Garcia',
  'Nguyen',
  'Brown',
  'Martinez',
  'Okafor',
  "O'Brien",
  'Kowalski',
  'Patel',
  'Müller',
  'Rossi',
  'Kim',
  'Andersen',
  'Dubois',
  'Haddad',
  'Silva',
];
/** Several "Acme Roof…" companies so that searching "acme roof" is meaningful. */
const COMPANIES = [
  'Acme Roofing',
  'Blue Sky Plumbing',
  'Acme Roofing & Gutters',
  'Green Valley Lawn Care',
  'Summit HVAC',
  'ACME Roofing Co.',
  'Clearwater Pools',
  'Bright Spark Electric',
  'Acme Plumbing',
  'Evergreen Pest Control',
  'Northside Garage Doors',
  'Sparkle Window Cleaning',
  'Acme Roof Repair',
  'Lone Star Solar',
  'Precision Painting',
  'Heritage Handyman',
  'Cozy Home Heating',
  'Rapid Rooter Drains',
];
const CITIES: readonly { city: string; state: string; zip: string; lat: number; lng: number }[] = [
  { city: 'Denver', state: 'CO', zip: '80202', lat: 39.7392, lng: -104.9903 },
  { city: 'Austin', state: 'TX', zip: '78701', lat: 30.2672, lng: -97.7431 },
  { city: 'Phoenix', state: 'AZ', zip: '85004', lat: 33.4484, lng: -112.074 },
  { city: 'Raleigh', state: 'NC', zip: '27601', lat: 35.7796, lng: -78.6382 },
  { city: 'Tampa', state: 'FL', zip: '33602', lat: 27.9506, lng: -82.4572 },
  { city: 'Boise', state: 'ID', zip: '83702', lat: 43.615, lng: -116.2023 },
  { city: 'Columbus', state: 'OH', zip: '43215', lat: 39.9612, lng: -82.9988 },
  { city: 'Portland', state: 'OR', zip: '97204', lat: 45.5152, lng: -122.6784 },
];
const STREETS = ['Maple Ave', 'Oak St', 'Cedar Ln', 'Elm Dr', 'Pine Ct', 'Birch Rd', 'Willow Way', 'Aspen Blvd'];
const SOURCES = ['Website', 'Referral', 'Google Ads', 'Door Hanger', 'Yelp', 'Phone'];
const TAG_SETS: readonly (readonly string[])[] = [
  ['residential'],
  ['commercial', 'priority'],
  ['residential', 'service-plan'],
  ['vip'],
  [],
  ['residential', 'priority', 'vip'],
];
const NOTES = [
  'Gate code 4411. Dog in the back yard.',
  'Prefers text messages.\nCall only after 5 pm.',
  'Annual maintenance due in spring.\n\n- check gutters\n- inspect flashing',
  'Paid in cash last visit.',
];

/** The i-th generated customer. Field presence varies with i so every shape occurs. */
function generatedCustomer(i: number): SandboxCustomer {
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const last = LAST_NAMES[(i * 7) % LAST_NAMES.length]!;
  const company = COMPANIES[i % COMPANIES.length]!;
  const place = CITIES[(i * 3) % CITIES.length]!;
  const domain = company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
  const emailLocal = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  const record: Record<string, unknown> = { id: seededUuid(i + 1) };

  const address: Record<string, unknown> = {
    city: place.city,
    country: 'US',
    state: place.state,
    street1: `${100 + ((i * 37) % 900)} ${STREETS[i % STREETS.length]!}`,
    zip: place.zip,
  };
  if (i % 5 === 0) {
    // street2 missing
  } else if (i % 7 === 3) {
    address.street2 = null;
  } else {
    address.street2 = i % 2 === 0 ? `Suite ${100 + i}` : `Apt ${i}`;
  }
  record.address = address;
  record.company_name = company;
  record.created_at = new Date(Date.UTC(2021, 0, 1) + i * 17 * 86_400_000 + i * 3_600_000 + 123).toISOString();
  record.email = `${emailLocal}@${domain}`;
  record.first_name = first;
  if (i % 5 === 2) record.has_payment_method = i % 2 === 0;
  else record.is_auto_pay = i % 3 === 0;
  record.last_name = last;
  if (i % 9 === 4) record.location = null;
  else if (i % 11 !== 5) record.location = [round(place.lat + (i % 10) * 0.01), round(place.lng - (i % 7) * 0.01)];
  if (i % 6 === 0) record.notes = null;
  else if (i % 6 !== 3) record.notes = NOTES[i % NOTES.length]!;
  record.phone = `+1 ${200 + (i % 700)}-555-${String(1000 + ((i * 53) % 9000)).padStart(4, '0')}`;
  record.source = SOURCES[i % SOURCES.length]!;
  record.status = i % 10 === 7 ? 'inactive' : 'active';
  if (i % 8 === 2) record.tags = null;
  else if (i % 8 !== 6) record.tags = [...TAG_SETS[i % TAG_SETS.length]!];
  return record as SandboxCustomer;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

const FIXTURES: readonly SandboxCustomer[] = [
  {
    id: JANE_DOE_ID,
    address: {
      city: 'Denver',
      country: 'US',
      state: 'CO',
      street1: '1200 Larimer St',
      zip: '80204',
      street2: 'Suite 300',
    },
    company_name: 'Acme Roofing',
    created_at: '2019-12-27T18:11:19.117Z',
    email: 'jane.doe@acmeroofing.example',
    first_name: 'Jane',
    is_auto_pay: true,
    last_name: 'Doe',
    location: [39.7478, -104.9949],
    notes: 'Prefers morning appointments.\nLadder access from the north side.',
    phone: '+1 303-555-0142',
    source: 'Referral',
    status: 'active',
    tags: ['vip', 'roof-repair', 'residential'],
  },
  {
    id: INACTIVE_ID,
    address: {
      city: 'Austin',
      country: 'US',
      state: 'TX',
      street1: '77 Congress Ave',
      zip: '78701',
      street2: 'Unit 4',
    },
    company_name: 'Blue Sky Plumbing',
    created_at: '2020-03-14T09:26:53.589Z',
    email: 'walter.finch@blueskyplumbing.example',
    first_name: 'Walter',
    is_auto_pay: false,
    last_name: 'Finch',
    location: [30.2669, -97.7428],
    notes: 'Moved out of the service area.',
    phone: '+1 512-555-0199',
    source: 'Website',
    status: 'inactive',
    tags: ['residential'],
  },
  { id: SPARSE_ID, first_name: 'Sparse' },
  {
    id: DRIFT_ID,
    address: { city: 'Boise', country: 'US', state: 'ID', street1: '9 Capitol Blvd', zip: '83702', street2: null },
    company_name: 'Green Valley Lawn Care',
    created_at: '2022-06-01T12:00:00.000Z',
    email: 'drift@greenvalley.example',
    first_name: 'Dana',
    has_payment_method: true,
    last_name: 'Drift',
    location: null,
    notes: null,
    phone: '+1 208-555-0110',
    source: 'SDK',
    status: 'active',
    tags: null,
  },
  {
    id: NULLS_ID,
    address: { city: 'Tampa', country: 'US', state: 'FL', street1: '1 Bay St', zip: '33602', street2: null },
    company_name: null,
    created_at: null,
    email: null,
    first_name: null,
    is_auto_pay: null,
    last_name: null,
    location: null,
    notes: null,
    phone: null,
    source: null,
    status: null,
    tags: null,
  },
  {
    id: UNKNOWN_FIELDS_ID,
    address: { city: 'Raleigh', country: 'US', state: 'NC', street1: '5 Fayetteville St', zip: '27601' },
    company_name: 'Summit HVAC',
    created_at: '2023-01-09T08:30:00.000Z',
    email: 'ursula.unknown@summithvac.example',
    first_name: 'Ursula',
    is_auto_pay: true,
    last_name: 'Unknown',
    location: [35.7796, -78.6382],
    phone: '+1 919-555-0123',
    status: 'active',
    tags: ['commercial'],
    balance_cents: 12_550,
    preferred_technician: 'Sam',
    custom_fields: { gate_code: '1234', pets: ['dog'] },
  },
  {
    id: ARCHIVED_ID,
    address: { city: 'Denver', country: 'US', state: 'CO', street1: '400 Old Rd', zip: '80205' },
    company_name: 'Acme Roofing',
    created_at: '2018-05-05T05:05:05.005Z',
    email: 'archie.vist@acmeroofing.example',
    first_name: 'Archie',
    is_auto_pay: false,
    last_name: 'Vist',
    location: [39.76, -104.98],
    notes: 'Archived after merge with another account.',
    phone: '+1 303-555-0177',
    source: 'Phone',
    status: 'inactive',
    tags: ['residential'],
  },
];

const GENERATED_COUNT = 45;

/** The ~50 demo customers: the named fixtures first, then generated ones. Frozen; copy before changing. */
export const DEMO_CUSTOMERS: readonly SandboxCustomer[] = Object.freeze([
  ...FIXTURES,
  ...Array.from({ length: GENERATED_COUNT }, (_, i) => generatedCustomer(i)),
]);

/** Demo customers that are archived (hidden unless `archived=true`). */
export const DEMO_ARCHIVED_IDS: readonly string[] = Object.freeze([ARCHIVED_ID, seededUuid(GENERATED_COUNT)]);

// ---------------------------------------------------------------------------------------------
// Hostile data

/** 100,000 characters: markup and a line break every so often, so naive rendering hurts. */
export const LONG_STRING = ('<b>long</b> ' + 'x'.repeat(88) + '\n').repeat(1000).slice(0, 100_000);

/** The strings every renderer must show as text, never interpret. */
export const HOSTILE_STRINGS = {
  script: '<script>alert("rotor")</script>',
  img: '<img src=x onerror="alert(1)">',
  javascriptUrl: 'javascript:alert(document.domain)',
  commandUrl: 'command:workbench.action.quit',
  markdownCommandLink: '[Open customer](command:workbench.action.quit)',
  markdownJsLink: '[x](javascript:alert(1)) ![img](https://example.invalid/pixel.png)',
  htmlEntities: '&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &#x3C;script&#x3E; &quot;',
  bidi: 'Invoice \u202Egnp.exe\u202C for \u2066Acme\u2069',
  emojiZwj: 'Family 👩‍👩‍👧‍👦 tech 🧑🏽‍🔧 flag 🏳️‍🌈',
  nul: 'before\u0000after',
  codicon: '$(alert) $(zap) fake icon',
  markdownMarkup: '**bold** _italic_ `code` # heading\n> quote\n---',
} as const;

/**
 * Customers whose fields hold payloads (markup, scriptable URLs, bidi overrides, NUL, huge and
 * wrong-typed values). Fresh objects on every call. Not served unless added (`includeHostile`
 * or `addCustomers`).
 */
export function hostileCustomers(): SandboxCustomer[] {
  const s = HOSTILE_STRINGS;
  const proto = JSON.parse(
    `{"id":"${HOSTILE_PROTO_ID}","first_name":"Proto","last_name":"Type","__proto__":{"polluted":true,"first_name":"Injected"},"constructor":{"prototype":{"polluted":true}},"toString":"not a function","hasOwnProperty":1}`,
  ) as SandboxCustomer;
  return [
    {
      id: HOSTILE_ID,
      address: {
        city: s.img,
        country: s.bidi,
        state: s.nul,
        street1: s.script,
        zip: s.javascriptUrl,
        street2: s.markdownCommandLink,
      },
      company_name: `${s.markdownCommandLink} ${s.script}`,
      created_at: '<script>2020</script>',
      email: `"><script>alert(1)</script>@example.com`,
      first_name: s.script,
      is_auto_pay: true,
      last_name: s.bidi,
      location: [39.7, -104.9],
      notes: [
        s.markdownCommandLink,
        s.markdownJsLink,
        s.htmlEntities,
        s.emojiZwj,
        s.nul,
        s.codicon,
        s.markdownMarkup,
        s.img,
      ].join('\n'),
      phone: s.javascriptUrl,
      source: s.commandUrl,
      status: `active<img src=x onerror=alert(1)>`,
      tags: [s.script, s.markdownCommandLink, s.commandUrl, s.bidi, s.emojiZwj, ''],
      [`<b>${s.script}</b>`]: s.img,
    },
    {
      id: HOSTILE_TYPES_ID,
      address: 'not an object <script>',
      company_name: ['Acme', 'Roofing'],
      created_at: 1_577_468_279_117,
      email: true,
      first_name: 42,
      is_auto_pay: 'yes',
      has_payment_method: { value: true },
      last_name: { $gt: '' },
      location: ['x', {}],
      notes: { html: s.script },
      phone: 5_551_234,
      source: null,
      status: 'deleted',
      tags: 'vip,priority',
    },
    {
      id: HOSTILE_LONG_ID,
      address: { city: LONG_STRING, country: 'US', state: 'CO', street1: LONG_STRING, zip: '80202' },
      company_name: LONG_STRING,
      email: `${'a'.repeat(5000)}@example.com`,
      first_name: 'Long',
      last_name: LONG_STRING,
      location: Array.from({ length: 1000 }, (_, i) => i / 10),
      notes: LONG_STRING,
      phone: '9'.repeat(10_000),
      status: 'active',
      tags: Array.from({ length: 500 }, (_, i) => `tag-${i}`),
    },
    proto,
  ];
}

// ---------------------------------------------------------------------------------------------
// A second company (`--company second`): another Rotor account for the connection tests

/** Only in the second company: "Sam Second" at "Second Plumbing". */
export const SECOND_ONLY_ID = seededUuid(20_001);

/**
 * The second company's customers. Jane Doe's UUID is another person here ("Jim Beam" at
 * "Second Plumbing"): a connection must never show one company's customer for the other's.
 */
export const SECOND_COMPANY_CUSTOMERS: readonly SandboxCustomer[] = Object.freeze([
  {
    id: JANE_DOE_ID,
    first_name: 'Jim',
    last_name: 'Beam',
    company_name: 'Second Plumbing',
    status: 'active',
    email: 'jim.beam@second.example',
    address: { city: 'Boise', state: 'ID' },
    tags: ['second'],
  },
  {
    id: SECOND_ONLY_ID,
    first_name: 'Sam',
    last_name: 'Second',
    company_name: 'Second Plumbing',
    status: 'active',
    address: { city: 'Boise', state: 'ID' },
    tags: [],
  },
]);
