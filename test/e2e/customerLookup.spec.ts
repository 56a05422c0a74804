import * as assert from 'node:assert/strict';
import { type Page } from 'playwright-core';
import { type SandboxStats } from '../sandbox/server';
import { JANE_DOE_ID, NON_CUSTOMER_ID } from '../sandbox/demoData';
import {
  ACTIVE_TAB,
  CustomerPanelPage,
  paneHeader,
  QUICK_INPUT,
  QUICK_INPUT_BOX,
  QUICK_INPUT_ROWS,
  quickInputValue,
  quickPickRowLabels,
  sandbox,
  textBox,
  treeContextAction,
  type TreeRow,
  useWorkbench,
  waitForQuickInputTitle,
  type Workbench,
} from './support';
import { poll } from '../fixtures/wait';

/*
 * One person's path through the extension, in order, on one workbench (one extension host):
 * set the API key, hover IDs in a log, open a customer from the cursor, use the Recent
 * Customers view, find a customer by company, then look at the panel in other color themes.
 * Each test builds on the previous one, as a user's session would. Every step saves a
 * screenshot in .rotor-test/screenshots/; scripts/screenshots.js copies some to docs/.
 */

const LOG_FILE = 'deploy.log';
const LOG = [
  '2024-05-14T09:12:03.512Z INFO  booking.created job=roof-inspection',
  `2024-05-14T09:12:03.514Z INFO  customer ${JANE_DOE_ID} booked a roof inspection`,
  `2024-05-14T09:12:03.977Z WARN  request ${NON_CUSTOMER_ID} retried (upstream timeout)`,
  '2024-05-14T09:12:04.120Z INFO  booking.confirmed',
  '',
].join('\n');

const JANE = {
  name: 'Jane Doe',
  company: 'Acme Roofing',
  email: 'jane.doe@acmeroofing.example',
  phone: '+1 303-555-0142',
  tags: ['vip', 'roof-repair', 'residential'],
};

// Workbench DOM (VS Code 1.139).
// ---------------------------------------------------------------------------------------------
// Small local helpers (candidates for test/e2e/support)

async function sandboxStats(): Promise<SandboxStats> {
  const body = (await (await sandbox.control('stats')).json()) as { data: SandboxStats };
  return body.data;
}

/** Clicks the middle of `text` in the active editor, which puts the cursor inside it. */
async function clickEditorText(page: Page, text: string): Promise<void> {
  // The box of the text itself (a DOM Range over its text node): the line also holds an inlay
  // hint in another font, so columns cannot be turned into pixels.
  const box = await textBox(page, text);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The tree rows once `accept` holds for them (a tree redraws asynchronously after a change). */
async function treeRowsWhen(workbench: Workbench, accept: (rows: TreeRow[]) => boolean): Promise<TreeRow[]> {
  return poll(() => workbench.treeRows('Recent Customers'), accept, 10_000, 250);
}

type ThemeKind = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';
const WORKBENCH_THEME_CLASS: Readonly<Record<ThemeKind, string>> = {
  'vscode-light': 'vs',
  'vscode-dark': 'vs-dark',
  'vscode-high-contrast': 'hc-black',
  'vscode-high-contrast-light': 'hc-light',
};

/**
 * "Preferences: Color Theme", type the theme's label, Enter: as a user switches themes. The
 * choice lands in the server's user settings, shared by later specs: an after hook restores it.
 */
async function pickColorTheme(workbench: Workbench, label: string, kind: ThemeKind): Promise<void> {
  const { page } = workbench;
  await workbench.runCommand('Preferences: Color Theme', { leaveOpen: true });
  // The theme picker replaces the palette: wait for one of its rows before typing.
  await page
    .locator(QUICK_INPUT_ROWS, { hasText: /Light Modern|Dark Modern/ })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator(QUICK_INPUT_BOX).fill(label);
  await page.locator(`${QUICK_INPUT_ROWS}.focused`, { hasText: label }).waitFor({ state: 'visible', timeout: 5000 });
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
  await page.locator(`.monaco-workbench.${WORKBENCH_THEME_CLASS[kind]}`).waitFor({ timeout: 10_000 });
  const theme = await poll(
    () => new CustomerPanelPage(page).theme(),
    (t) => t.name === label && t.kind === kind,
    10_000,
  );
  assert.deepEqual(theme, { name: label, kind }, 'the customer panel follows the color theme');
}

// ---------------------------------------------------------------------------------------------

describe('A user looks customers up in the workbench', () => {
  const workbench = useWorkbench({ files: { [LOG_FILE]: LOG } });

  before(async () => {
    // Shared sandbox: start from its initial customers, no faults, zero stats and quota.
    await sandbox.control('reset', { method: 'POST' });
  });

  it('sets the API key from the palette; it is checked with Rotor before it is saved', async () => {
    const { page } = workbench();
    await workbench().runCommand('Rotor: Set API Key', { leaveOpen: true });
    await waitForQuickInputTitle(page, 'Rotor: Set API Key');
    assert.equal(
      await page.locator(QUICK_INPUT_BOX).getAttribute('type'),
      'password',
      'the key is typed into a password box',
    );
    await workbench().answerQuickInput(sandbox.demoKey());

    const message = await workbench().notificationText(/API key saved/);
    assert.match(message, /^API key saved\. Rotor key works for .+\. Scopes: .*customers:read/);
    const stats = await sandboxStats();
    assert.ok(stats.byRoute.auth >= 1, `the key was tested with /auth/test: ${JSON.stringify(stats.byRoute)}`);
    assert.equal(stats.lastRequest?.apiKey, 'demo', 'with the key that was typed');
    await workbench().screenshot('01-api-key-saved');
    await workbench().clearNotifications();
  });

  it('shows who a customer UUID is on hover, and says when an ID is no customer', async () => {
    await workbench().openFile(LOG_FILE);

    const customer = await workbench().hoverTextWhenRendered(JANE_DOE_ID, JANE.name);
    assert.match(customer, /Jane Doe/);
    assert.match(customer, /Acme Roofing/);
    assert.match(customer, /jane\.doe@acmeroofing\.example/);
    assert.match(customer, /active/);
    assert.match(customer, /Open/);
    await workbench().screenshot('02-hover-customer');

    const other = await workbench().hoverTextWhenRendered(NON_CUSTOMER_ID, 'No Rotor customer');
    assert.match(other, /No Rotor customer with this ID/);
    assert.doesNotMatch(other, /Jane Doe/);
    await workbench().screenshot('02-hover-not-a-customer');
    await workbench().dismissHover();

    const stats = await sandboxStats();
    assert.ok((stats.byCustomerId[JANE_DOE_ID] ?? 0) >= 1, 'the hover asked Rotor for Jane');
    assert.ok((stats.byCustomerId[NON_CUSTOMER_ID] ?? 0) >= 1, 'and for the other ID');
  });

  it('opens the customer under the cursor in a panel from "Rotor: Open Customer"', async () => {
    const { page } = workbench();
    await clickEditorText(page, JANE_DOE_ID);
    await workbench().runCommand('Rotor: Open Customer', { leaveOpen: true });
    await waitForQuickInputTitle(page, 'Rotor: Open Customer');
    const prefill = await poll(
      () => quickInputValue(page),
      (v) => v === JANE_DOE_ID,
      5000,
    );
    assert.equal(prefill, JANE_DOE_ID, 'the input box proposes the ID under the cursor');
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });

    assert.equal(await workbench().webviewText('h1', { contains: JANE.name }), JANE.name);
    await page.locator(ACTIVE_TAB, { hasText: JANE.name }).waitFor({ state: 'visible', timeout: 10_000 });
    const panel = new CustomerPanelPage(page);
    assert.equal(await panel.subtitle.innerText({ timeout: 5000 }), JANE.company);
    assert.match(await panel.statusBadge.innerText({ timeout: 5000 }), /Active$/);
    assert.equal((await panel.field('Email').innerText({ timeout: 5000 })).trim(), JANE.email);
    assert.equal((await panel.field('Phone').innerText({ timeout: 5000 })).trim(), JANE.phone);
    assert.match(await panel.field('Address').innerText({ timeout: 5000 }), /1200 Larimer St[\s\S]*Denver, CO 80204/);
    assert.deepEqual(
      (await panel.tags.allInnerTexts()).map((t) => t.trim()),
      JANE.tags,
    );
    assert.equal(await panel.customerId.innerText({ timeout: 5000 }), JANE_DOE_ID);
    await workbench().screenshot('03-customer-panel');

    // Refresh reaches the open page as a message: the page is updated in place, not reloaded.
    const before = (await sandboxStats()).byCustomerId[JANE_DOE_ID] ?? 0;
    await panel.content
      .locator('body')
      .evaluate(() => ((globalThis as unknown as Record<string, unknown>).__rotorSamePage = true));
    await panel.content.locator('button[data-action="refresh"]').first().click({ timeout: 5000 });
    await poll(
      async () => (await sandboxStats()).byCustomerId[JANE_DOE_ID] ?? 0,
      (n) => n > before,
      10_000,
    );
    await panel.content
      .locator('button[data-action="refresh"]:not([disabled])', { hasText: /^Refresh$/ })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(
      await panel.content
        .locator('body')
        .evaluate(() => (globalThis as unknown as Record<string, unknown>).__rotorSamePage),
      true,
      'the page was not reloaded',
    );
    assert.equal((await panel.field('Email').innerText({ timeout: 5000 })).trim(), JANE.email);
  });

  it('lists the opened customer in Recent Customers, where it can be pinned and its ID copied', async () => {
    const { page } = workbench();
    // As a person would: the Rotor icon in the activity bar.
    await page
      .locator('.activitybar .action-item .action-label[aria-label^="Rotor"]')
      .first()
      .click({ timeout: 10_000 });
    await paneHeader(page, 'Recent Customers').waitFor({ state: 'attached', timeout: 10_000 });

    const before = await workbench().treeRows('Recent Customers');
    assert.deepEqual(
      before.map((r) => [r.label, r.description]),
      [[JANE.name, JANE.company]],
      'the customer opened a moment ago, with its company',
    );
    assert.match(before[0]!.ariaLabel, /^Jane Doe, Acme Roofing, active$/);

    await treeContextAction(page, 'Recent Customers', JANE.name, 'Pin');
    const pinned = await treeRowsWhen(workbench(), (rows) => rows[0]?.label === 'Pinned');
    assert.deepEqual(
      pinned.map((r) => r.label),
      ['Pinned', JANE.name],
      `Jane is under "Pinned": ${JSON.stringify(pinned)}`,
    );
    assert.match(pinned[1]!.ariaLabel, /, pinned$/);
    await workbench().screenshot('04-recent-customers-pinned');

    await workbench().expectCopied(JANE_DOE_ID, 'customer ID', () =>
      treeContextAction(page, 'Recent Customers', JANE.name, 'Copy ID'),
    );
  });

  it('shows Recent Customers after a reload, whether the view was on screen or not', async () => {
    const { page } = workbench();
    const labels = async (): Promise<string[]> =>
      (await treeRowsWhen(workbench(), (rows) => rows.some((r) => r.label === JANE.name))).map((r) => r.label);
    const before = await labels();
    assert.deepEqual(before, ['Pinned', JANE.name]);
    // On screen at the reload: the new host's activation shell creates the view itself.
    await workbench().reload();
    await paneHeader(page, 'Recent Customers').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(await labels(), before, 'the view on screen shows its customers again');
    // Hidden at the reload: the features create the view; it shows its customers when opened.
    await workbench().runCommand('View: Close Primary Side Bar');
    await paneHeader(page, 'Recent Customers').waitFor({ state: 'hidden', timeout: 10_000 });
    await workbench().reload();
    await page
      .locator('.activitybar .action-item .action-label[aria-label^="Rotor"]')
      .first()
      .click({ timeout: 10_000 });
    assert.deepEqual(await labels(), before, 'opened later, the view shows them too');
    assert.equal(
      await page.getByText('There is no data provider registered').count(),
      0,
      'VS Code never says the view has no provider',
    );
  });

  it('finds a customer by company with "Rotor: Find Customer" and opens the chosen one', async () => {
    const { page } = workbench();
    await page.keyboard.press('Escape'); // nothing left open by the previous step (a menu would swallow F1)
    await workbench().runCommand('View: Close All Editors');
    await page.locator(ACTIVE_TAB).waitFor({ state: 'hidden', timeout: 10_000 });
    const searchesBefore = (await sandboxStats()).byRoute.search;

    await workbench().runCommand('Rotor: Find Customer', { leaveOpen: true });
    await waitForQuickInputTitle(page, 'Rotor: Find Customer');
    await page.locator(QUICK_INPUT_BOX).fill('acme roof');
    const janeRow = page.locator(QUICK_INPUT_ROWS, { hasText: JANE.name }).first();
    await janeRow.waitFor({ state: 'visible', timeout: 15_000 });

    const rows = (await quickPickRowLabels(page)).filter((label) => !/Load more/.test(label));
    assert.ok(rows.length >= 3, `several Acme Roof… customers match: ${JSON.stringify(rows)}`);
    for (const row of rows) assert.match(row, /acme roof/i, 'every row matches the search');
    assert.ok(
      rows.some((row) => /^Jane Doe, Acme Roofing, jane\.doe@acmeroofing\.example/.test(row)),
      `Jane's row: ${JSON.stringify(rows)}`,
    );
    assert.ok(!rows.some((row) => /Archie Vist/.test(row)), 'archived customers are not offered');
    assert.ok((await sandboxStats()).byRoute.search > searchesBefore, 'the rows came from a search request');
    await workbench().screenshot('05-find-customer');

    await janeRow.click();
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(await workbench().webviewText('h1', { contains: JANE.name }), JANE.name);
    await page.locator(ACTIVE_TAB, { hasText: JANE.name }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal((await new CustomerPanelPage(page).field('Email').innerText({ timeout: 5000 })).trim(), JANE.email);
    await workbench().screenshot('05-find-customer-opened');
  });

  describe('the panel in other color themes', () => {
    let original: { name: string; kind: string } | undefined;

    before(async () => {
      original = await new CustomerPanelPage(workbench().page).theme();
    });

    it('follows a light theme', async () => {
      await pickColorTheme(workbench(), 'Light Modern', 'vscode-light');
      assert.equal(await workbench().webviewText('h1'), JANE.name);
      await workbench().screenshot('06-panel-light');
    });

    it('follows a high contrast theme', async () => {
      await pickColorTheme(workbench(), 'Dark High Contrast', 'vscode-high-contrast');
      assert.equal(await workbench().webviewText('h1'), JANE.name);
      await workbench().screenshot('06-panel-high-contrast');
    });

    it('follows a dark theme', async () => {
      await pickColorTheme(workbench(), 'Dark Modern', 'vscode-dark');
      assert.equal(await workbench().webviewText('h1'), JANE.name);
      await workbench().screenshot('06-panel-dark');
    });

    after(async function () {
      // The theme is a server-side user setting: give later specs the one they started with.
      this.timeout(30_000);
      if (original && original.name !== 'Dark Modern' && original.kind) {
        await pickColorTheme(workbench(), original.name, original.kind as ThemeKind);
      }
    });
  });
});
