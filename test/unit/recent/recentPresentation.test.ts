import * as assert from 'node:assert/strict';
import { type RecentEntry } from '../../../src/recent/model/recentCustomers';
import { escapeIcons } from '../../../src/common/model/text';
import {
  LABEL_MAX,
  accessibleLabel,
  itemDescription,
  itemLabel,
  pickFields,
  statusTone,
  tooltipMarkdown,
} from '../../../src/recent/model/recentPresentation';
import { customerId, numberedCustomer, type RawCustomer } from '../../fixtures/customers';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

function entry(overrides: RawCustomer = {}, meta: Partial<Omit<RecentEntry, 'customer'>> = {}): RecentEntry {
  return {
    customer: numberedCustomer(1, overrides),
    viewedAt: NOW - 3 * 60_000,
    fetchedAt: NOW - 2 * 3600_000,
    pinned: false,
    connectionId: 'default',
    ...meta,
  };
}

const HOSTILE = '[click](command:rotor.clearApiKey) <img src=x onerror=alert(1)> $(alert) **bold** `code`';

describe('Recent Customers presentation', () => {
  describe('statusTone', () => {
    it('reads active, inactive-like and unknown statuses', () => {
      assert.equal(statusTone('active'), 'active');
      assert.equal(statusTone(' Active '), 'active');
      assert.equal(statusTone('inactive'), 'inactive');
      assert.equal(statusTone('ARCHIVED'), 'inactive');
      assert.equal(statusTone('lead'), 'unknown');
      assert.equal(statusTone(undefined), 'unknown');
      assert.equal(statusTone(''), 'unknown');
    });
  });

  describe('label and description', () => {
    it('labels by name and describes by company', () => {
      const e = entry();
      assert.equal(itemLabel(e.customer), 'Jane Doe');
      assert.equal(itemDescription(e.customer), 'Acme Roofing');
    });

    it('describes by status when the company is the label already or missing', () => {
      assert.equal(itemDescription(entry({ first_name: null, last_name: null }).customer), 'active');
      assert.equal(itemDescription(numberedCustomer(1, { company_name: null })), 'active');
      assert.equal(itemDescription(numberedCustomer(1, { company_name: null, status: null })), '');
    });

    it('falls back to a short ID without a name or company', () => {
      const c = numberedCustomer(1, { first_name: null, last_name: null, company_name: null });
      assert.match(itemLabel(c), /^Customer 00000000/);
    });

    it('cuts long names and strips control and bidi characters', () => {
      const c = numberedCustomer(1, { first_name: 'A'.repeat(500), last_name: 'B' });
      assert.ok(itemLabel(c).length <= LABEL_MAX);
      assert.ok(itemLabel(c).endsWith('…'));
      const tricky = numberedCustomer(1, { first_name: 'Ja\u202Ene\n\u0000', last_name: 'Doe' });
      assert.equal(itemLabel(tricky), 'Ja ne Doe');
    });

    it('announces name, company, status and pin to screen readers', () => {
      assert.equal(accessibleLabel(entry({}, { pinned: true })), 'Jane Doe, Acme Roofing, active, pinned');
      assert.equal(accessibleLabel(entry({ status: null })), 'Jane Doe, Acme Roofing');
    });
  });

  describe('tooltip', () => {
    it('shows name, email, phone, place, status and times', () => {
      const md = tooltipMarkdown(entry(), NOW);
      // The escaping is text.ts's business; what matters here is what the reader sees.
      const text = md.replace(/\\(.)/g, '$1');
      assert.match(md, /^\*\*Jane Doe\*\*/);
      for (const part of [
        'Acme Roofing',
        'jane.doe@acmeroofing.example',
        '+1 303-555-0142',
        'Denver, CO',
        'Status: active',
        'Last viewed 3 minutes ago',
        'data from 2 hours ago',
        customerId(1),
      ]) {
        assert.ok(text.includes(part), `missing ${part}`);
      }
    });

    it('leaves out fields the customer does not have', () => {
      const md = tooltipMarkdown(entry({ email: null, phone: null, address: null, status: null }), NOW);
      assert.ok(!md.includes('$(mail)'));
      assert.ok(!md.includes('$(device-mobile)'));
      assert.ok(!md.includes('$(location)'));
    });

    it('escapes every API value: no link, HTML, emphasis or theme icon survives', () => {
      const hostile = entry({
        first_name: HOSTILE,
        company_name: HOSTILE,
        email: HOSTILE,
        phone: HOSTILE,
        status: HOSTILE,
        address: { city: HOSTILE, state: HOSTILE },
      });
      const md = tooltipMarkdown(hostile, NOW);
      assert.ok(!md.includes('](command:'), 'a link survived');
      assert.ok(!/(^|[^\\])</.test(md), 'HTML survived');
      assert.ok(!md.includes('$(alert)'), 'a theme icon survived');
      assert.ok(!md.includes('**bold**'), 'emphasis survived');
      assert.ok(!md.includes('`code`'), 'a code span survived');
      // Our own icons are still there.
      assert.ok(md.includes('$(mail) '));
    });

    it('marks a pinned customer', () => {
      assert.match(tooltipMarkdown(entry({}, { pinned: true }), NOW), /pinned\*/);
    });
  });

  describe('quick pick', () => {
    it('makes name, company, place and email searchable', () => {
      assert.deepEqual(pickFields(entry(), NOW), {
        label: 'Jane Doe',
        description: 'Acme Roofing · Denver, CO',
        detail: 'jane.doe@acmeroofing.example · active · viewed 3 minutes ago',
      });
    });

    it('escapes theme icons in API text', () => {
      const fields = pickFields(entry({ first_name: '$(alert) Eve', company_name: '$(key)' }), NOW);
      assert.ok(fields.label.startsWith('\\$(alert)'));
      assert.ok(fields.description.startsWith('\\$(key)'));
      assert.equal(escapeIcons('a $(x) b $(y)'), 'a \\$(x) b \\$(y)');
    });
  });
});
