import { type FrameLocator, type Locator, type Page } from 'playwright-core';
import { webviewFrames } from './webview';

/**
 * The customer panel's page as a spec sees it: the visible webview's content frame and the
 * parts of media/customer.css's markup the specs read. Selectors of our own page live here only.
 */
export class CustomerPanelPage {
  constructor(private readonly page: Page) {}

  /** Our page's frame (inside the webview's host frame). */
  get content(): FrameLocator {
    return webviewFrames(this.page).content;
  }

  /** The workbench's host frame around our page. */
  get host(): FrameLocator {
    return webviewFrames(this.page).host;
  }

  /** The `<dd>` of the field list whose `<dt>` is exactly `label`. */
  field(label: string): Locator {
    return this.content
      .locator('dl.fields dt', { hasText: new RegExp(`^${label}$`) })
      .first()
      .locator('xpath=following-sibling::dd[1]');
  }

  get subtitle(): Locator {
    return this.content.locator('.subtitle');
  }

  get statusBadge(): Locator {
    return this.content.locator('.header .badge');
  }

  get tags(): Locator {
    return this.content.locator('ul.chips li.chip');
  }

  get customerId(): Locator {
    return this.content.locator('code.id');
  }

  /** The theme as the webview tells the page (body data attributes VS Code sets). */
  async theme(): Promise<{ name: string; kind: string }> {
    const body = this.content.locator('body');
    const [name, kind] = await Promise.all([
      body.getAttribute('data-vscode-theme-name', { timeout: 5000 }),
      body.getAttribute('data-vscode-theme-kind', { timeout: 5000 }),
    ]);
    return { name: name ?? '', kind: kind ?? '' };
  }
}
