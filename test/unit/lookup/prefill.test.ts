import * as assert from 'node:assert/strict';
import { prefillCustomerId, validateCustomerIdInput } from '../../../src/lookup/model/prefill';

const A = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const B = '0f8fad5b-d9cb-469f-a165-70867728950e';

const DESKTOP = { mayReadClipboard: true };
const WEB = { mayReadClipboard: false };

/** A clipboard reader that counts how often it was asked. */
function clipboard(text: string | undefined): { read: () => Promise<string | undefined>; reads: () => number } {
  let reads = 0;
  return {
    read: () => {
      reads++;
      return Promise.resolve(text);
    },
    reads: () => reads,
  };
}

describe('Open Customer prefill', () => {
  it('prefers the selection, then the UUID under the cursor, then the clipboard', async () => {
    assert.equal(
      await prefillCustomerId(
        { selection: ` ${A.toUpperCase()} `, line: `x ${B}`, cursor: 4, readClipboard: clipboard(B).read },
        DESKTOP,
      ),
      A,
    );
    assert.equal(
      await prefillCustomerId(
        { selection: 'not an id', line: `x ${B}`, cursor: 4, readClipboard: clipboard(A).read },
        DESKTOP,
      ),
      B,
    );
    assert.equal(
      await prefillCustomerId({ line: 'nothing here', cursor: 3, readClipboard: clipboard(A).read }, DESKTOP),
      A,
    );
  });

  it('reads the clipboard only when the editor gave no ID', async () => {
    const board = clipboard(B);
    assert.equal(await prefillCustomerId({ selection: A, readClipboard: board.read }, DESKTOP), A);
    assert.equal(await prefillCustomerId({ line: `x ${A}`, cursor: 4, readClipboard: board.read }, DESKTOP), A);
    assert.equal(board.reads(), 0);
  });

  it('never reads the clipboard when it may not (a browser-hosted VS Code)', async () => {
    const board = clipboard(A);
    assert.equal(
      await prefillCustomerId({ line: 'nothing here', cursor: 3, readClipboard: board.read }, WEB),
      undefined,
    );
    assert.equal(await prefillCustomerId({}, WEB), undefined);
    assert.equal(board.reads(), 0, 'the clipboard was read');
    // The editor still prefills there.
    assert.equal(await prefillCustomerId({ selection: A, readClipboard: board.read }, WEB), A);
    assert.equal(await prefillCustomerId({ line: `x ${B}`, cursor: 4, readClipboard: board.read }, WEB), B);
    assert.equal(board.reads(), 0);
  });

  it('proposes nothing when the clipboard fails or stalls', async () => {
    assert.equal(
      await prefillCustomerId({ readClipboard: () => Promise.reject(new Error('denied')) }, DESKTOP),
      undefined,
    );
    assert.equal(
      await prefillCustomerId(
        {
          readClipboard: () => {
            throw new Error('sync failure');
          },
        },
        DESKTOP,
      ),
      undefined,
    );
    const started = Date.now();
    assert.equal(
      await prefillCustomerId(
        { readClipboard: () => new Promise<string>(() => undefined) },
        { mayReadClipboard: true, clipboardTimeoutMs: 20 },
      ),
      undefined,
    );
    assert.ok(Date.now() - started < 1000, 'a stalled clipboard held the prefill up');
  });

  it('proposes nothing that is not an ID', async () => {
    assert.equal(
      await prefillCustomerId(
        { selection: '../auth/test', line: 'x', cursor: 0, readClipboard: clipboard('hello').read },
        DESKTOP,
      ),
      undefined,
    );
    assert.equal(
      await prefillCustomerId({ readClipboard: clipboard(`${A}${'x'.repeat(10_000)}`).read }, DESKTOP),
      undefined,
    );
    assert.equal(await prefillCustomerId({ readClipboard: clipboard(undefined).read }, DESKTOP), undefined);
  });

  it('validates as you type with a clear message', () => {
    assert.equal(validateCustomerIdInput(A), undefined);
    assert.match(validateCustomerIdInput('') ?? '', /Enter a customer ID/);
    assert.match(validateCustomerIdInput('x'.repeat(10_000)) ?? '', /too long/);
    assert.match(validateCustomerIdInput('abc') ?? '', /looks like/);
  });
});
