import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../../src/common/model/commandIds';
import { STUB_COMMANDS } from '../../../src/shell/commandStubs';

interface Manifest {
  contributes?: {
    commands?: { command: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    keybindings?: { command: string }[];
  };
}

/**
 * Palette conditions that cannot hold before the features have loaded: the features set
 * `rotor.hasApiKey` once they have read the key, `rotor.customersInFile.hasIds` once they
 * have listed a file, `rotor.severalConnections` once they have read the connections,
 * `rotor.hasRecentCustomers` once they have read the recent list and `rotor.requestsPaused`
 * once they have read the quota count, and only they open a Rotor panel.
 */
const NEEDS_FEATURES = new Set([
  'false',
  'rotor.hasApiKey',
  "activeWebviewPanelId == 'rotor.customer'",
  'rotor.customersInFile.hasIds',
  'rotor.severalConnections',
  'rotor.hasRecentCustomers',
  'rotor.requestsPaused',
]);

/**
 * The rule: every contributed command needs a stub, except one whose palette condition requires
 * (as one of its `&&` terms, with no `||`) a state only the features create and that has no
 * keybinding.
 */
function commandsNeedingStubs(manifest: Manifest): string[] {
  const contributes = manifest.contributes ?? {};
  const bound = new Set((contributes.keybindings ?? []).map((k) => k.command));
  const afterFeatures = new Set(
    (contributes.menus?.commandPalette ?? [])
      .filter(
        (m) =>
          m.when !== undefined &&
          !m.when.includes('||') &&
          m.when.split('&&').some((term) => NEEDS_FEATURES.has(term.trim())),
      )
      .map((m) => m.command),
  );
  return (contributes.commands ?? [])
    .map((c) => c.command)
    .filter((command) => bound.has(command) || !afterFeatures.has(command));
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as Manifest;

describe('command stubs of the activation shell', () => {
  it('are exactly the commands a user can run before the features load (palette and keybindings)', () => {
    assert.deepEqual(
      [...STUB_COMMANDS],
      commandsNeedingStubs(manifest),
      'update STUB_COMMANDS in src/shell/commandStubs.ts',
    );
  });

  it('include the palette commands whose condition could hold without the features, and every keybinding', () => {
    const stubs = new Set<string>(STUB_COMMANDS);
    for (const command of ['rotor.openCustomer', 'rotor.setApiKey', 'rotor.showLog'])
      assert.ok(stubs.has(command), command);
    for (const command of [
      'rotor.clearApiKey',
      'rotor.testConnection',
      'rotor.refreshCustomer',
      'rotor.recent.pin',
      'rotor.recent.clear',
      'rotor.resumeRequests',
    ])
      assert.ok(!stubs.has(command), command);
  });

  it('name the same commands as the command map, which names exactly the contributed ones', () => {
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMANDS).sort(), contributed, 'update COMMANDS in src/common/model/commandIds.ts');
  });

  describe('the rule', () => {
    it('keeps a stub when the condition could hold without the features: negated, or-ed, or absent', () => {
      const stubs = commandsNeedingStubs({
        contributes: {
          commands: ['a', 'b', 'c', 'd', 'e'].map((command) => ({ command })),
          menus: {
            commandPalette: [
              { command: 'a', when: '!rotor.hasApiKey' },
              { command: 'b', when: 'rotor.hasApiKey || editorFocus' },
              { command: 'c', when: 'editorFocus && rotor.hasApiKey' },
              { command: 'd', when: 'false' },
            ],
          },
        },
      });
      assert.deepEqual(stubs, ['a', 'b', 'e']);
    });

    it('keeps a stub for a command with a keybinding, whatever its palette condition', () => {
      const stubs = commandsNeedingStubs({
        contributes: {
          commands: [{ command: 'a' }],
          menus: { commandPalette: [{ command: 'a', when: 'false' }] },
          keybindings: [{ command: 'a' }],
        },
      });
      assert.deepEqual(stubs, ['a']);
    });
  });
});
