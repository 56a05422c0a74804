import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { JANE_DOE_ID } from '../sandbox/demoData';
import { closeAllEditors, EXTENSION_ID, freshState, hoverTexts, openText, positionOf, sandbox } from './support';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The shell's API before anything touched it: `featuresLoaded` reads a flag and loads nothing. */
interface ShellApi {
  readonly featuresLoaded?: boolean;
}

// The first file of the suite (files run in name order): no test has used the features yet.
describe('Activation shell: features load in idle time (real extension host)', () => {
  afterEach(async () => {
    await sandbox().reset();
    await closeAllEditors();
  });

  it('loads the features shortly after activation without being used, and the first hover still sends one request', async () => {
    const extension = vscode.extensions.getExtension<ShellApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    // Only the flag is read here: any other property of the API would load the features itself.
    const deadline = Date.now() + 15_000;
    while (extension.exports.featuresLoaded !== true && Date.now() < deadline) await sleep(100);
    assert.equal(extension.exports.featuresLoaded, true, 'the shell loaded the features by itself');

    await freshState();
    const doc = await openText(`2026-11-26 INFO charge ok customer=${JANE_DOE_ID}\n`);
    const first = (await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n');
    assert.match(first, /Jane Doe/);
    assert.equal((await sandbox().stats()).byRoute.customer, 1, 'the first hover sent one request');
    const second = (await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n');
    assert.match(second, /Jane Doe/);
    assert.equal((await sandbox().stats()).byRoute.customer, 1, 'the second hover came from the cache');
  });
});
