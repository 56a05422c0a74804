import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandsNeedingStubs, type Manifest } from '../../../src/shell/commandStubs';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as Manifest & {
  contributes: { commands: { command: string }[]; menus: { commandPalette: { command: string; when?: string }[] } };
};

describe('command stubs of the activation shell', () => {
  it('cover every command a user can run before the features load: the palette ones and the keybindings', () => {
    assert.deepEqual(commandsNeedingStubs(manifest), [
      'rotor.openCustomer',
      'rotor.findCustomer',
      'rotor.setApiKey',
      'rotor.testConnection',
      'rotor.showLog',
      'rotor.resumeRequests',
      'rotor.goToRecentCustomer',
      'rotor.recent.clear',
    ]);
  });

  it('leave out only commands whose palette condition needs a state the features create', () => {
    const stubbed = new Set(commandsNeedingStubs(manifest));
    const when = new Map(manifest.contributes.menus.commandPalette.map((m) => [m.command, m.when]));
    for (const { command } of manifest.contributes.commands) {
      if (stubbed.has(command)) continue;
      const condition = when.get(command) ?? '';
      assert.match(condition, /^false$|(^|&& *)(rotor\.hasApiKey|activeWebviewPanelId == 'rotor\.customer')( *&&|$)/, `${command} has no stub but its palette condition is "${condition}"`);
    }
  });

  it('keep a stub when the condition could hold without the features: negated, or-ed, or absent', () => {
    const commands = ['a', 'b', 'c', 'd', 'e'].map((c) => ({ command: c }));
    const stubs = commandsNeedingStubs({
      contributes: {
        commands,
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

  it('keep a stub for a command with a keybinding, whatever its palette condition', () => {
    const stubs = commandsNeedingStubs({
      contributes: { commands: [{ command: 'a' }], menus: { commandPalette: [{ command: 'a', when: 'false' }] }, keybindings: [{ command: 'a' }] },
    });
    assert.deepEqual(stubs, ['a']);
  });
});
