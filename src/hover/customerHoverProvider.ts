import * as vscode from 'vscode';
import { toRotorError } from '../api/errors';
import { ERROR_STEPS } from '../common/model/errorSteps';
import { abortOnCancel } from '../common/progress';
import {
  customerHoverMarkdown,
  errorHoverMarkdown,
  HOVER_COMMANDS,
  missingKeyHoverMarkdown,
  skippedHoverMarkdown,
} from './model/hoverMarkdown';
import { customerIdAt } from './model/customerIds';
import { type Services } from '../services';
import { type FeatureHost } from '../shell/featureHost';
import { inHoverScope } from './hoverScope';

function trustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  // Only our own commands may run from a hover; API values are escaped and can form no link.
  md.isTrusted = { enabledCommands: Object.values(HOVER_COMMANDS) };
  return md;
}

/**
 * Shows who a customer UUID is. Background priority: it may be skipped to keep the quota
 * reserve, answers from cache first, and its cancellation token aborts the request when no
 * other feature still waits for that customer. No side effects beyond the shared cache.
 */
export class CustomerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!inHoverScope(this.services.settings, document)) return undefined;
    const line = document.lineAt(position.line).text;
    const match = customerIdAt(line, position.character);
    if (!match) return undefined;
    const range = new vscode.Range(position.line, match.start, position.line, match.end);
    return abortOnCancel(token, async (signal) => {
      try {
        if (!(await this.services.apiKey.get())) {
          // Known answers still help without a key; otherwise say how to set one.
          const cached = this.services.store.peek(match.id);
          if (!cached) return new vscode.Hover(trustedMarkdown(missingKeyHoverMarkdown()), range);
        }
        const result = await this.services.lookup.lookup(match.id, { signal, priority: 'background' });
        // Masked by screen-share mode before the markdown is written: the hover never holds the original.
        const shown = this.services.privacy.maskKnown(result);
        return new vscode.Hover(trustedMarkdown(customerHoverMarkdown(shown, match.id, Date.now())), range);
      } catch (e) {
        const error = toRotorError(e);
        if (error.code === 'Cancelled') return undefined;
        const [step] = ERROR_STEPS[error.code].hover;
        if (step === 'setApiKey') return new vscode.Hover(trustedMarkdown(missingKeyHoverMarkdown()), range);
        if (step === 'spendReserve')
          return new vscode.Hover(trustedMarkdown(skippedHoverMarkdown(match.id, error)), range);
        return new vscode.Hover(trustedMarkdown(errorHoverMarkdown(error)), range);
      }
    });
  }
}

/** The shell registers it for '*': every document of every scheme (files, untitled, output, diffs, git views). */
export function registerCustomerHover(services: Services, host: FeatureHost): CustomerHoverProvider {
  const provider = new CustomerHoverProvider(services);
  host.hoverProvider(provider);
  return provider;
}
