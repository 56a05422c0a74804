import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { DEMO_KEY_EXTENSION, demoKeyExtensionFiles, USE_DEMO_KEY_TITLE } from '../../../scripts/demo/demoKeyExtension';
import { chooseHost, type DemoOptions, parseDemoArgs } from '../../../scripts/demo/options';
import { extensionId } from '../../harness/repo';
import {
  DEMO_IDS,
  demoWorkspaceFiles,
  EXPECTED_HOVER_NAME,
  LOG_FILE,
  writeWorkspace,
} from '../../../scripts/demo/workspace';
import { findCustomerIds } from '../../../src/hover/model/customerIds';
import { DEMO_ARCHIVED_IDS, DEMO_CUSTOMERS, NON_CUSTOMER_ID } from '../../sandbox/demoData';

const KEY = 'rotor_demo_key_0000';
const customers = new Map(DEMO_CUSTOMERS.map((customer) => [customer.id, customer]));
const idsIn = (text: string): string[] => findCustomerIds(text).map((match) => match.id);

describe('npm run demo: the demo workspace', () => {
  const files = demoWorkspaceFiles(KEY);

  it('has a log, a TypeScript source and a SQL file, each with customers and UUIDs that are not', () => {
    for (const file of [LOG_FILE, 'src/invoiceReminders.ts', 'sql/overdue.sql']) {
      const ids = idsIn(files[file] ?? '');
      assert.ok(ids.filter((id) => customers.has(id)).length >= 2, `${file}: customers`);
      assert.ok(
        ids.some((id) => !customers.has(id)),
        `${file}: a UUID that is not a customer`,
      );
    }
  });

  it('uses only served (not archived) demo customers, and the known non-customer', () => {
    const mentioned = new Set(Object.values(files).flatMap(idsIn));
    for (const id of [DEMO_IDS.customer, DEMO_IDS.inactive, DEMO_IDS.extraFields, ...DEMO_IDS.others]) {
      assert.ok(customers.has(id), id);
      assert.ok(!DEMO_ARCHIVED_IDS.includes(id), id);
      assert.ok(mentioned.has(id), `${id} appears in no demo file`);
    }
    assert.equal(DEMO_IDS.nonCustomer, NON_CUSTOMER_ID);
    assert.ok(!customers.has(DEMO_IDS.nonCustomer));
  });

  it('has the customer the check hovers in the log, under the name it expects', () => {
    const jane = customers.get(DEMO_IDS.customer);
    assert.equal(`${String(jane?.first_name)} ${String(jane?.last_name)}`, EXPECTED_HOVER_NAME);
    // The check hovers its first occurrence: it must be on screen without scrolling sideways.
    const line = (files[LOG_FILE] ?? '').split('\n').find((text) => text.includes(DEMO_IDS.customer)) ?? '';
    assert.ok(line.indexOf(DEMO_IDS.customer) + DEMO_IDS.customer.length <= 100, line);
  });

  it('names the key and the first step in README.md, which opens on start', () => {
    assert.match(files['README.md'] ?? '', new RegExp(`Rotor: Set API Key[\\s\\S]*${KEY}`));
    assert.deepEqual(JSON.parse(files['.vscode/settings.json'] ?? ''), { 'workbench.startupEditor': 'readme' });
  });

  it('is the same on every run', () => {
    assert.deepEqual(demoWorkspaceFiles(KEY), files);
  });

  it('writes the files below the folder', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-demo-unit-'));
    try {
      writeWorkspace(path.join(folder, 'ws'), files);
      for (const [relative, text] of Object.entries(files))
        assert.equal(fs.readFileSync(path.join(folder, 'ws', relative), 'utf8'), text);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('npm run demo: options and host', () => {
  const interactive: DemoOptions = { check: false, web: false, help: false };
  const codeAt = (dir: string) => (file: string) => file === path.join(dir, 'code');
  const env = { PATH: ['/usr/local/bin', '/usr/bin'].join(path.delimiter), DISPLAY: ':0' };

  it('parses the flags and rejects unknown ones', () => {
    assert.deepEqual(parseDemoArgs([]), interactive);
    assert.deepEqual(parseDemoArgs(['--check']), { ...interactive, check: true });
    assert.deepEqual(parseDemoArgs(['--web']), { ...interactive, web: true });
    assert.throws(() => parseDemoArgs(['--chek']), /unknown option\(s\): --chek/);
  });

  it('opens desktop VS Code when `code` is on PATH and there is a display', () => {
    assert.deepEqual(chooseHost(interactive, env, 'linux', codeAt('/usr/bin')), {
      kind: 'desktop',
      code: '/usr/bin/code',
    });
    assert.equal(chooseHost(interactive, { PATH: env.PATH }, 'darwin', codeAt('/usr/bin')).kind, 'desktop');
  });

  it('falls back to code-server otherwise', () => {
    const kind = (options: DemoOptions, e: Record<string, string>, isFile = codeAt('/usr/bin')) =>
      chooseHost(options, e, 'linux', isFile).kind;
    assert.equal(
      kind(interactive, env, () => false),
      'code-server',
    );
    assert.equal(kind({ ...interactive, check: true }, env), 'code-server');
    assert.equal(kind({ ...interactive, web: true }, env), 'code-server');
    assert.equal(kind(interactive, { PATH: env.PATH }), 'code-server');
    const remote = '/home/u/.vscode-server/bin/abc/bin/remote-cli';
    assert.equal(kind(interactive, { ...env, PATH: remote }, codeAt(remote)), 'code-server');
  });
});

describe('npm run demo: the "Use the Demo Key" companion extension', () => {
  const files = demoKeyExtensionFiles(KEY);
  const manifest = JSON.parse(files['package.json'] ?? '{}') as Record<string, unknown>;

  it('is an extension that loads after ours and contributes its one command', () => {
    assert.equal(
      `${String(manifest.publisher)}.${String(manifest.name)}`,
      `${DEMO_KEY_EXTENSION.publisher}.${DEMO_KEY_EXTENSION.name}`,
    );
    assert.deepEqual(manifest.extensionDependencies, [extensionId()]);
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
    assert.match(JSON.stringify(manifest.contributes), new RegExp(USE_DEMO_KEY_TITLE));
  });

  it('hands the key to "Rotor: Set API Key" (which checks and stores it) and is valid JavaScript', () => {
    const source = files['extension.js'] ?? '';
    assert.doesNotThrow(() => new vm.Script(source));
    assert.ok(source.includes(`const DEMO_KEY = ${JSON.stringify(KEY)};`));
    assert.match(source, /executeCommand\('rotor\.setApiKey', DEMO_KEY\)/);
  });

  it('is offered in the demo README', () => {
    assert.match(demoWorkspaceFiles(KEY)['README.md'] ?? '', new RegExp(`\\*\\*${USE_DEMO_KEY_TITLE}\\*\\*`));
  });
});
