import * as vscode from 'vscode';
import { waitFor } from '../../fixtures/wait';
import { EXTENSION_ID } from '../support';

/*
 * What the user would see, observed from inside the extension host. The test files get the same
 * `vscode` API object as the extension (both load from the repo, the extension under
 * development), so wrapping `vscode.window.show*Message` here sees every notification the
 * extension raises, and answers it at once as a user dismissing it would (an unanswered
 * notification keeps a command's promise pending for as long as it is on screen).
 */

export type MessageLevel = 'error' | 'warning' | 'information';

export interface ShownMessage {
  readonly level: MessageLevel;
  readonly text: string;
  /** Button labels. */
  readonly items: readonly string[];
  readonly modal: boolean;
}

type Answer = (message: ShownMessage) => string | undefined;

type Window = Record<string, unknown>;

/** Labels of show*Message items, which are strings or `{ title }` objects. */
function itemLabel(item: unknown): string {
  return typeof item === 'string'
    ? item
    : typeof item === 'object' && item !== null && typeof (item as { title?: unknown }).title === 'string'
      ? (item as { title: string }).title
      : String(item);
}

function isMessageOptions(value: unknown): value is vscode.MessageOptions {
  return typeof value === 'object' && value !== null && !('title' in value);
}

export class UiSpy {
  readonly messages: ShownMessage[] = [];
  readonly statusMessages: string[] = [];
  readonly quickPicks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  /** Every text a user could have read (messages, buttons, status bar), for the secret scan. */
  readonly seenTexts: string[] = [];
  /** Chooses a button; undefined dismisses. Reset by clear(). */
  answer: Answer = () => undefined;
  /** Answers for showInputBox, first in first out; undefined (Escape) when empty. */
  readonly inputAnswers: string[] = [];
  private restore: (() => void) | undefined;

  install(): void {
    if (this.restore) return;
    const window = vscode.window as unknown as Window;
    const saved = new Map<string, unknown>();
    const patch = (name: string, replacement: unknown) => {
      saved.set(name, window[name]);
      window[name] = replacement;
    };
    for (const level of ['error', 'warning', 'information'] as const) {
      const name = `show${level[0]!.toUpperCase()}${level.slice(1)}Message`;
      patch(name, (text: string, ...rest: unknown[]) => {
        const options = isMessageOptions(rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
        const items = rest.map(itemLabel);
        const message: ShownMessage = { level, text, items, modal: options?.modal === true };
        this.messages.push(message);
        this.seenTexts.push(text, ...items, options?.detail ?? '');
        const chosen = this.answer(message);
        return Promise.resolve(chosen === undefined ? undefined : rest[items.indexOf(chosen)]);
      });
    }
    const setStatusBarMessage = window.setStatusBarMessage as (text: string, ...rest: unknown[]) => vscode.Disposable;
    patch('setStatusBarMessage', (text: string, ...rest: unknown[]) => {
      this.statusMessages.push(text);
      this.seenTexts.push(text);
      return setStatusBarMessage.call(vscode.window, text, ...rest);
    });
    const createQuickPick = window.createQuickPick as () => vscode.QuickPick<vscode.QuickPickItem>;
    patch('createQuickPick', () => {
      const pick = createQuickPick.call(vscode.window);
      this.quickPicks.push(pick);
      return pick;
    });
    patch('showInputBox', () => Promise.resolve(this.inputAnswers.shift()));
    this.restore = () => {
      for (const [name, original] of saved) window[name] = original;
    };
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** Forgets what was seen in the current step (seenTexts are kept for the secret scan). */
  clear(): void {
    this.messages.length = 0;
    this.statusMessages.length = 0;
    for (const pick of this.quickPicks.splice(0)) pick.hide();
    this.answer = () => undefined;
    this.inputAnswers.length = 0;
  }
}

/** One spy for every hardening file: they run one after another in the same host. */
export const ui = new UiSpy();

export interface Rejection {
  readonly text: string;
  /** The reason's stack mentions this extension's code (its bundles or compiled sources). */
  readonly ours: boolean;
  /** The suite's own deliberate rejection that proves the watch works. */
  readonly selfCheck: boolean;
}

export const SELF_CHECK = 'hardening self-check: an unhandled rejection on purpose';

/**
 * Unhandled promise rejections and uncaught exceptions in the extension host while the suite
 * runs. VS Code's own handler only logs them; this listener keeps them so a cell can assert
 * that none came from the extension.
 */
export class HostFailureWatch {
  readonly seen: Rejection[] = [];
  private readonly ourPaths: string[];
  private listeners: { rejection: (reason: unknown) => void; exception: (error: Error) => void } | undefined;

  constructor() {
    const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '\u0000';
    this.ourPaths = [`${root}/dist/`, `${root}/out/src/`];
  }

  install(): void {
    if (this.listeners) return;
    const counted = new WeakSet<object>();
    const record = (reason: unknown) => {
      // Node may report one reason through both events.
      if (typeof reason === 'object' && reason !== null) {
        if (counted.has(reason)) return;
        counted.add(reason);
      }
      const text =
        reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason);
      this.seen.push({ text, ours: this.ourPaths.some((p) => text.includes(p)), selfCheck: text.includes(SELF_CHECK) });
    };
    this.listeners = { rejection: record, exception: record };
    process.on('unhandledRejection', this.listeners.rejection);
    process.on('uncaughtExceptionMonitor', this.listeners.exception);
  }

  uninstall(): void {
    if (!this.listeners) return;
    process.off('unhandledRejection', this.listeners.rejection);
    process.off('uncaughtExceptionMonitor', this.listeners.exception);
    this.listeners = undefined;
  }

  /** Waits a moment, so a rejection of the step just finished has had its turn to surface. */
  async settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  ours(since = 0): Rejection[] {
    return this.seen.slice(since).filter((r) => r.ours);
  }
}

export const hostFailures = new HostFailureWatch();

/** True while the extension is loaded and active (the host did not crash or deactivate it). */
export function extensionActive(): boolean {
  return vscode.extensions.getExtension(EXTENSION_ID)?.isActive === true;
}

export function customerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('rotor.customer'));
}

export async function closeCustomerPanels(): Promise<void> {
  await vscode.window.tabGroups.close(customerTabs());
}

/** The alert banners of a panel page as plain text: heading, explanation, button labels. */
export function panelAlerts(html: string): { text: string; actions: string[] }[] {
  const alerts: { text: string; actions: string[] }[] = [];
  for (const start of html.matchAll(/<div [^>]*role="alert"[^>]*>/g)) {
    // The banner's own closing tag: count the divs nested in it (its button row is one).
    const tags = /<\/?div\b[^>]*>/g;
    tags.lastIndex = start.index + start[0].length;
    let depth = 1;
    let end = html.length;
    for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
      depth += tag[0].startsWith('</') ? -1 : 1;
      if (depth === 0) {
        end = tag.index;
        break;
      }
    }
    const block = html.slice(start.index + start[0].length, end);
    const actions = [...block.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((b) => plainText(b[1] ?? ''));
    alerts.push({ text: plainText(block.replace(/<button[^>]*>[\s\S]*?<\/button>/g, ' ')), actions });
  }
  return alerts;
}

/** Markup to the text a reader sees (tags dropped, the few entities we emit decoded). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `[label](target)` links of markdown; escaped brackets are text. */
export function hoverLinks(markdown: string): { label: string; target: string }[] {
  return [...markdown.matchAll(/(?<!\\)\[([^\]]*)\]\(([^ )]+)/g)].map((m) => ({ label: m[1]!, target: m[2]! }));
}

/** A Find Customer row: a customer, an action (`run`) or a message. */
export type FindRow = vscode.QuickPickItem & { readonly run?: unknown; readonly customer?: unknown };

/** Runs Find Customer with `query` and returns the picker's rows once the search settled. */
export async function findRows(query: string): Promise<FindRow[]> {
  const before = ui.quickPicks.length;
  await vscode.commands.executeCommand('rotor.findCustomer', query);
  const pick = await waitFor('the Find Customer picker', () => ui.quickPicks[before]);
  try {
    return await waitFor('the search to settle', () => {
      const rows = pick.items as readonly FindRow[];
      return !pick.busy && rows.length > 0 && !/Searching/.test(rows[0]!.label) && [...rows];
    }).catch((error: unknown) => {
      throw new Error(
        `${String(error)} (busy ${pick.busy}, value ${JSON.stringify(pick.value)}, rows ${JSON.stringify(pick.items.map((r) => r.label))})`,
      );
    });
  } finally {
    pick.hide();
  }
}

/** Markdown as the reader sees it: backslash escapes removed (links stay as they are written). */
export function markdownText(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&:@$])/g, '$1');
}
