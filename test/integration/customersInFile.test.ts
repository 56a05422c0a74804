import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type LookUpAllResult } from '../../src/fileCustomers/customersInFileCommands';
import { JANE_DOE_ID, NON_CUSTOMER_ID, seededUuid } from '../sandbox/demoData';
import { closeAllEditors, freshState, openText, sandbox, testKey } from './support';

const OTHERS = Array.from({ length: 10 }, (_, i) => seededUuid(i + 1));

async function lookUpAll(): Promise<LookUpAllResult> {
  const result = await vscode.commands.executeCommand<LookUpAllResult | undefined>('rotor.lookUpAllCustomersInFile');
  assert.ok(result, 'Look Up All ran');
  return result;
}

describe('Customers in File (real extension host, sandbox)', () => {
  afterEach(closeAllEditors);

  it('lists the distinct IDs of the active file in order, with counts, and sends no request', async () => {
    const api = await freshState();
    await openText(`a ${JANE_DOE_ID} b ${NON_CUSTOMER_ID}\nc ${JANE_DOE_ID.toUpperCase()} d ${OTHERS[0]}\n`);
    await vscode.commands.executeCommand('rotor.showCustomersInFile');
    const scope = api.customersInFile.scope;
    assert.ok(scope);
    assert.deepEqual(
      scope.listing.ids.map((e) => [e.id, e.offsets.length]),
      [
        [JANE_DOE_ID, 2],
        [NON_CUSTOMER_ID, 1],
        [OTHERS[0], 1],
      ],
    );
    assert.equal(api.customersInFile.status(JANE_DOE_ID).kind, 'unknown');
    assert.equal((await sandbox().stats()).total, 0, 'reading the file costs no request');
  });

  it('lists only the selection when there is one', async () => {
    const api = await freshState();
    const document = await openText(`${JANE_DOE_ID}\n${OTHERS[0]}\n${OTHERS[1]}\n`);
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(document.lineAt(1).range.start, document.lineAt(1).range.end);
    await vscode.commands.executeCommand('rotor.showCustomersInFile');
    assert.deepEqual(
      api.customersInFile.scope?.listing.ids.map((e) => e.id),
      [OTHERS[0]],
    );
    assert.ok(api.customersInFile.scope?.selection);
  });

  it('Look Up All sends one request per distinct ID not known yet, and nothing the second time', async () => {
    const api = await freshState();
    await api.services.lookup.lookup(JANE_DOE_ID); // known before
    await sandbox().reset();
    await openText(
      `${JANE_DOE_ID} ${OTHERS[0]} ${OTHERS[0].toUpperCase()} ${NON_CUSTOMER_ID} ${OTHERS[1]} ${OTHERS[0]}\n`,
    );
    const first = await lookUpAll();
    assert.equal(first.plan.kind, 'go');
    assert.equal(first.plan.summary, '4 IDs: 1 known, 3 to look up; 999 requests left today');
    const stats = await sandbox().stats();
    assert.equal(stats.total, 3);
    assert.deepEqual(stats.byCustomerId, { [OTHERS[0]!]: 1, [NON_CUSTOMER_ID]: 1, [OTHERS[1]!]: 1 });
    assert.equal(api.customersInFile.status(OTHERS[0]!).kind, 'customer');
    assert.equal(api.customersInFile.status(NON_CUSTOMER_ID).kind, 'notFound');
    assert.equal(api.services.recent.get(OTHERS[0]!), undefined, 'a batch does not fill Recent Customers');

    const second = await lookUpAll();
    assert.equal(second.plan.kind, 'nothing');
    assert.equal((await sandbox().stats()).total, 3);
  });

  it('stops at a 429 mid-way and says how many were done', async () => {
    await freshState();
    await sandbox().setQuotaUsed(testKey(), 998); // Rotor allows two more today
    await openText(OTHERS.join('\n'));
    const result = await lookUpAll();
    assert.equal(result.sent, 10);
    const kinds = result.outcomes.map((o) => o.kind);
    assert.equal(kinds.filter((k) => k === 'customer').length, 2, kinds.join());
    assert.ok(kinds.includes('skipped'), 'the rest is not sent after the 429');
    assert.match(result.message ?? '', /^Looked up 2 of 10: .* failed: .*quota/i);
    assert.ok((await sandbox().stats()).total <= 2 + 4, 'at most the requests already under way when the 429 came');
  });

  it('shows single-ID failures on their rows, and a later success clears them', async () => {
    const api = await freshState();
    await sandbox().setFault({ kind: 'status', status: 500, route: 'customer', times: 2 });
    await openText(`${OTHERS[2]} ${OTHERS[3]}`);
    const result = await lookUpAll();
    assert.deepEqual(
      result.outcomes.map((o) => o.kind),
      ['failed', 'failed'],
    );
    const status = api.customersInFile.status(OTHERS[2]!);
    assert.equal(status.kind, 'failed');
    assert.match(status.kind === 'failed' ? status.message : '', /Rotor/);
    await lookUpAll();
    assert.equal(api.customersInFile.status(OTHERS[2]!).kind, 'customer');
  });

  it('exports every ID with what is known, without a request', async () => {
    const api = await freshState();
    await api.services.lookup.lookup(JANE_DOE_ID);
    await api.services.lookup.lookup(NON_CUSTOMER_ID).catch(() => undefined);
    await sandbox().reset();
    await openText(`${JANE_DOE_ID} ${NON_CUSTOMER_ID} ${OTHERS[4]} ${JANE_DOE_ID}`);
    await vscode.commands.executeCommand('rotor.exportCustomersInFile', { format: 'csv', to: 'editor' });
    const csv = vscode.window.activeTextEditor?.document.getText() ?? '';
    const lines = csv.split('\r\n');
    assert.equal(
      lines[0],
      'ID,Name,Company,Status,Email,Phone,City,Auto-pay,Payment method,Occurrences,State,Connection',
    );
    assert.ok(
      lines[1]?.startsWith(
        `${JANE_DOE_ID},Jane Doe,Acme Roofing,active,jane.doe@acmeroofing.example,'+1 303-555-0142,"Denver, CO",`,
      ),
      lines[1],
    );
    assert.ok(lines[1]?.endsWith(',2,customer,Default'), lines[1]);
    assert.equal(lines[2], `${NON_CUSTOMER_ID},,,,,,,,,1,not a customer,Default`);
    assert.equal(lines[3], `${OTHERS[4]},,,,,,,,,1,not looked up,Default`);
    assert.equal((await sandbox().stats()).total, 0);

    // An export is an untitled editor: revert before closing, or VS Code asks whether to save it.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('rotor.exportCustomersInFile', { format: 'json', to: 'editor' });
    const json = JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '[]') as {
      id: string;
      state: string;
    }[];
    assert.deepEqual(
      json.map((r) => r.state),
      ['customer', 'not a customer', 'not looked up'],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
