/**
 * The few DOM types our page-side callbacks (page.evaluate, addInitScript) use. The test
 * tsconfig deliberately has no DOM lib: it is shared with src/, where browser globals would be
 * a bug. Page-side code reads them from `globalThis as unknown as PageGlobals`.
 */
export interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): PageElement | null;
}

export interface PageRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PageRange {
  setStart(node: PageTextNode, offset: number): void;
  setEnd(node: PageTextNode, offset: number): void;
  getBoundingClientRect(): PageRect;
}

export interface PageTextNode {
  readonly textContent: string | null;
}

export interface PageTreeWalker {
  nextNode(): PageTextNode | null;
}

export interface PageGlobals {
  readonly document: {
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
    createRange(): PageRange;
    createTreeWalker(root: PageElement, whatToShow: number): PageTreeWalker;
  };
  readonly MutationObserver: new (callback: (records: unknown[], observer: { disconnect(): void }) => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  };
}
