import * as assert from 'node:assert/strict';
import { parseCustomer } from '../../../src/api/customer';
import { type IdStatus } from '../../../src/batch/model/idStatus';
import { rowText, viewRows } from '../../../src/fileCustomers/model/fileCustomerRows';
import { rawCustomer } from '../../fixtures/customers';

const A = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const NOW = Date.UTC(2026, 0, 1);

describe('Customers in File: rows', () => {
  it('shows a customer by name with company, status and count, and an untrusted-safe tooltip', () => {
    const customer = parseCustomer(
      rawCustomer({
        id: A,
        first_name: '[x](command:evil) $(alert)',
        last_name: '<img src=x>',
        company_name: 'Acme',
        status: 'inactive',
      }),
    )!;
    const row = rowText(
      { id: A, offsets: [1, 2, 3] },
      { kind: 'customer', customer, fetchedAt: NOW - 120_000, fresh: true },
      NOW,
    );
    assert.equal(row.kind, 'customer');
    assert.ok(row.label.includes('\\$('), 'theme icons in names are escaped');
    assert.equal(row.description, 'Acme · inactive · 3×');
    assert.deepEqual(row.icon, { name: 'circle-slash', color: 'disabledForeground' });
    assert.ok(!/(?<!\\)\]\(/.test(row.tooltip) && !/(?<!\\)<img/.test(row.tooltip), row.tooltip);
    assert.match(row.tooltip, /3 occurrences · data from 2 minutes ago/);
  });

  it('says "not looked up", "not a customer" or the failure, by ID', () => {
    const entry = { id: A, offsets: [5] };
    assert.equal(rowText(entry, { kind: 'unknown' }, NOW).description, 'not looked up');
    assert.equal(rowText(entry, { kind: 'notFound', fetchedAt: NOW, fresh: true }, NOW).description, 'not a customer');
    const failed = rowText(entry, { kind: 'failed', message: 'Rotor did not answer in time.' }, NOW);
    assert.equal(failed.description, 'lookup failed');
    assert.match(failed.tooltip, /Rotor did not answer in time\\\./);
  });

  it('groups non-customers apart, keeps first-appearance order, and caps with a "first N of M" row', () => {
    const ids = Array.from({ length: 5 }, (_, i) => ({ id: `${i}`.repeat(8) + A.slice(8), offsets: [i] }));
    const status = (id: string): IdStatus =>
      id.startsWith('1') || id.startsWith('3')
        ? { kind: 'notFound', fetchedAt: NOW, fresh: true }
        : { kind: 'unknown' };
    const rows = viewRows(ids, status, NOW, 4);
    assert.deepEqual(
      rows.top.map((r) => r.id[0]),
      ['0', '2'],
    );
    assert.deepEqual(
      rows.notCustomers.map((r) => r.id[0]),
      ['1', '3'],
    );
    assert.equal(rows.capped, 'Showing the first 4 of 5 IDs');
    assert.equal(viewRows(ids, status, NOW).capped, undefined);
  });
});
