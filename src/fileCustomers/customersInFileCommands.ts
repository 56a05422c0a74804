import * as vscode from 'vscode';
import { ApiKeyMissingError } from '../api/errors';
import { lookUpBatch, planBatch } from '../batch/model/batchLookup';
import { nextOccurrence } from '../batch/model/customerIdsInText';
import { exportRow, type ExportFormat, formatRows } from '../batch/model/exportFormats';
import { type LookupPlan } from '../batch/model/lookupPlan';
import { type BatchOutcome, summarizeBatch } from '../batch/model/lookUpEach';
import { copyToClipboard } from '../common/clipboard';
import { COMMANDS, CUSTOMERS_IN_FILE_VIEW_ID } from '../common/model/commandIds';
import { withCancellableProgress } from '../common/progress';
import { guarded, showRotorError } from '../common/showError';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { type CustomersInFile, type FileScope } from './customersInFile';
import { documentName, rowCustomerId } from './customersInFileView';

/** What Look Up All did, for the notification and for tests. */
export interface LookUpAllResult {
  readonly plan: LookupPlan;
  readonly sent: number;
  readonly outcomes: readonly BatchOutcome[];
  readonly message?: string;
}

export function registerCustomersInFileCommands(
  services: Services,
  model: CustomersInFile,
  panels: CustomerPanels,
): vscode.Disposable[] {
  /** The listing of the active editor, or a message when there is none. */
  const currentScope = (): FileScope | undefined => {
    const scope = model.refresh();
    if (!scope)
      void vscode.window.showInformationMessage('Open a file, log or output that contains customer IDs first.');
    else if (scope.listing.ids.length === 0)
      void vscode.window.showInformationMessage(
        `There are no customer IDs in ${scope.selection ? 'the selection' : documentName(scope.document)}.`,
      );
    return scope && scope.listing.ids.length > 0 ? scope : undefined;
  };

  const show = guarded(async () => {
    await vscode.commands.executeCommand(`${CUSTOMERS_IN_FILE_VIEW_ID}.focus`);
    model.refresh();
  });

  const revealNext = guarded(async (arg?: unknown) => {
    const id = rowCustomerId(arg);
    const scope = model.scope;
    const entry = id ? scope?.listing.ids.find((e) => e.id === id) : undefined;
    if (!scope || !entry) return;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === scope.document);
    const editor = visible ?? (await vscode.window.showTextDocument(scope.document, { preserveFocus: false }));
    const offset = nextOccurrence(
      entry.offsets,
      scope.document.offsetAt(editor.selection.active) - (editor.selection.isEmpty ? 1 : 0),
    );
    if (offset === undefined) return;
    const range = new vscode.Range(scope.document.positionAt(offset), scope.document.positionAt(offset + 36));
    // Selecting the ID would make the view list only the selection: place the cursor after it instead.
    editor.selection = new vscode.Selection(range.end, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  });

  const open = guarded(async (arg?: unknown) => {
    const id = rowCustomerId(arg);
    if (id) panels.show(id);
  });

  const lookUpAll = guarded(async (): Promise<LookUpAllResult | undefined> => {
    const scope = currentScope();
    if (!scope) return undefined;
    // The connection active now answers the whole batch and pays for it, even if the user switches meanwhile.
    const connection = services.connections.active;
    const key = await connection.apiKey.get();
    if (!key) {
      await showRotorError(new ApiKeyMissingError());
      return undefined;
    }
    const { toLookUp, plan } = planBatch({
      ids: scope.listing.ids.map((e) => e.id),
      status: (id) => model.status(id),
      quota: connection.quota.snapshot(key),
      reserve: services.settings.quota.hoverReserve,
    });
    let count: number;
    if (plan.kind === 'nothing') {
      void vscode.window.showInformationMessage(`${plan.summary}: nothing to send.`);
      return { plan, sent: 0, outcomes: [] };
    }
    if (plan.kind === 'refuse') {
      void vscode.window.showWarningMessage(plan.message);
      return { plan, sent: 0, outcomes: [] };
    }
    if (plan.kind === 'confirm') {
      const choice = await vscode.window.showWarningMessage(
        plan.message,
        { modal: true },
        ...plan.choices.map((c) => c.label),
      );
      count = plan.choices.find((c) => c.label === choice)?.count ?? 0;
      if (count === 0) return { plan, sent: 0, outcomes: [] };
    } else {
      count = plan.count;
    }
    const batch = toLookUp.slice(0, count);
    let cancelled = false;
    const outcomes = await withCancellableProgress('Looking up customers', (signal, progress) => {
      signal.addEventListener('abort', () => (cancelled = true));
      progress.report({ message: `0/${batch.length}` });
      return lookUpBatch(batch, (id, options) => connection.lookup.lookup(id, options), {
        signal,
        onSettled: (settled, total) => progress.report({ increment: 100 / total, message: `${settled}/${total}` }),
        onFailure: (id, message) => model.recordFailure(id, message, connection.record.id),
      });
    });
    const summary = summarizeBatch(outcomes, cancelled);
    if (summary.problem) {
      void vscode.window
        .showWarningMessage(summary.message, 'Show Log')
        .then((choice) => choice && vscode.commands.executeCommand(COMMANDS.showLog));
    } else {
      vscode.window.setStatusBarMessage(`$(check) ${summary.message}`, 5000);
    }
    return { plan, sent: batch.length, outcomes, message: summary.message };
  });

  const exportCustomers = guarded(async (arg?: unknown) => {
    const scope = currentScope();
    if (!scope) return;
    const requested =
      typeof arg === 'object' && arg !== null ? (arg as { format?: ExportFormat; to?: 'editor' | 'clipboard' }) : {};
    const choice =
      requested.format && requested.to ? { format: requested.format, to: requested.to } : await pickExport();
    if (!choice) return;
    const title = `Customers in ${scope.selection ? 'the selection of ' : ''}${documentName(scope.document)}`;
    // Masked by screen-share mode before the rows are written, as on every other surface.
    const connection = services.connections.active.record.name;
    const rows = scope.listing.ids.map((e) =>
      exportRow(e.id, e.offsets.length, services.privacy.maskKnown(model.status(e.id)), connection),
    );
    const text = formatRows(choice.format, rows, title);
    if (choice.to === 'clipboard') {
      await copyToClipboard(text, `customers as ${FORMAT_NAMES[choice.format]}`);
      return;
    }
    const document = await vscode.workspace.openTextDocument({
      content: text,
      language: choice.format === 'markdown' ? 'markdown' : choice.format === 'json' ? 'json' : 'plaintext',
    });
    await vscode.window.showTextDocument(document, { preview: false });
  });

  return [
    vscode.commands.registerCommand(COMMANDS.showCustomersInFile, show),
    vscode.commands.registerCommand(COMMANDS.lookUpAllCustomersInFile, lookUpAll),
    vscode.commands.registerCommand(COMMANDS.exportCustomersInFile, exportCustomers),
    vscode.commands.registerCommand(COMMANDS.customersInFileRevealNext, revealNext),
    vscode.commands.registerCommand(COMMANDS.customersInFileOpen, open),
  ];
}

const FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = { markdown: 'a Markdown table', csv: 'CSV', json: 'JSON' };

async function pickExport(): Promise<{ format: ExportFormat; to: 'editor' | 'clipboard' } | undefined> {
  type Item = vscode.QuickPickItem & { format?: ExportFormat; to?: 'editor' | 'clipboard' };
  const items: Item[] = [
    { label: 'Open in an editor', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(markdown) Markdown table', format: 'markdown', to: 'editor' },
    { label: '$(table) CSV', description: 'RFC 4180; formula-like values made inert', format: 'csv', to: 'editor' },
    { label: '$(json) JSON', format: 'json', to: 'editor' },
    { label: 'Copy to the clipboard', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(copy) Markdown table', format: 'markdown', to: 'clipboard' },
    { label: '$(copy) CSV', format: 'csv', to: 'clipboard' },
    { label: '$(copy) JSON', format: 'json', to: 'clipboard' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Rotor: Export Customers in File',
    placeHolder: 'Export sends no request: it lists what is known now',
  });
  return picked?.format && picked.to ? { format: picked.format, to: picked.to } : undefined;
}
