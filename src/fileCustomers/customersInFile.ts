import * as vscode from 'vscode';
import { customerIdsInText, type IdsInText } from '../batch/model/customerIdsInText';
import { idStatus, type IdStatus } from '../batch/model/idStatus';
import { Emitter } from '../common/model/events';
import { type Connections } from '../connections/connections';

/** The text the view lists: a document, or the selection in it. */
export interface FileScope {
  readonly document: vscode.TextDocument;
  /** Set when the listing is of a selection (its range in the document). */
  readonly selection?: vscode.Range;
  readonly listing: IdsInText;
}

/** Typing in a big log must stay fluid: the listing is recomputed this long after the last edit. */
const EDIT_DEBOUNCE_MS = 300;
const SELECTION_DEBOUNCE_MS = 150;

/**
 * Which customer IDs the active editor holds, kept current while the view is visible: the active
 * text editor (a notebook cell's or an output channel's included), its selection when there is
 * one. When the focus moves to something that is not a text editor (a customer panel, the view
 * itself), the last document stays listed. Reading the text sends no request: what is known
 * comes from the active connection's store; Look Up All's failures for single IDs are kept here.
 */
export class CustomersInFile implements vscode.Disposable {
  private scopeValue?: FileScope;
  private active = false;
  private timer?: NodeJS.Timeout;
  private readonly failures = new Map<string, string>();
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when the listing or what is known about its IDs changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly connections: Connections) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.schedule(0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document === this.scopeValue?.document) this.schedule(EDIT_DEBOUNCE_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor && this.selectionChanged(e.textEditor))
          this.schedule(SELECTION_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.scopeValue?.document) this.setScope(undefined);
      }),
      {
        dispose: connections.onDidChangeStore((e) => e.connection === connections.active && this.storeChanged(e.id))
          .dispose,
      },
      // Another connection answers now: what is known about each ID is its store's, and the
      // old one's failures are not its.
      {
        dispose: connections.onDidChange(() => {
          this.failures.clear();
          this.storeChanged('');
        }).dispose,
      },
    );
  }

  /** The connection whose answers the rows show, named only when there are several. */
  get connectionName(): string | undefined {
    return this.connections.several ? this.connections.active.record.name : undefined;
  }

  get scope(): FileScope | undefined {
    return this.scopeValue;
  }

  /** Listing costs a pass over the text: only while someone looks (the view is visible, or a command asks). */
  setActive(active: boolean): void {
    this.active = active;
    if (active) this.refresh();
  }

  /** Lists the active editor now (commands call this, so they never act on a stale listing). */
  refresh(): FileScope | undefined {
    clearTimeout(this.timer);
    const editor = vscode.window.activeTextEditor;
    if (editor) this.setScope(scopeOf(editor));
    return this.scopeValue;
  }

  status(id: string): IdStatus {
    return idStatus(id, {
      cached: (key) => this.connections.active.store.peek(key),
      failure: (key) => this.failures.get(key),
    });
  }

  /** A failed lookup of `id` on `connectionId`: shown on its row while that connection is active. */
  recordFailure(id: string, message: string, connectionId = this.connections.active.record.id): void {
    if (connectionId !== this.connections.active.record.id) return;
    this.failures.set(id, message);
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delayMs);
  }

  private selectionChanged(editor: vscode.TextEditor): boolean {
    const selection = editor.selection.isEmpty ? undefined : editor.selection;
    const current = this.scopeValue;
    if (current?.document !== editor.document) return true;
    return !(selection ? current.selection?.isEqual(selection) : current.selection === undefined);
  }

  private setScope(scope: FileScope | undefined): void {
    if (scope?.document !== this.scopeValue?.document) this.failures.clear();
    this.scopeValue = scope;
    this.changed.fire();
  }

  private storeChanged(id: string): void {
    if (!this.scopeValue) return;
    if (id) this.failures.delete(id);
    // One event per answer; a burst (Look Up All) becomes one redraw per tick in the view.
    this.changed.fire();
  }
}

function scopeOf(editor: vscode.TextEditor): FileScope {
  const { document } = editor;
  if (editor.selection.isEmpty) return { document, listing: customerIdsInText(document.getText()) };
  const selection = new vscode.Range(editor.selection.start, editor.selection.end);
  return {
    document,
    selection,
    listing: customerIdsInText(document.getText(selection), document.offsetAt(selection.start)),
  };
}
