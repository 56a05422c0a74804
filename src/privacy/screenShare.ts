import * as vscode from 'vscode';
import { type Customer } from '../api/customer';
import { Emitter, type Subscription } from '../common/model/events';
import { COMMANDS } from '../common/model/commandIds';
import { maskCustomer, maskKnown, type MaskMode, type MaskOptions } from './model/mask';

export const SCREEN_SHARE_SETTING = 'privacy.screenShareMode';

/**
 * Screen-share mode as a service: the setting `rotor.privacy.screenShareMode` (application scope:
 * it follows the user, never a workspace), its status bar indicator, and the one `mask` step every
 * surface runs before it renders. Surfaces listen to `onDidChange` and redraw at once.
 */
export class ScreenShareMode implements vscode.Disposable {
  private readonly changed = new Emitter<MaskMode>();
  readonly onDidChange: (listener: (mode: MaskMode) => void) => Subscription = this.changed.event;
  private readonly item = vscode.window.createStatusBarItem('rotor.screenShare', vscode.StatusBarAlignment.Right, 101);
  private readonly subscription: vscode.Disposable;
  private current: MaskMode;

  constructor() {
    this.item.name = 'Rotor Screen-Share Mode';
    this.item.text = '$(eye-closed) Screen-share';
    this.item.tooltip = 'Rotor screen-share mode is on: contact details are masked. Click to turn it off.';
    this.item.command = COMMANDS.toggleScreenShareMode;
    this.current = this.read();
    this.updateItem();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`rotor.${SCREEN_SHARE_SETTING}`)) return;
      const next = this.read();
      if (next === this.current) return;
      this.current = next;
      this.updateItem();
      this.changed.fire(next);
    });
  }

  get mode(): MaskMode {
    return this.current;
  }

  get on(): boolean {
    return this.current === 'screenShare';
  }

  /** The customer as every surface shows it now. */
  mask(customer: Customer, options?: MaskOptions): Customer {
    return maskCustomer(customer, this.current, options);
  }

  /** A lookup result, store entry or batch status with its customer masked. */
  maskKnown<T extends { readonly kind: string }>(value: T): T {
    return maskKnown(value, this.current);
  }

  /** Writes the user setting; the change event follows from the configuration change. */
  async set(on: boolean): Promise<void> {
    await vscode.workspace
      .getConfiguration('rotor')
      .update(SCREEN_SHARE_SETTING, on, vscode.ConfigurationTarget.Global);
  }

  /**
   * Before a masked value is copied unmasked: a modal question while the mode is on, nothing
   * otherwise. Returns whether to copy.
   */
  async confirmUnmaskedCopy(what: string): Promise<boolean> {
    if (!this.on) return true;
    const choice = await vscode.window.showWarningMessage(
      `Copy the unmasked ${what}? Screen-share mode is on.`,
      { modal: true, detail: 'Whoever sees your screen may see what you paste.' },
      'Copy',
    );
    return choice === 'Copy';
  }

  private read(): MaskMode {
    return vscode.workspace.getConfiguration('rotor').get<boolean>(SCREEN_SHARE_SETTING, false) === true
      ? 'screenShare'
      : 'off';
  }

  private updateItem(): void {
    if (this.on) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.item.dispose();
  }
}
