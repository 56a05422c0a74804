import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { isCustomerId, normalizeCustomerId } from '../../../src/api/customerId';
import { customerIdAt, findCustomerIds } from '../../../src/hover/model/customerIds';

const ID = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';

describe('customer ID recognition', () => {
  it('accepts a UUID in any case and canonicalizes it to lower case', () => {
    assert.equal(isCustomerId(ID), true);
    assert.equal(normalizeCustomerId(ID.toUpperCase()), ID);
    assert.equal(normalizeCustomerId(`  ${ID}\n`), ID);
  });

  it('rejects near misses', () => {
    for (const bad of [
      '',
      ID.slice(1),
      ID + '0',
      ID.replace(/-/g, ''),
      ID.replace('a', 'g'),
      `${ID.slice(0, 8)} ${ID.slice(9)}`,
      '../auth/test',
      '１８２bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
      '١82bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
      encodeURIComponent(`${ID}/x`),
      'x'.repeat(10_000),
    ]) {
      assert.equal(normalizeCustomerId(bad), undefined, JSON.stringify(bad.slice(0, 50)));
    }
  });

  it('finds stand-alone UUIDs in text with their offsets', () => {
    const text = `start ${ID} mid "${ID.toUpperCase()}" /customers/${ID}?x=1 end`;
    const found = findCustomerIds(text);
    assert.deepEqual(
      found.map((m) => [m.id, text.slice(m.start, m.end).toLowerCase()]),
      [
        [ID, ID],
        [ID, ID],
        [ID, ID],
      ],
    );
  });

  it('ignores UUIDs inside longer hex or word runs', () => {
    for (const text of [`a${ID}`, `${ID}0`, `${ID}-0001`, `x-${ID}`, `_${ID}`, `${ID}_`, `0${ID}`]) {
      assert.deepEqual(findCustomerIds(text), [], text);
    }
  });

  it('finds UUIDs at the very start and end and next to punctuation', () => {
    assert.equal(findCustomerIds(ID).length, 1);
    assert.equal(findCustomerIds(`(${ID}),[${ID}]`).length, 2);
    assert.equal(findCustomerIds(`${ID}\n${ID}`).length, 2);
  });

  it('finds the UUID under a cursor anywhere inside it, including its edges', () => {
    const line = `id=${ID} ok`;
    for (let offset = 3; offset <= 3 + 36; offset++)
      assert.equal(customerIdAt(line, offset)?.id, ID, `offset ${offset}`);
    assert.equal(customerIdAt(line, 1), undefined);
    assert.equal(customerIdAt(line, 41), undefined);
  });

  it('does not report a UUID under the cursor when the whole run is longer', () => {
    const line = `${'f'.repeat(40)}${ID}`;
    assert.equal(customerIdAt(line, 60), undefined);
  });

  it('stops at the limit: the first IDs in order, the rest of the text unscanned', () => {
    const text = Array.from({ length: 5 }, (_, i) => `n=${i} ${ID}`).join('\n');
    const all = findCustomerIds(text);
    assert.equal(all.length, 5);
    assert.deepEqual(findCustomerIds(text, 2), all.slice(0, 2));
    assert.deepEqual(findCustomerIds(text, 10), all);
  });

  it('returns IDs that do not keep the scanned text alive', () => {
    // A kept ID (in the cache, a link, a row) must not pin a big log: V8 returns a slice's view
    // for an ID already in lower case unless the recognizer copies it.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const textBytes = 32 * 1024 * 1024;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = ((): string[] => {
      const text = `${ID} ${'x'.repeat(textBytes / 2)} ${ID.toUpperCase()}`;
      return findCustomerIds(text).map((m) => m.id);
    })();
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    assert.deepEqual(kept, [ID, ID]);
    assert.ok(growth < textBytes / 8, `heap grew ${growth} B after the ${textBytes} B text was dropped`);
  });
});
