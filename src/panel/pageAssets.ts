import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type PageAssets } from './model/customerHtml';

/**
 * The panel page's stylesheet and script (media/customer.css, media/customer.js, our own build
 * output), read once per window and put inline under the page's nonce. Read synchronously: a
 * panel opened from a hover is built in the same task as the click. Inline, the page needs no
 * resource requests before it can paint (through the webview's service worker and, in a remote
 * window, the remote host): BENCHMARKS.md, "Panel" and "Panel from a hover".
 */
export class PanelPageAssets {
  private assets: PageAssets | undefined;

  constructor(private readonly extensionPath: string) {}

  get(): PageAssets {
    this.assets ??= {
      style: readFileSync(path.join(this.extensionPath, 'media', 'customer.css'), 'utf8'),
      script: readFileSync(path.join(this.extensionPath, 'media', 'customer.js'), 'utf8'),
    };
    return this.assets;
  }
}
