import * as assert from 'node:assert/strict';
import { type Customer } from '../../../src/api/customer';
import { QuotaReserveError, ServerError } from '../../../src/api/errors';
import {
  customerHoverMarkdown,
  HOVER_COMMANDS,
  missingKeyHoverMarkdown,
  skippedHoverMarkdown,
} from '../../../src/hover/model/hoverMarkdown';
import { cleanText, displayName, escapeMarkdown, relativeTime } from '../../../src/common/model/text';
import { customer } from '../../fixtures/customers';

const ID = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function jane(fields: Partial<Customer> = {}): Customer {
  return customer({
    id: ID,
    firstName: 'Jane',
    lastName: 'Doe',
    companyName: 'Acme Roofing',
    email: 'jane@acme.test',
    phone: '+1 555 0100',
    status: 'active',
    address: { city: 'Austin', state: 'TX' },
    tags: ['vip'],
    ...fields,
  });
}

/** Every link target in a markdown string: `](target` up to a space or `)`. Escaped brackets are not links. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\]\((?<target>[^ )]+)/g)].map((m) => m.groups!.target!);
}

describe('hover markdown', () => {
  it('shows name, status, company, contact, place, tags, age and our two actions', () => {
    const md = customerHoverMarkdown(
      { kind: 'customer', customer: jane(), fetchedAt: NOW - 3 * 60_000, fromCache: true },
      ID,
      NOW,
    );
    assert.match(md, /\*\*Jane Doe\*\* · active/);
    assert.match(md, /Acme Roofing/);
    assert.ok(md.includes('jane\\@acme\\.test'), md);
    assert.match(md, /Austin, TX/);
    assert.match(md, /vip/);
    assert.match(md, /fetched 3 minutes ago/);
    const targets = linkTargets(md);
    assert.equal(targets.length, 2);
    assert.ok(targets[0]!.startsWith(`command:${HOVER_COMMANDS.open}?`));
    assert.ok(targets[1]!.startsWith(`command:${HOVER_COMMANDS.copyId}?`));
    assert.deepEqual(JSON.parse(decodeURIComponent(targets[0]!.split('?')[1]!)), [ID]);
  });

  it('renders hostile API text as text: no link, HTML or icon can be formed', () => {
    const hostile = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)> $(zap) **b** `c` &lt;';
    const md = customerHoverMarkdown(
      {
        kind: 'customer',
        customer: jane({
          firstName: hostile,
          lastName: undefined,
          companyName: hostile,
          email: hostile,
          tags: [hostile],
        }),
        fetchedAt: NOW,
        fromCache: true,
      },
      ID,
      NOW,
    );
    assert.deepEqual(
      linkTargets(md).map((t) => t.split('?')[0]),
      [`command:${HOVER_COMMANDS.open}`, `command:${HOVER_COMMANDS.copyId}`],
    );
    assert.ok(!/(?<!\\)</.test(md), 'no unescaped <');
    assert.ok(!md.includes('$(zap)'));
    assert.ok(!md.includes('workbench.action.quit)'));
  });

  it('says when data is stale and why', () => {
    const md = customerHoverMarkdown(
      {
        kind: 'customer',
        customer: jane(),
        fetchedAt: NOW - 2 * 3600_000,
        fromCache: true,
        stale: new ServerError(500),
      },
      ID,
      NOW,
    );
    assert.match(md, /server error/);
    assert.match(md, /2 hours ago/);
  });

  it('has one line for a UUID that is not a customer', () => {
    const md = customerHoverMarkdown({ kind: 'notFound', fetchedAt: NOW, fromCache: true }, ID, NOW);
    assert.match(md, /No Rotor customer with this ID/);
    assert.equal(md.split('\n').length, 1);
  });

  it('offers a Look up link when a lookup was skipped, and Set API key when there is none', () => {
    assert.ok(
      linkTargets(skippedHoverMarkdown(ID, new QuotaReserveError(12)))[0]!.startsWith(
        `command:${HOVER_COMMANDS.lookUp}?`,
      ),
    );
    assert.ok(linkTargets(missingKeyHoverMarkdown())[0]!.startsWith(`command:${HOVER_COMMANDS.setApiKey}`));
  });
});

describe('display text', () => {
  it('removes control and bidi characters, collapses whitespace and truncates', () => {
    assert.equal(cleanText('a\u0000b\u202Ec\n\td'), 'a b c d');
    const long = cleanText('x'.repeat(100_000), 50);
    assert.equal(long.length, 50);
    assert.ok(long.endsWith('…'));
  });

  it('never cuts an emoji in half', () => {
    const s = cleanText('a' + '😀'.repeat(10), 4);
    assert.ok(!/[\ud800-\udbff]…$/.test(s), s);
  });

  it('names a customer by person, then company, then short ID', () => {
    assert.equal(displayName(jane()), 'Jane Doe');
    assert.equal(displayName(jane({ firstName: undefined, lastName: ' ' })), 'Acme Roofing');
    assert.equal(
      displayName(jane({ firstName: undefined, lastName: undefined, companyName: undefined })),
      'Customer 182bd5e5',
    );
  });

  it('escapes every markdown punctuation character', () => {
    assert.equal(escapeMarkdown('[a](b)'), '\\[a\\]\\(b\\)');
  });

  it('formats relative times', () => {
    assert.equal(relativeTime(NOW - 10_000, NOW, 'en'), 'just now');
    assert.equal(relativeTime(NOW - 5 * 60_000, NOW, 'en'), '5 minutes ago');
    assert.equal(relativeTime(NOW - 26 * 3600_000, NOW, 'en'), 'yesterday');
  });
});
