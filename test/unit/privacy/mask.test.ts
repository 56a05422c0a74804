import * as assert from 'node:assert/strict';
import { type Customer } from '../../../src/api/customer';
import { customerFieldsForAgent, AGENT_FIELDS } from '../../../src/agentTools/model/fields';
import { exportRow, formatRows } from '../../../src/batch/model/exportFormats';
import { rowText } from '../../../src/fileCustomers/model/fileCustomerRows';
import { customerHoverMarkdown } from '../../../src/hover/model/hoverMarkdown';
import { renderCustomerPage } from '../../../src/panel/model/customerHtml';
import {
  HIDDEN_VALUE,
  hasHiddenNotes,
  MASK,
  maskCustomer,
  maskEmail,
  maskKnown,
  maskPhone,
} from '../../../src/privacy/model/mask';
import { ticketNote } from '../../../src/privacy/model/ticketNote';
import { pickFields, tooltipMarkdown } from '../../../src/recent/model/recentPresentation';
import { customerRowText } from '../../../src/search/model/searchRows';
import { customer, parsedCustomer, rawCustomer } from '../../fixtures/customers';
import { customerView, NOW, page } from '../panel/pageHelpers';

/** The fixture's sensitive strings: none may survive masking, on any surface. */
const SENSITIVE = [
  'jane.doe@acmeroofing.example',
  'jane.doe',
  'acmeroofing',
  '303-555-0142',
  '555-0142',
  '1200 Larimer St',
  'Larimer',
  'Suite 300',
  '80204',
  '39.7478',
  '-104.9949',
  'Gate code',
  'Dog in the yard',
  'secret-other-value',
];

function original(): Customer {
  return parsedCustomer(
    rawCustomer({ loyalty_contact: { email: 'secret-other-value@x.example' }, spouse: 'secret-other-value' }),
  );
}

function assertNoSensitive(text: string, where: string): void {
  for (const s of SENSITIVE) assert.ok(!text.includes(s), `${where} holds ${JSON.stringify(s)}`);
}

describe('screen-share masking', () => {
  describe('maskEmail', () => {
    it('keeps the first letter of the local part and of the domain, and the top-level domain', () => {
      assert.equal(maskEmail('jane.doe@acmeroofing.example'), `j${MASK}@a${MASK}.example`);
      assert.equal(maskEmail('m@b.example'), `m${MASK}@b${MASK}.example`);
      assert.equal(maskEmail('ops@mail.acme.co.uk'), `o${MASK}@m${MASK}.uk`);
    });

    it('masks short, odd and hostile values without leaking them', () => {
      assert.equal(maskEmail('a@b.c'), `a${MASK}@b${MASK}.c`);
      assert.equal(maskEmail('no-at-sign.example'), MASK);
      assert.equal(maskEmail('@acme.example'), MASK);
      assert.equal(maskEmail(''), MASK);
      assert.equal(maskEmail('   '), MASK);
      assert.equal(maskEmail('jane@localhost'), `j${MASK}@l${MASK}`);
      assert.equal(maskEmail('jane@'), `j${MASK}@${MASK}`);
      assert.equal(maskEmail('a@b@evil.example'), `a${MASK}@e${MASK}.example`);
      // A "top-level domain" that is no such thing is not kept.
      assert.equal(maskEmail('x@y.<script>alert(1)</script>'), `x${MASK}@y${MASK}`);
      assert.equal(maskEmail('x@y.0142'), `x${MASK}@y${MASK}`);
    });

    it('keeps whole non-ASCII characters (no half surrogate pairs)', () => {
      assert.equal(maskEmail('émile@café.fr'), `é${MASK}@c${MASK}.fr`);
      assert.equal(maskEmail('😀x@😀y.example'), `😀${MASK}@😀${MASK}.example`);
      assert.equal(maskEmail('用户@例子.中国'), `用${MASK}@例${MASK}.中国`);
    });
  });

  describe('maskPhone', () => {
    it('keeps the last 4 digits', () => {
      assert.equal(maskPhone('+1 303-555-0142'), `${MASK}-0142`);
      assert.equal(maskPhone('(303) 555 0142'), `${MASK}-0142`);
      assert.equal(maskPhone('+44 20 7946 0958'), `${MASK}-0958`);
    });

    it('ignores an extension', () => {
      assert.equal(maskPhone('+1 303-555-0142 ext. 12'), `${MASK}-0142`);
      assert.equal(maskPhone('303-555-0142x9'), `${MASK}-0142`);
      assert.equal(maskPhone('303.555.0142 #77'), `${MASK}-0142`);
    });

    it('masks short numbers, digit-free and empty values whole', () => {
      assert.equal(maskPhone('0142'), MASK);
      assert.equal(maskPhone('911'), MASK);
      assert.equal(maskPhone('12-345'), MASK);
      assert.equal(maskPhone('call me'), MASK);
      assert.equal(maskPhone(''), MASK);
      // Digits other than ASCII are not "digits" to keep: nothing of the value shows.
      assert.equal(maskPhone('٠١٢٣٤٥٦٧٨٩'), MASK);
    });
  });

  describe('maskCustomer', () => {
    it('off: the very same customer', () => {
      const c = original();
      assert.equal(maskCustomer(c, 'off'), c);
    });

    it('screen-share: contact masked; street, zip, location and notes out; unknown values hidden', () => {
      const c = original();
      const m = maskCustomer(c, 'screenShare');
      assert.equal(m.email, `j${MASK}@a${MASK}.example`);
      assert.equal(m.phone, `${MASK}-0142`);
      assert.deepEqual(m.address, { city: 'Denver', state: 'CO', country: 'US' });
      assert.equal(m.location, undefined);
      assert.equal(m.notes, undefined);
      assert.deepEqual(m.otherFields, { loyalty_contact: HIDDEN_VALUE, spouse: HIDDEN_VALUE });
      // What stays.
      assert.equal(m.firstName, 'Jane');
      assert.equal(m.companyName, 'Acme Roofing');
      assert.equal(m.status, 'active');
      assert.deepEqual(m.tags, ['vip', 'residential']);
      assert.equal(m.isAutoPay, true);
      assertNoSensitive(JSON.stringify(m), 'the masked customer');
      // The original is untouched.
      assert.equal(c.email, 'jane.doe@acmeroofing.example');
    });

    it('reveals notes only when asked', () => {
      const m = maskCustomer(original(), 'screenShare', { revealNotes: true });
      assert.match(m.notes ?? '', /Gate code/);
      assert.equal(m.email, `j${MASK}@a${MASK}.example`);
    });

    it('copes with missing fields and a __proto__ field', () => {
      const bare = customer();
      assert.deepEqual(maskCustomer(bare, 'screenShare'), { id: bare.id, tags: [], otherFields: {} });
      const proto = parsedCustomer(
        JSON.parse('{"id":"0b7c3a52-9d1e-4f3a-8c55-2e6f1a9b4d70","__proto__":{"x":"secret-other-value"}}'),
      );
      const m = maskCustomer(proto, 'screenShare');
      assert.deepEqual(Object.keys(m.otherFields), ['__proto__']);
      assertNoSensitive(JSON.stringify(m.otherFields), 'other fields');
    });

    it('hasHiddenNotes and maskKnown', () => {
      assert.equal(hasHiddenNotes(original(), 'screenShare'), true);
      assert.equal(hasHiddenNotes(original(), 'off'), false);
      assert.equal(hasHiddenNotes(customer({ notes: '  ' }), 'screenShare'), false);
      const known = maskKnown({ kind: 'customer', customer: original(), fetchedAt: 1, fresh: true }, 'screenShare');
      assert.equal(known.customer.phone, `${MASK}-0142`);
      const notFound = { kind: 'notFound', fetchedAt: 1, fresh: true } as const;
      assert.equal(maskKnown(notFound, 'screenShare'), notFound);
    });
  });

  describe('every renderer takes the masked customer and shows nothing of the original', () => {
    const m = maskCustomer(original(), 'screenShare');
    it('hover markdown', () => {
      const md = customerHoverMarkdown({ kind: 'customer', customer: m, fetchedAt: NOW, fromCache: true }, m.id, NOW);
      assertNoSensitive(md, 'the hover');
      assert.match(md, /Jane Doe/);
    });

    it('panel page (Other fields and the raw JSON included)', () => {
      const html = page(customerView(m), { privacy: { masked: true, notesHidden: true } });
      assertNoSensitive(html, 'the panel');
      assert.match(html, /Show notes/);
      assert.match(html, /Screen-share mode is on/);
      assert.match(html, /loyalty_contact/);
      assert.ok(!/href="mailto:|href="tel:/.test(html), 'masked values are no links');
    });

    it('the unmasked panel still shows everything (the renderer itself masks nothing)', () => {
      const html = renderCustomerPage({ ...pageModel(), view: customerView(original()) });
      assert.match(html, /jane\.doe@acmeroofing\.example/);
    });

    it('recent tooltip and quick pick', () => {
      const entry = { customer: m, viewedAt: NOW, fetchedAt: NOW, pinned: false, connectionId: 'default' };
      assertNoSensitive(tooltipMarkdown(entry, NOW), 'the tooltip');
      assertNoSensitive(JSON.stringify(pickFields(entry, NOW)), 'the quick pick');
    });

    it('a pinned ID kept by Forget says its data is forgotten, not 56 years old', () => {
      const entry = { customer: customer(), viewedAt: NOW, fetchedAt: 0, pinned: true, connectionId: 'default' };
      assert.match(tooltipMarkdown(entry, NOW), /data forgotten/);
    });

    it('Find Customer rows', () => {
      assertNoSensitive(JSON.stringify(customerRowText(m)), 'the search row');
    });

    it('Customers in File rows and every export format', () => {
      const status = { kind: 'customer', customer: m, fetchedAt: NOW, fresh: true } as const;
      assertNoSensitive(JSON.stringify(rowText({ id: m.id, offsets: [0] }, status, NOW)), 'the file row');
      for (const format of ['markdown', 'csv', 'json'] as const)
        assertNoSensitive(formatRows(format, [exportRow(m.id, 1, status)]), `the ${format} export`);
    });

    it('agent tool fields, even with every field opted in', () => {
      const fields = customerFieldsForAgent(original(), AGENT_FIELDS, 'screenShare');
      assertNoSensitive(JSON.stringify(fields), 'the agent fields');
      assert.equal(fields.email, `j${MASK}@a${MASK}.example`);
      assert.equal(fields.street, undefined);
      assert.equal(fields.notes, undefined);
      assert.equal(customerFieldsForAgent(original(), AGENT_FIELDS).email, 'jane.doe@acmeroofing.example');
    });
  });

  describe('ticket note', () => {
    it('is short Markdown with name, company, status, city, ID and auto-pay, no contact details', () => {
      const c = original();
      const note = ticketNote(c, 'off');
      assert.equal(
        note,
        [
          '**Rotor customer: Jane Doe**',
          '',
          '- Company: Acme Roofing',
          '- Status: active',
          '- City: Denver, CO',
          `- Customer ID: \`${c.id}\``,
          '- Auto-pay: on',
          '',
        ].join('\n'),
      );
      assertNoSensitive(note, 'the ticket note');
      assertNoSensitive(ticketNote(c, 'screenShare'), 'the masked ticket note');
    });

    it('is link-free whatever the values say', () => {
      const note = ticketNote(
        customer({ firstName: '[click](https://evil.example)', companyName: '<img src=x>', status: '**x**' }),
        'off',
      );
      assert.ok(!/(?<!\\)\]\(/.test(note), note);
      assert.ok(!/(?<!\\)<img/.test(note), note);
      assert.match(note, /Auto-pay: —/);
    });
  });
});

function pageModel() {
  return {
    id: original().id,
    now: NOW,
    locale: 'en',
    nonce: 'bm9uY2U=',
    cspSource: 'https://x',
    assets: { style: '', script: '' },
  };
}
