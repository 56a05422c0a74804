import { type CommandId } from '../common/model/commandIds';
/**
 * The commands the activation shell registers stubs for: those a user can run before the
 * features have loaded, from the palette or a keybinding. Left out are commands whose palette
 * condition needs a state only the features create (`rotor.hasApiKey`, set once they have read
 * the key, for Test Connection; `rotor.severalConnections`, set once they have read the
 * connections, for Switch and Remove Connection; `rotor.hasRecentCustomers` and
 * `rotor.requestsPaused`; an active Rotor panel, which only they open; or `false`): they run only
 * from places the features made, so they are registered by then. Each stub is a message to the
 * workbench: 11-34 µs of activation each, timed step by step in the benchmark's host.
 *
 * A constant rather than computed from the manifest at activation: timed step by step in the
 * benchmark's extension host, that computation cost about 0.17 ms, more than all provider
 * registrations together (BENCHMARKS.md, "Activation cost", has the total).
 * test/unit/shell/commandStubs.test.ts derives the list from package.json and fails until this
 * one matches.
 */
// Written out, but typed by the command map: a misspelt ID does not compile. Referencing
// COMMANDS.x instead would pull the whole map into the 2 KB shell bundle (about 700 bytes).
export const STUB_COMMANDS: readonly CommandId[] = [
  'rotor.openCustomer',
  'rotor.findCustomer',
  'rotor.setApiKey',
  'rotor.addConnection',
  'rotor.showLog',
  'rotor.toggleScreenShareMode',
  'rotor.forgetCustomerData',
  'rotor.showCustomersInFile',
];
