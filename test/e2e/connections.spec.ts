import * as assert from 'node:assert/strict';
import { JANE_DOE_ID, NON_CUSTOMER_ID } from '../sandbox/demoData';
import { poll } from '../fixtures/wait';
import { pickQuickInputRow, sandbox, submitQuickInputStep, useWorkbench } from './support';

/*
 * Two Rotor accounts in one window, through the palette: add a second connection (name, address,
 * key), see the hover answer from the other company, switch back, and remove it again. The
 * connection registry lives in the profile's globalState, which later specs share: the last
 * test removes the connection, and `after` does so too if a test failed before.
 */

const LOG_FILE = 'jobs.log';
const SECOND = 'Second Plumbing Co';

describe('Connections: a second Rotor account through the palette', () => {
  const workbench = useWorkbench({
    files: {
      [LOG_FILE]: [
        `2024-05-14T09:12:03.514Z INFO customer ${JANE_DOE_ID} booked`,
        `2024-05-14T09:14:40.002Z WARN request ${NON_CUSTOMER_ID} retried`,
        '',
      ].join('\n'),
    },
  });
  /** Whether the palette offers "Rotor: Send Requests Again Today" (only while the active connection is paused). */
  const offersResume = async (): Promise<boolean> =>
    (await workbench().commandPaletteEntries('Rotor: Send Requests Again')).some((e) =>
      e.startsWith('Rotor: Send Requests Again Today'),
    );
  /** What the second company's Rotor has counted for its key today. */
  const setSecondQuotaUsed = (used: number) =>
    sandbox.second.control('quota', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: sandbox.second.demoKey(), used }),
    });
  let added = false;

  /** Remove Connection for SECOND, confirmed in its modal dialog. */
  async function removeSecond(): Promise<void> {
    const { page } = workbench();
    await workbench().runCommand('Rotor: Remove Connection', { leaveOpen: true });
    await pickQuickInputRow(page, 'Rotor: Remove Connection', SECOND);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Remove the Rotor connection "${SECOND}"\\?`));
    await dialog.locator('.monaco-button', { hasText: /^Remove$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    added = false;
  }

  after(async () => {
    if (added) await removeSecond().catch(() => undefined);
  });

  it('adds a second connection with its own address and key, and uses it', async () => {
    const { page } = workbench();
    await workbench().setApiKey(sandbox.demoKey());
    await workbench().runCommand('Rotor: Add Connection', { leaveOpen: true });
    await submitQuickInputStep(page, 'Rotor: Add Connection (1/3)', SECOND);
    await submitQuickInputStep(page, 'Rotor: Add Connection (2/3)', sandbox.second.baseUrl());
    await submitQuickInputStep(page, 'Rotor: Add Connection (3/3)', sandbox.second.demoKey());
    added = true;
    await workbench().notificationText(new RegExp(`API key saved for ${SECOND}`));
    await page.locator('.statusbar', { hasText: `Rotor ${SECOND}` }).waitFor({ state: 'visible', timeout: 10_000 });
    await workbench().screenshot('connections-added');
  });

  it("hovers answer from the active connection: the other company's customer", async () => {
    await workbench().openFile(LOG_FILE);
    const text = await workbench().hoverTextWhenRendered(JANE_DOE_ID, 'Jim Beam');
    assert.match(text, /Second Plumbing/);
    assert.doesNotMatch(text, /Jane Doe/);
    await workbench().dismissHover();
  });

  it('offers "Send Requests Again Today" only once Rotor said the quota of the active connection is used up', async () => {
    const { page } = workbench();
    assert.equal(await offersResume(), false, 'not offered while requests go out');
    // The second connection's key is the one paused: its count goes when the connection is removed.
    await setSecondQuotaUsed(1000);
    try {
      assert.match(await workbench().hoverTextWhenRendered(NON_CUSTOMER_ID, 'quota'), /quota/i);
      await workbench().dismissHover();
      assert.equal(await poll(offersResume, (v) => v, 10_000, 500), true, 'offered once Rotor answered 429');
      await workbench().screenshot('connections-quota-paused');
    } finally {
      await setSecondQuotaUsed(0);
    }
    await workbench().runCommand('Rotor: Send Requests Again Today', { leaveOpen: true });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /daily quota is used up/);
    await dialog.locator('.monaco-button', { hasText: /^Send Again$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(await poll(offersResume, (v) => !v, 10_000, 500), false, 'gone once requests go out again');
  });

  it('Switch Connection goes back to Default, whose customer the hover shows again', async () => {
    const { page } = workbench();
    await workbench().runCommand('Rotor: Switch Connection', { leaveOpen: true });
    await pickQuickInputRow(page, 'Rotor: Switch Connection', 'Default');
    await page.locator('.statusbar', { hasText: 'Rotor Default' }).waitFor({ state: 'visible', timeout: 10_000 });
    const text = await workbench().hoverTextWhenRendered(JANE_DOE_ID, 'Jane Doe');
    assert.doesNotMatch(text, /Jim Beam/);
    await workbench().dismissHover();
  });

  it('Remove Connection asks first, then the status bar no longer names a connection', async () => {
    await removeSecond();
    await workbench()
      .page.locator('.statusbar', { hasText: /Rotor \d+\/\d+/ })
      .waitFor({ state: 'visible', timeout: 10_000 });
    const entries = await workbench().commandPaletteEntries('Rotor: Switch Connection');
    assert.ok(!entries.some((e) => e.startsWith('Rotor: Switch Connection')), 'Switch is gone with one connection');
  });
});
