import * as vscode from 'vscode';
import { findCustomerIds } from './model/customerIds';
import { type Services } from '../services';
import { type FeatureHost } from '../shell/featureHost';
import { inHoverScope } from './hoverScope';
import { COMMANDS } from '../common/model/commandIds';

/** Documents larger than this get no links: scanning them on every edit would cost more than links are worth. */
const MAX_LINKED_DOCUMENT_CHARS = 5_000_000;
const MAX_LINKS_PER_DOCUMENT = 5_000;

function openCustomerUri(id: string): vscode.Uri {
  return vscode.Uri.parse(`command:rotor.openCustomer?${encodeURIComponent(JSON.stringify([id]))}`);
}

/** Ctrl/Cmd-click on a customer UUID opens the customer. Costs nothing until clicked. */
export class CustomerDocumentLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly services: Services) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (!inHoverScope(this.services.settings, document)) return [];
    const text = document.getText();
    if (text.length > MAX_LINKED_DOCUMENT_CHARS) return [];
    // Only the first links are made, so only the text up to them is scanned: on a big log that is
    // what keeps every edit cheap (BENCHMARKS.md, "Big logs").
    return findCustomerIds(text, MAX_LINKS_PER_DOCUMENT).map((m) => {
      const link = new vscode.DocumentLink(
        new vscode.Range(document.positionAt(m.start), document.positionAt(m.end)),
        openCustomerUri(m.id),
      );
      link.tooltip = 'Open Rotor customer';
      return link;
    });
  }
}

interface CustomerTerminalLink extends vscode.TerminalLink {
  readonly customerId: string;
}

/** UUIDs printed in the integrated terminal are links to the customer too. */
export class CustomerTerminalLinkProvider implements vscode.TerminalLinkProvider<CustomerTerminalLink> {
  constructor(private readonly services: Services) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): CustomerTerminalLink[] {
    if (!this.services.settings.hoverEnabled) return [];
    return findCustomerIds(context.line).map((m) => ({
      startIndex: m.start,
      length: m.end - m.start,
      tooltip: 'Open Rotor customer',
      customerId: m.id,
    }));
  }

  async handleTerminalLink(link: CustomerTerminalLink): Promise<void> {
    await vscode.commands.executeCommand(COMMANDS.openCustomer, link.customerId);
  }
}

export function registerCustomerLinks(services: Services, host: FeatureHost): CustomerDocumentLinkProvider {
  const links = new CustomerDocumentLinkProvider(services);
  host.documentLinkProvider(links);
  host.terminalLinkProvider(new CustomerTerminalLinkProvider(services));
  return links;
}
