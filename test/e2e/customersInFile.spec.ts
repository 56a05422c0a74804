import * as assert from 'node:assert/strict';
import { poll } from '../fixtures/wait';
import { JANE_DOE_ID, NON_CUSTOMER_ID, seededUuid } from '../sandbox/demoData';
import { type SandboxStats } from '../sandbox/server';
import { ACTIVE_TAB, activeEditorText, cursorPosition, sandbox, useWorkbench, waitForQuickInputTitle } from './support';

/*
 * Customers in File through the workbench: the view lists a log's IDs without a request, Look Up
 * All fills the rows in, a click walks through an ID's occurrences, and Export opens the list in
 * a new editor. The notification guard of useWorkbench runs after each step.
 */

const VIEW = 'Customers in File';
const LOG_FILE = 'incident.log';
const OLIVIA = seededUuid(1);
const LIAM = seededUuid(2);
const LOG = [
  `09:12:03 ERROR payment failed for customer ${JANE_DOE_ID} (card declined)`,
  `09:12:04 WARN  retry scheduled job=${NON_CUSTOMER_ID}`,
  `09:12:05 ERROR payment failed for customer ${OLIVIA}`,
  `09:12:09 ERROR payment failed for customer ${JANE_DOE_ID.toUpperCase()} (retry 1)`,
  `09:12:11 INFO  refund issued to ${LIAM}`,
  '',
].join('\n');

async function sandboxStats(): Promise<SandboxStats> {
  return ((await (await sandbox.control('stats')).json()) as { data: SandboxStats }).data;
}

describe('Customers in File (workbench)', () => {
  const workbench = useWorkbench({ files: { [LOG_FILE]: LOG } });

  before(async () => {
    await sandbox.control('reset', { method: 'POST' });
  });

  it('sets the API key', async () => {
    await workbench().setApiKey(sandbox.demoKey());
  });

  it('lists every distinct ID of the log once, in order, with counts, without a request', async () => {
    await sandbox.control('reset', { method: 'POST' });
    await workbench().openFile(LOG_FILE);
    await workbench().runCommand('Rotor: Show Customers in File');
    const rows = await poll(
      () => workbench().treeRows(VIEW),
      (r) => r.length === 4,
    );
    assert.deepEqual(
      rows.map((r) => r.label),
      [JANE_DOE_ID, NON_CUSTOMER_ID, OLIVIA, LIAM],
    );
    assert.equal(rows[0]!.description, 'not looked up · 2×');
    assert.equal((await sandboxStats()).total, 0);
  });

  it('Look Up All fills the rows in, one request per ID, and groups the non-customer', async () => {
    await workbench().runCommand('Rotor: Look Up All Customers in File');
    const rows = await poll(
      () => workbench().treeRows(VIEW),
      (r) => r.some((row) => row.label === 'Jane Doe') && r.some((row) => row.label.startsWith('Not customers')),
      20_000,
    );
    assert.deepEqual(
      rows.map((r) => r.label),
      ['Jane Doe', 'Olivia Smith', "Liam O'Brien", 'Not customers (1)'],
    );
    assert.match(rows[0]!.description, /^Acme Roofing · active · 2×$/);
    const stats = await sandboxStats();
    assert.equal(stats.total, 4);
    assert.deepEqual(Object.values(stats.byCustomerId).sort(), [1, 1, 1, 1]);
    await workbench().screenshot('customers-in-file');
  });

  it('a click on a row goes to the next occurrence of its ID, and the next again', async () => {
    const { page } = workbench();
    const row = page.locator('.pane-body .monaco-list-row', { hasText: 'Jane Doe' }).first();
    await row.click();
    const first = await poll(
      () => cursorPosition(page),
      (p) => p.startsWith('Ln 1,'),
    );
    assert.match(first, /^Ln 1,/);
    await row.click();
    assert.match(
      await poll(
        () => cursorPosition(page),
        (p) => p.startsWith('Ln 4,'),
      ),
      /^Ln 4,/,
    );
  });

  it('Export opens the list as CSV in a new editor, without a request', async () => {
    await sandbox.control('reset', { method: 'POST' });
    await workbench().runCommand('Rotor: Export Customers in File', { leaveOpen: true });
    await waitForQuickInputTitle(workbench().page, 'Rotor: Export Customers in File');
    await workbench().answerQuickInput('CSV');
    await workbench().page.locator(ACTIVE_TAB, { hasText: 'Untitled' }).waitFor({ state: 'visible', timeout: 10_000 });
    // The editor shows our inline names after each known UUID (injected text, not in the document): drop them.
    const text = await poll(
      async () =>
        (await activeEditorText(workbench().page))
          .split('\n')
          .map((line) => line.replace(/^([0-9a-f-]{36})[^,]*,/, '$1,'))
          .join('\n'),
      (t) => t.includes('not a customer'),
    );
    assert.match(text, /^ID,Name,Company,Status,Email,Phone,City,Auto-pay,Payment method,Occurrences,State/);
    assert.ok(text.includes(`${JANE_DOE_ID},Jane Doe,Acme Roofing,active,`), text);
    assert.ok(text.includes(`${NON_CUSTOMER_ID},,,,,,,,,1,not a customer`), text);
    assert.equal((await sandboxStats()).total, 0);
    await workbench().runCommand('View: Revert and Close Editor');
  });
});
