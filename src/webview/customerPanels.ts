import * as vscode from 'vscode';
import { type CustomerPanels, type PanelState, type Services } from '../services';

/** Temporary: replaced by the full customer panel. */
export function registerCustomerPanels(services: Services): CustomerPanels {
  return {
    show(id: string, _state?: PanelState) {
      const panel = vscode.window.createWebviewPanel('rotor.customer', id.slice(0, 8), vscode.ViewColumn.Active, {});
      services.context.subscriptions.push(panel);
    },
  };
}
