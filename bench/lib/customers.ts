import { type SandboxCustomer } from '../../test/sandbox/demoData';
import { rawCustomer } from '../../test/fixtures/customers';
import { pick } from './random';

const FIRST = [
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
  'Zoë',
  'Priya',
  'Kenji',
];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Brown', 'Okafor', "O'Brien", 'Kowalski', 'Patel', 'Müller'];
const COMPANIES = ['Acme Roofing', 'Blue Sky Plumbing', 'Green Valley Lawn Care', 'Summit HVAC', 'Harbor Electric'];

/** A full raw API record (every documented field) for `id`, with varied names. */
export function benchCustomer(id: string, random: () => number): SandboxCustomer {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const company = pick(random, COMPANIES);
  const record = rawCustomer({
    first_name: first,
    last_name: last,
    company_name: company,
    email: `${first}.${last}@${company.replace(/\W+/g, '').toLowerCase()}.example`.toLowerCase(),
    phone: `+1 303-555-${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
    notes: `Customer since ${2015 + Math.floor(random() * 9)}. Gate code ${Math.floor(random() * 9000) + 1000}.`,
  });
  return { ...record, id };
}
