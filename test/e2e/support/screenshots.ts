import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { REPO_ROOT } from '../../harness/repo';

/** Git-ignored; CI can keep it as an artifact. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, '.rotor-test', 'screenshots');

/** A file name from a test title: letters, digits and dashes. */
const fileName = (name: string): string =>
  name
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);

/** Saves `.rotor-test/screenshots/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${fileName(name)}.png`);
  await page.waitForTimeout(250); // let fade-in animations settle
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}
