import * as assert from 'node:assert/strict';
import { prefillCustomerId, validateCustomerIdInput } from '../../../src/lookup/model/prefill';

const A = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const B = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('Open Customer prefill', () => {
  it('prefers the selection, then the UUID under the cursor, then the clipboard', () => {
    assert.equal(prefillCustomerId({ selection: ` ${A.toUpperCase()} `, line: `x ${B}`, cursor: 4, clipboard: B }), A);
    assert.equal(prefillCustomerId({ selection: 'not an id', line: `x ${B}`, cursor: 4, clipboard: A }), B);
    assert.equal(prefillCustomerId({ line: 'nothing here', cursor: 3, clipboard: A }), A);
  });

  it('proposes nothing that is not an ID', () => {
    assert.equal(prefillCustomerId({ selection: '../auth/test', line: 'x', cursor: 0, clipboard: 'hello' }), undefined);
    assert.equal(prefillCustomerId({ clipboard: `${A}${'x'.repeat(10_000)}` }), undefined);
  });

  it('validates as you type with a clear message', () => {
    assert.equal(validateCustomerIdInput(A), undefined);
    assert.match(validateCustomerIdInput('') ?? '', /Enter a customer ID/);
    assert.match(validateCustomerIdInput('x'.repeat(10_000)) ?? '', /too long/);
    assert.match(validateCustomerIdInput('abc') ?? '', /looks like/);
  });
});
