/**
 * What UI specs import: `import { useWorkbench, sandbox } from './support';`
 * See workbench.ts for the Workbench methods (runCommand, openFile, hoverText, webviewText,
 * treeRows, notificationText, screenshot, …).
 */
export { openWorkbench, useWorkbench, Workbench, type WorkbenchOptions } from './workbench';
export { type HoverOptions, textBox } from './hover';
export { type TreeRow, paneHeader, treeContextAction } from './tree';
export { type WebviewTextOptions, webviewFrames } from './webview';
export { CustomerPanelPage } from './customerPanel';
export {
  QUICK_INPUT,
  QUICK_INPUT_BOX,
  QUICK_INPUT_ROWS,
  quickInputValue,
  pickQuickInputRow,
  quickPickRowLabels,
  submitQuickInputStep,
  waitForQuickInputTitle,
} from './quickInput';
export { type WorkspaceFiles } from './workspace';
export { ACTIVE_TAB, activeEditorText, cursorPosition } from './editor';
export { SCREENSHOT_DIR } from './screenshots';
export { sandbox } from './sandbox';
