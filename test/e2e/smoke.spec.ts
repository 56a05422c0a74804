import * as assert from 'node:assert/strict';
import { useWorkbench } from './support';

const CUSTOMER_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('Smoke: the workbench with the extension installed', () => {
  const workbench = useWorkbench({
    files: { 'app.log': `2024-01-01 INFO job for customer ${CUSTOMER_ID} started\n` },
  });

  it('lists the Rotor commands in the palette', async () => {
    const entries = await workbench().commandPaletteEntries('Rotor: Set API Key');
    assert.ok(
      entries.some((entry) => entry.startsWith('Rotor: Set API Key')),
      `palette rows: ${JSON.stringify(entries)}`,
    );
  });

  it('opens a .log file with a customer UUID', async () => {
    await workbench().openFile('app.log');
    const line = workbench().page.locator('.monaco-editor .view-line', { hasText: CUSTOMER_ID });
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    await workbench().screenshot('smoke-log-file-open');
  });
});
