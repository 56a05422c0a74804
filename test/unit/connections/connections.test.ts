import * as assert from 'node:assert/strict';
import {
  addConnection,
  connectionKey,
  type ConnectionsState,
  DEFAULT_CONNECTION_ID,
  MAX_CONNECTION_NAME_LENGTH,
  parseConnectionKey,
  readConnections,
  removeConnection,
  resolveActive,
  storageKeys,
  switchConnection,
  validateName,
} from '../../../src/connections/model/connections';

const work = { id: 'a1b2', name: 'Work', baseUrl: 'https://rotor.work.example/open-api/' };

function withWork(): ConnectionsState {
  return addConnection(readConnections(undefined), work);
}

describe('connections model', () => {
  describe('migration from the single key of earlier versions', () => {
    it('implies one connection, Default, active, when no registry is stored', () => {
      for (const raw of [undefined, null, 'junk', 42, {}, { connections: 'no' }]) {
        const state = readConnections(raw);
        assert.deepEqual(state, { connections: [{ id: 'default', name: 'Default' }], activeId: 'default' });
      }
    });

    it('keeps the storage keys of the single-key extension for Default, so its key and quota keep working', () => {
      assert.deepEqual(storageKeys(DEFAULT_CONNECTION_ID), {
        secret: 'rotor.apiKey',
        quota: 'rotor.quota.v1',
        keyInfo: 'rotor.keyInfo.v1',
      });
    });

    it('gives every other connection keys of its own', () => {
      assert.deepEqual(storageKeys('a1b2'), {
        secret: 'rotor.apiKey.a1b2',
        quota: 'rotor.quota.v1.a1b2',
        keyInfo: 'rotor.keyInfo.v1.a1b2',
      });
    });

    it('files Default records under the bare customer ID, as before, and others under their connection', () => {
      const id = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
      assert.equal(connectionKey('default', id), id);
      assert.equal(connectionKey('a1b2', id), `a1b2:${id}`);
      assert.deepEqual(parseConnectionKey(id), { connectionId: 'default', customerId: id });
      assert.deepEqual(parseConnectionKey(`a1b2:${id}`), { connectionId: 'a1b2', customerId: id });
    });
  });

  describe('the registry', () => {
    it('reads back what was stored, dropping unreadable records and keeping Default first', () => {
      const state = readConnections({
        connections: [
          { id: 'default', name: 'Acme' },
          work,
          { id: 'BAD ID', name: 'x', baseUrl: 'https://x.example/' },
          { id: 'c3', name: 'work', baseUrl: 'https://dup.example/' },
          { id: 'c4', name: 'No address' },
          'junk',
        ],
        activeId: 'a1b2',
      });
      assert.deepEqual(state, { connections: [{ id: 'default', name: 'Acme' }, work], activeId: 'a1b2' });
    });

    it('falls back to Default when the stored active connection is gone', () => {
      assert.equal(readConnections({ connections: [work], activeId: 'zz' }).activeId, 'default');
    });

    it('adds, switches and removes; removing the active one makes Default active; Default stays', () => {
      let state = withWork();
      assert.deepEqual(
        state.connections.map((c) => c.name),
        ['Default', 'Work'],
      );
      state = switchConnection(state, 'a1b2');
      assert.equal(state.activeId, 'a1b2');
      assert.equal(switchConnection(state, 'nope'), state);
      state = removeConnection(state, 'a1b2');
      assert.deepEqual(state, readConnections(undefined));
      assert.equal(removeConnection(state, 'default'), state);
    });

    it('refuses a second connection with the same id', () => {
      assert.throws(() => addConnection(withWork(), { ...work, name: 'Other' }), /Invalid connection id/);
    });
  });

  describe('names', () => {
    it('must be non-empty, trimmed, not too long, free of control characters and unique whatever the case', () => {
      const state = withWork();
      assert.match(validateName('   ', state) ?? '', /needs a name/);
      assert.match(validateName('x'.repeat(MAX_CONNECTION_NAME_LENGTH + 1), state) ?? '', /at most/);
      assert.match(validateName('a\nb', state) ?? '', /control characters/);
      assert.match(validateName(' WORK ', state) ?? '', /already a connection named "WORK"/);
      assert.match(validateName('default', state) ?? '', /already/);
      assert.equal(validateName('  Staging ', state), undefined);
      assert.equal(validateName('Work', state, 'a1b2'), undefined, 'its own name, when renaming');
    });

    it('are stored trimmed', () => {
      const state = addConnection(readConnections(undefined), { ...work, name: '  Work  ' });
      assert.equal(state.connections[1]?.name, 'Work');
      assert.throws(() => addConnection(state, { ...work, id: 'c9' }), /already/);
    });
  });

  describe('resolveActive', () => {
    it("prefers the workspace's connection by name, case-insensitively", () => {
      assert.equal(resolveActive(withWork(), 'work').id, 'a1b2');
      assert.equal(resolveActive(switchConnection(withWork(), 'a1b2'), ' Default ').id, 'default');
    });

    it('falls back to the connection last switched to when the workspace names none or an unknown one', () => {
      const state = switchConnection(withWork(), 'a1b2');
      for (const preferred of [undefined, '', 'Unknown']) assert.equal(resolveActive(state, preferred).id, 'a1b2');
    });

    it('is Default when nothing else is known', () => {
      assert.equal(resolveActive(readConnections(undefined), 'Work').id, 'default');
    });
  });
});
