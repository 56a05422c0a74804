import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AGENT_FIELDS } from '../../src/agentTools/model/fields';
import { type RotorExtensionApi } from '../../src/main';
import { type RecentCustomerItem, type RecentTreeNode } from '../../src/recent/recentTreeItems';
import { JANE_DOE_ID } from '../sandbox/demoData';
import { waitFor } from '../fixtures/wait';
import { closeAllEditors, freshState, hoverTexts, openText, positionOf } from './support';

/** Jane Doe's personal data in the sandbox: none of it may show while screen-share mode is on. */
const SENSITIVE = [
  'jane.doe@acmeroofing.example',
  'jane.doe',
  '303-555-0142',
  '555-0142',
  '1200 Larimer St',
  'Larimer',
  'Suite 300',
  '80204',
  '39.7478',
  'Prefers morning appointments',
];

/** The strings of SENSITIVE in `text`, as it is and with markdown escapes (`jane\\.doe`) undone. */
function leaks(text: string): string[] {
  const unescaped = text.replace(/\\(.)/g, '$1');
  return SENSITIVE.filter((s) => text.includes(s) || unescaped.includes(s));
}

async function setScreenShare(api: RotorExtensionApi, on: boolean): Promise<void> {
  await vscode.workspace
    .getConfiguration('rotor')
    .update('privacy.screenShareMode', on, vscode.ConfigurationTarget.Global);
  await waitFor(`screen-share mode ${on ? 'on' : 'off'}`, () => api.services.privacy.on === on);
}

const setFields = (value: readonly string[] | undefined) =>
  vscode.workspace.getConfiguration('rotor').update('agentTools.fields', value, vscode.ConfigurationTarget.Global);

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/** Everything a Recent Customers row says: label, description, accessible label and tooltip. */
function treeText(api: RotorExtensionApi): string {
  const nodes = api.recent.provider.getChildren() as RecentTreeNode[];
  const items = nodes.filter((n): n is RecentCustomerItem => 'customerId' in n);
  assert.ok(items.length > 0, 'the recent list shows Jane Doe');
  return items
    .map((item) => {
      item.resolveTooltip();
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
      return [item.label, item.description, item.accessibilityInformation?.label, tooltip].join('\n');
    })
    .join('\n');
}

/** What Open as JSON puts in its editor for Jane's panel. */
async function openedJson(): Promise<string> {
  await vscode.commands.executeCommand('rotor.openCustomerJson', JANE_DOE_ID);
  const text = await waitFor('the JSON editor', () => {
    const document = vscode.window.activeTextEditor?.document;
    return document?.languageId === 'json' && document.isUntitled && document.getText();
  });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return text;
}

async function exportedJson(): Promise<string> {
  await vscode.commands.executeCommand('rotor.exportCustomersInFile', { format: 'json', to: 'editor' });
  const text = vscode.window.activeTextEditor?.document.getText() ?? '';
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return text;
}

describe('Privacy: screen-share mode and Forget Customer Data (real extension host)', () => {
  afterEach(async () => {
    const api = await freshState();
    await setScreenShare(api, false);
    await setFields(undefined);
    await closeAllEditors();
  });

  it('screen-share mode masks the hover, tree, panel, export and agent results; off restores them', async () => {
    const api = await freshState();
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await waitFor('the panel', () => api.panels.viewKindFor(JANE_DOE_ID) === 'customer');
    const document = await openText(`customer ${JANE_DOE_ID} failed\n`);
    await vscode.commands.executeCommand('rotor.showCustomersInFile');
    await setFields(AGENT_FIELDS);

    const surfaces = async () => ({
      hover: (await hoverTexts(document, positionOf(document, JANE_DOE_ID))).join('\n'),
      tree: treeText(api),
      panel: api.panels.htmlFor(JANE_DOE_ID) ?? '',
      export: await exportedJson(),
      agent: await invoke('rotor_getCustomer', { id: JANE_DOE_ID }),
      openAsJson: await openedJson(),
    });

    const before = await surfaces();
    assert.ok(leaks(before.hover).includes('jane.doe@acmeroofing.example'), before.hover);
    assert.ok(before.panel.includes('1200 Larimer St'));

    await setScreenShare(api, true);
    const masked = await surfaces();
    for (const [surface, text] of Object.entries(masked)) {
      assert.deepEqual(leaks(text), [], `${surface} shows personal data in screen-share mode`);
      assert.match(text, /Jane/, `${surface} still names the customer`);
    }
    assert.match(masked.hover, /j•••\\?@a•••\\?\.example/);
    assert.match(masked.panel, /•••-0142/);
    assert.match(masked.panel, /Show notes/);
    assert.match(masked.agent, /Screen-share mode is on/);
    // The panel was not asked to look the customer up again: the mode change re-rendered it.
    assert.equal(api.panels.viewKindFor(JANE_DOE_ID), 'customer');

    await setScreenShare(api, false);
    const restored = await surfaces();
    for (const [surface, text] of Object.entries(restored))
      assert.ok(leaks(text).includes('jane.doe@acmeroofing.example'), `${surface} shows the email again`);
    assert.ok(restored.panel.includes('1200 Larimer St'));
  });

  it('Forget Customer Data leaves no customer data in globalState, the cache or open panels', async () => {
    const api = await freshState();
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    await waitFor('the panel', () => api.panels.viewKindFor(JANE_DOE_ID) === 'customer');
    api.services.recent.setPinned(JANE_DOE_ID, true);
    const state = api.services.context.globalState;
    const stored = () => JSON.stringify(state.keys().map((k) => [k, state.get<unknown>(k)]));
    assert.ok(stored().includes('Larimer'), 'the recent list is stored before forgetting');

    await vscode.commands.executeCommand('rotor.forgetCustomerData', { keepPinnedIds: true });
    const after = stored();
    assert.deepEqual(leaks(after), []);
    assert.ok(!after.includes('Jane') && !after.includes('Acme'), after);
    assert.equal(api.services.store.peek(JANE_DOE_ID), undefined);
    assert.equal(api.panels.viewKindFor(JANE_DOE_ID), undefined);
    assert.deepEqual(
      api.services.recent.list().map((e) => [e.customer.id, e.pinned]),
      [[JANE_DOE_ID, true]],
    );

    await vscode.commands.executeCommand('rotor.forgetCustomerData', { keepPinnedIds: false });
    assert.deepEqual(api.services.recent.list(), []);
    assert.ok(!stored().includes(JANE_DOE_ID));
  });
});
