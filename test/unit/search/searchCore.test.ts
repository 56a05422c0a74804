import * as assert from 'node:assert/strict';
import { customerMatches, isRefinementOf, normalizeSearchQuery } from '../../../src/search/model/query';
import { SearchResultCache } from '../../../src/search/model/searchCache';
import { escapeIcons } from '../../../src/common/model/text';
import { customerRowText, quoteQuery } from '../../../src/search/model/searchRows';
import { customer } from '../../fixtures/customers';

describe('search query rules', () => {
  it('normalizes case and whitespace', () => {
    assert.equal(normalizeSearchQuery('  Acme \t  ROOF\n'), 'acme roof');
    assert.equal(normalizeSearchQuery('   '), '');
  });

  it('matches first/last/company name, email and phone as case-insensitive substrings', () => {
    const c = customer({
      firstName: 'Jane',
      lastName: 'Doe',
      companyName: 'Acme Roofing',
      email: 'JD@Example.com',
      phone: '+1 303-555-0142',
      notes: 'secret',
      status: 'active',
    });
    for (const q of ['jane', 'doe', 'jane doe', 'acme roof', 'jd@example', '303-555', 'roofing'])
      assert.ok(customerMatches(c, q), q);
    for (const q of ['secret', 'active', 'janedoe', 'acme  roof']) assert.ok(!customerMatches(c, q), q);
    assert.ok(customerMatches(customer({}), ''));
  });

  it('a query refines any query it contains', () => {
    assert.ok(isRefinementOf('acme roof', 'acme'));
    assert.ok(isRefinementOf('acme roof', 'roof'));
    assert.ok(!isRefinementOf('acm', 'acme'));
  });
});

describe('SearchResultCache', () => {
  const entry = (
    query: string,
    hasMore: boolean,
    fetchedAt: number,
    customers = [customer({ companyName: 'Acme Roofing' }), customer({ companyName: 'Acme Plumbing' })],
  ) => ({
    query,
    customers,
    hasMore,
    nextPage: 2,
    pageSize: 100,
    fetchedAt,
  });

  it('uses the narrowest complete broader answer, never an incomplete one', () => {
    let now = 0;
    const cache = new SearchResultCache({ ttlMs: () => 1_000, now: () => now });
    cache.set(entry('ac', false, 0));
    cache.set(entry('acme', true, 0));
    assert.equal(cache.answer('acme roof')?.entry.query, 'ac');
    cache.set(entry('acme r', false, 0, [customer({ companyName: 'Acme Roofing' })]));
    const answer = cache.answer('acme roof');
    assert.equal(answer?.entry.query, 'acme r');
    assert.equal(answer?.source, 'refined');
    assert.equal(answer?.customers.length, 1);
    assert.equal(cache.answer('acme')?.source, 'exact');
    now = 1_000;
    assert.equal(cache.answer('acme roof'), undefined);
  });

  it('is bounded', () => {
    const cache = new SearchResultCache({ ttlMs: () => 1_000, maxEntries: 2, now: () => 0 });
    cache.set(entry('aa', false, 0));
    cache.set(entry('bb', false, 0));
    cache.get('aa');
    cache.set(entry('cc', false, 0));
    assert.equal(cache.size, 2);
    assert.ok(cache.get('aa'));
    assert.equal(cache.get('bb'), undefined);
  });
});

describe('search rows', () => {
  it('escapes codicon syntax in API text', () => {
    assert.equal(escapeIcons('$(alert) hi $(x'), '\\$(alert) hi \\$(x');
    const row = customerRowText(
      customer({
        firstName: '$(warning) Mallory',
        companyName: '$(zap) Evil\u202E Corp',
        email: 'm@x.example',
        phone: '555',
        status: 'active',
      }),
    );
    for (const text of [row.label, row.description, row.detail]) assert.ok(!/(^|[^\\])\$\(/.test(text), text);
    assert.ok(!row.description.includes('\u202E'));
    assert.equal(row.detail, 'm@x.example · 555 · active');
    assert.equal(quoteQuery('$(bug)'), "'\\$(bug)'");
  });

  it('does not repeat the company when it is the display name, and falls back to the ID', () => {
    const c = customer({ companyName: 'Acme Roofing' });
    const row = customerRowText(c);
    assert.equal(row.label, 'Acme Roofing');
    assert.equal(row.description, '');
    assert.equal(row.detail, `ID ${c.id.slice(0, 8)}`);
  });
});
