import * as vscode from 'vscode';
import { InvalidIdError, toRotorError } from '../api/errors';
import { prefillCustomerId, validateCustomerIdInput } from './model/prefill';
import { normalizeCustomerId } from '../api/customerId';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { withCancellableProgress } from '../common/progress';
import { guarded, showRotorError } from '../common/showError';
import { COMMANDS } from '../common/model/commandIds';

async function currentPrefill(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
  const cursor = editor?.selection.active;
  const line = cursor && editor ? editor.document.lineAt(cursor.line).text : undefined;
  return prefillCustomerId(
    { selection, line, cursor: cursor?.character, readClipboard: () => vscode.env.clipboard.readText() },
    // In a browser, reading the clipboard asks for permission and the workbench shows the
    // refusal as an error notification of its own, even when the call is caught (issue #22).
    { mayReadClipboard: vscode.env.uiKind !== vscode.UIKind.Web },
  );
}

/**
 * "Rotor: Open Customer": ask for an ID (prefilled from the editor, or on desktop the clipboard), fetch it with
 * cancellable progress, and show it in its panel. Also takes the ID as an argument (links, tree).
 */
export function registerOpenCustomer(services: Services, panels: CustomerPanels): void {
  const open = guarded(async (arg?: unknown) => {
    let id = typeof arg === 'string' ? normalizeCustomerId(arg) : undefined;
    if (typeof arg === 'string' && !id) {
      await showRotorError(new InvalidIdError());
      return;
    }
    if (!id) {
      const value = await vscode.window.showInputBox({
        title: 'Rotor: Open Customer',
        prompt: 'Customer ID (UUID)',
        placeHolder: '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
        value: await currentPrefill(),
        ignoreFocusOut: true,
        validateInput: validateCustomerIdInput,
      });
      if (value === undefined) return;
      id = normalizeCustomerId(value);
      if (!id) return;
    }
    const customerId = id;
    // The connection active now: a switch while the lookup runs must not put its answer in another's panel.
    const connection = services.connections.active;
    const { lookup } = connection;
    // A fresh answer in the cache needs no request, so no progress notification either (the
    // workbench would lay one out while the panel opens), and the panel is created before any
    // await (BENCHMARKS.md, "Panel from a hover").
    const cached = lookup.fresh(customerId, { remember: true });
    if (cached) {
      panels.show(customerId, { kind: 'result', result: cached }, connection);
      return;
    }
    try {
      const result = await withCancellableProgress(`Looking up customer ${customerId.slice(0, 8)}…`, (signal) =>
        lookup.lookup(customerId, { signal, priority: 'user', remember: true }),
      );
      panels.show(customerId, { kind: 'result', result }, connection);
    } catch (e) {
      const error = toRotorError(e);
      if (error.code === 'Cancelled') return;
      // The panel shows the error with its next step (set key, retry, …).
      panels.show(customerId, { kind: 'error', error }, connection);
    }
  });
  services.context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.openCustomer, open));
}
