import * as vscode from 'vscode';
import { ApiKeyMissingError, type RotorError, toRotorError } from '../api/errors';
import { copyToClipboard } from '../common/clipboard';
import { ERROR_STEPS } from '../common/model/errorSteps';
import { withCancellableProgress } from '../common/progress';
import { displayName } from '../common/model/text';
import { normalizeCustomerId } from '../api/customerId';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { guarded, runCommandStep, showRotorError } from '../common/showError';
import { openFromCache } from './openFromCache';
import { lookUpEach } from '../batch/model/lookUpEach';
import { planRefreshAll, type RefreshOutcome, summarizeRefresh } from './model/refreshPlan';
import { RecentCustomerItem, type RecentTreeNode } from './recentTreeItems';
import { COMMANDS, RECENT_VIEW_ID } from '../common/model/commandIds';
import { ticketNote } from '../privacy/model/ticketNote';
import { isForgotten, recentKey } from './model/recentCustomers';
import { connectionKey, parseConnectionKey } from '../connections/model/connections';
import { type CustomerLookup } from '../lookup/customerLookup';

const REFRESH_CONCURRENCY = 3;

/**
 * The Recent Customers commands. Item commands take the tree item (context menu, inline
 * button), `<connection id>:<customer id>` (click: the row's connection, Default's included),
 * a bare customer ID of the active connection (tests), or nothing (the view's selection). Each
 * acts through the entry's own connection.
 */
export function registerRecentCommands(
  services: Services,
  panels: CustomerPanels,
  view: vscode.TreeView<RecentTreeNode>,
): vscode.Disposable[] {
  const { recent } = services;

  /** The entry's key in the recent list. */
  const target = (arg: unknown): string | undefined => {
    if (arg instanceof RecentCustomerItem) return arg.key;
    if (typeof arg === 'string') {
      const { connectionId, customerId } = parseConnectionKey(arg);
      const id = normalizeCustomerId(customerId);
      if (!id) return undefined;
      return connectionKey(arg.includes(':') ? connectionId : services.connections.active.record.id, id);
    }
    for (const node of view.selection) if (node instanceof RecentCustomerItem) return node.key;
    return undefined;
  };
  const nameOf = (key: string): string => {
    const entry = recent.get(key);
    return entry ? displayName(entry.customer, 60) : `Customer ${parseConnectionKey(key).customerId.slice(0, 8)}`;
  };

  const open = guarded(async (arg?: unknown) => {
    const id = target(arg);
    if (!id) return;
    if (!openFromCache(services, panels, id)) {
      void vscode.window.showInformationMessage(
        'That customer is no longer in Recent Customers. Use "Rotor: Open Customer" to look it up.',
      );
    }
  });

  const refresh = guarded(async (arg?: unknown) => {
    const id = target(arg);
    if (!id) return;
    const { connectionId, customerId } = parseConnectionKey(id);
    const connection = services.connections.get(connectionId);
    if (!connection) return;
    const result = await vscode.window.withProgress(
      { location: { viewId: RECENT_VIEW_ID }, title: `Refreshing ${nameOf(id)}` },
      () => connection.lookup.lookup(customerId, { refresh: true, priority: 'user' }),
    );
    if (result.kind === 'notFound') {
      // Not awaited: the command is done; the button may be clicked much later (or never).
      void vscode.window
        .showWarningMessage(`${nameOf(id)} no longer exists in Rotor.`, 'Remove from Recent')
        .then((choice) => {
          if (choice === 'Remove from Recent') recent.remove(id);
        });
    } else if (result.stale) {
      // Rotor could not be asked; the list keeps the last-known data.
      await showRotorError(result.stale);
    }
  });

  const copyId = guarded(async (arg?: unknown) => {
    const id = target(arg);
    if (!id) return;
    await copyToClipboard(parseConnectionKey(id).customerId, 'customer ID');
  });

  const copyEmail = guarded(async (arg?: unknown) => {
    const id = target(arg);
    if (!id) return;
    const email = recent.get(id)?.customer.email?.trim();
    if (!email) {
      void vscode.window.showInformationMessage(`${nameOf(id)} has no email address on file.`);
      return;
    }
    if (!(await services.privacy.confirmUnmaskedCopy('email address'))) return;
    await copyToClipboard(email, 'email address');
  });

  const copyTicketNote = guarded(async (arg?: unknown) => {
    const id = target(arg);
    const entry = id ? recent.get(id) : undefined;
    if (!entry) return;
    if (isForgotten(entry)) {
      void vscode.window.showInformationMessage('Nothing is known about this customer until it is looked up again.');
      return;
    }
    await copyToClipboard(ticketNote(entry.customer, services.privacy.mode), 'ticket note');
  });

  const setPinned = (pinned: boolean) =>
    guarded(async (arg?: unknown) => {
      const id = target(arg);
      if (id) recent.setPinned(id, pinned);
    });

  const remove = guarded(async (arg?: unknown) => {
    const id = target(arg);
    if (id) recent.remove(id);
  });

  const clear = guarded(async () => {
    const entries = recent.list();
    if (!entries.length) return;
    const pinned = entries.filter((e) => e.pinned).length;
    const clearAll = 'Clear All';
    const keepPinned = 'Clear Unpinned';
    const message = pinned
      ? `Clear ${entries.length} recent customers? ${pinned} of them ${pinned === 1 ? 'is' : 'are'} pinned.`
      : `Clear ${entries.length === 1 ? 'the recent customer' : `all ${entries.length} recent customers`}?`;
    const choice = await vscode.window.showWarningMessage(
      message,
      { modal: true, detail: 'They are forgotten on this machine only; nothing changes in Rotor.' },
      ...(pinned ? [keepPinned, clearAll] : [clearAll]),
    );
    if (choice === clearAll) recent.clear();
    else if (choice === keepPinned) for (const e of entries) if (!e.pinned) recent.remove(recentKey(e));
  });

  // Only the active connection's customers: the others would spend their own quotas unasked.
  const refreshAll = guarded(async () => {
    const connection = services.connections.active;
    const ids = recent
      .list()
      .filter((e) => e.connectionId === connection.record.id)
      .map((e) => e.customer.id);
    if (!ids.length) return;
    const key = await connection.apiKey.get();
    if (!key) {
      await showRotorError(new ApiKeyMissingError());
      return;
    }
    const plan = planRefreshAll(ids.length, connection.quota.snapshot(key), services.settings.quota.hoverReserve);
    if (plan.kind === 'refuse') {
      void vscode.window.showWarningMessage(plan.message);
      return;
    }
    if (plan.kind === 'confirm') {
      const choice = await vscode.window.showWarningMessage(plan.message, { modal: true }, 'Refresh All');
      if (choice !== 'Refresh All') return;
    }
    const { outcomes, cancelled } = await withCancellableProgress(
      'Refreshing recent customers',
      async (signal, progress) => {
        const outcomes = await lookUpEach(
          ids,
          (id, idSignal) => refreshOutcome(services, connection.lookup, id, idSignal),
          {
            concurrency: REFRESH_CONCURRENCY,
            signal,
            onSettled: (settled, total) =>
              progress.report({ increment: 100 / total, message: `${settled} of ${total}` }),
          },
        );
        return { outcomes, cancelled: signal.aborted };
      },
    );
    const summary = summarizeRefresh(cancelled ? outcomes.filter((o) => o.kind !== 'skipped') : outcomes);
    if (!summary.problem) {
      vscode.window.setStatusBarMessage(
        `$(check) ${cancelled ? 'Stopped after refreshing' : 'Refreshed'} ${summary.refreshed} recent customers`,
        4000,
      );
      return;
    }
    const removeMissing = 'Remove Missing';
    const showLog = 'Show Log';
    const notFound = summary.notFound;
    void vscode.window
      .showWarningMessage(summary.problem, ...(notFound.length ? [removeMissing] : []), showLog)
      .then((choice) => {
        if (choice === removeMissing) for (const id of notFound) recent.remove(connectionKey(connection.record.id, id));
        else if (choice === showLog) void runCommandStep('showLog');
      });
  });

  return [
    vscode.commands.registerCommand(COMMANDS.recentOpen, open),
    vscode.commands.registerCommand(COMMANDS.recentRefresh, refresh),
    vscode.commands.registerCommand(COMMANDS.recentCopyId, copyId),
    vscode.commands.registerCommand(COMMANDS.recentCopyEmail, copyEmail),
    vscode.commands.registerCommand(COMMANDS.recentCopyTicketNote, copyTicketNote),
    vscode.commands.registerCommand(COMMANDS.recentPin, setPinned(true)),
    vscode.commands.registerCommand(COMMANDS.recentUnpin, setPinned(false)),
    vscode.commands.registerCommand(COMMANDS.recentRemove, remove),
    vscode.commands.registerCommand(COMMANDS.recentClear, clear),
    vscode.commands.registerCommand(COMMANDS.recentRefreshAll, refreshAll),
  ];
}

/** One refresh of Refresh All, as an outcome (never throws); failures are logged with their ID. */
async function refreshOutcome(
  services: Services,
  lookup: CustomerLookup,
  id: string,
  signal: AbortSignal | undefined,
): Promise<RefreshOutcome> {
  const failed = (error: RotorError): RefreshOutcome => {
    services.log.warn(`Refresh of recent customer ${id} failed: ${error.message}`);
    return { kind: 'failed', message: error.message, fatal: ERROR_STEPS[error.code].failsEveryRequest };
  };
  try {
    const result = await lookup.lookup(id, { refresh: true, priority: 'user', ...(signal ? { signal } : {}) });
    if (result.kind === 'notFound') return { kind: 'notFound', id };
    return result.stale ? failed(result.stale) : { kind: 'refreshed' };
  } catch (e) {
    const error = toRotorError(e);
    return error.code === 'Cancelled' ? { kind: 'skipped' } : failed(error);
  }
}
