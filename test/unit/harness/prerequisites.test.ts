import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostNeeds } from '../../harness/prepareHost';
import {
  ensurePrerequisites,
  installCommand,
  MissingPrerequisitesError,
  NO_INSTALL_VARIABLE,
  type SystemView,
} from '../../harness/prerequisites';
import { CODE_SERVER_VERSION, NODE_VERSION } from '../../harness/testHostVersions';
import { REPO_ROOT } from '../docs/repoRoot';

/** A machine with the given commands and files; apt-get "installs" by adding what it names. */
function fakeSystem(options: {
  commands: string[];
  files?: string[];
  root: boolean;
  sudo?: boolean;
  aptWorks?: boolean;
}) {
  const commands = new Set(options.commands);
  const files = new Set(options.files ?? []);
  const ran: string[] = [];
  const provides: Record<string, () => void> = {
    chromium: () => files.add('/usr/bin/chromium'),
    ripgrep: () => commands.add('rg'),
  };
  const system: SystemView = {
    commandExists: (command) => commands.has(command),
    fileExists: (file) => files.has(file),
    isRoot: () => options.root,
    run: (argv) => {
      ran.push(argv.join(' '));
      if (argv.join(' ') === 'sudo -n true') return options.sudo ? 0 : 1;
      const apt = argv.indexOf('apt-get');
      if (apt < 0 || options.aptWorks === false) return 100;
      if (argv[apt + 1] === 'install') for (const pkg of argv.slice(apt + 2)) provides[pkg]?.();
      return 0;
    },
  };
  return { system, ran };
}

const quiet = (): void => undefined;
const env = {};

describe('System prerequisites (test/harness/prerequisites.ts)', () => {
  it('installs what is missing with apt-get when running as root, then finds it', () => {
    const { system, ran } = fakeSystem({ commands: ['apt-get'], root: true });
    ensurePrerequisites(['browser', 'ripgrep'], system, env, quiet);
    assert.deepEqual(ran, ['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends chromium ripgrep']);
  });

  it('uses sudo -n when not root and sudo needs no password', () => {
    const { system, ran } = fakeSystem({ commands: ['apt-get', 'sudo'], root: false, sudo: true });
    ensurePrerequisites(['ripgrep'], system, env, quiet);
    assert.deepEqual(ran, [
      'sudo -n true',
      'sudo -n apt-get update -qq',
      'sudo -n apt-get install -y -qq --no-install-recommends ripgrep',
    ]);
  });

  it('stops before running anything when it cannot install without a prompt, naming the packages and the command', () => {
    const { system, ran } = fakeSystem({ commands: ['apt-get', 'sudo'], root: false, sudo: false });
    assert.throws(
      () => ensurePrerequisites(['browser', 'ripgrep'], system, env, quiet),
      (error: unknown) =>
        error instanceof MissingPrerequisitesError &&
        /not root, and sudo needs a password/.test(error.message) &&
        /- chromium: /.test(error.message) &&
        /- ripgrep: /.test(error.message) &&
        error.message.includes(installCommand(['chromium', 'ripgrep'])),
    );
    assert.deepEqual(ran, ['sudo -n true']);
  });

  it(`never installs with ${NO_INSTALL_VARIABLE}=1, and says so`, () => {
    const { system, ran } = fakeSystem({ commands: ['apt-get'], root: true });
    assert.throws(
      () => ensurePrerequisites(['ripgrep'], system, { [NO_INSTALL_VARIABLE]: '1' }, quiet),
      /ROTOR_NO_SYSTEM_INSTALL=1 is set/,
    );
    assert.deepEqual(ran, []);
  });

  it('reports a failed apt-get with the command to run by hand', () => {
    const { system } = fakeSystem({ commands: ['apt-get'], root: true, aptWorks: false });
    assert.throws(
      () => ensurePrerequisites(['browser'], system, env, quiet),
      /apt-get failed[\s\S]*sudo apt-get install -y --no-install-recommends chromium/,
    );
  });

  it('does nothing when everything is there', () => {
    const { system, ran } = fakeSystem({
      commands: ['rg', 'g++', 'make', 'python3', 'pkg-config'],
      files: ['/usr/bin/chromium', '/usr/include/gssapi/gssapi.h'],
      root: false,
    });
    ensurePrerequisites(['browser', 'ripgrep', 'nativeBuild'], system, env, quiet);
    assert.deepEqual(ran, []);
  });

  it('asks for the native build tools only while code-server is not in the cache', () => {
    assert.deepEqual(hostNeeds({ browser: true, ripgrep: true }, false), ['browser', 'ripgrep', 'nativeBuild']);
    assert.deepEqual(hostNeeds({ browser: true }, true), ['browser']);
  });
});

/**
 * The real entry point (`node out/test/harness/setup.js --prerequisites-only`, what `npm test`'s
 * first stage runs) on a PATH where Chromium and rg are absent, with stand-ins for apt-get and sudo
 * that record what they are asked and "install" by creating the files.
 */
describe('npm test set-up on a machine without Chromium and ripgrep', function () {
  this.timeout(20_000);
  let dir: string;
  let bin: string;
  let aptLog: string;
  let chromium: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-prereq-test-'));
    bin = path.join(dir, 'bin');
    aptLog = path.join(dir, 'apt.log');
    chromium = path.join(dir, 'usr-bin-chromium');
    fs.mkdirSync(bin);
    // A cached test host, so the native build tools are not asked for (this machine's PATH is empty).
    for (const folder of [`node-${NODE_VERSION}`, `code-server-${CODE_SERVER_VERSION}`]) {
      fs.mkdirSync(path.join(dir, 'cache', folder), { recursive: true });
      fs.writeFileSync(path.join(dir, 'cache', folder, '.installed'), 'test\n');
    }
    const script = (name: string, body: string): void =>
      fs.writeFileSync(path.join(bin, name), `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
    script(
      'apt-get',
      `const fs = require('fs'); const args = process.argv.slice(2);
       fs.appendFileSync(${JSON.stringify(aptLog)}, args.join(' ') + '\\n');
       if (process.env.FAKE_APT_FAILS) process.exit(100);
       if (args[0] === 'install') {
         if (args.includes('chromium')) fs.writeFileSync(${JSON.stringify(chromium)}, '');
         if (args.includes('ripgrep')) fs.writeFileSync(${JSON.stringify(path.join(bin, 'rg'))}, '', { mode: 0o755 });
       }`,
    );
    // Only used when the tests run as a user: sudo -n that needs no password.
    script(
      'sudo',
      `const args = process.argv.slice(2).filter((a) => a !== '-n');
       if (args[0] === 'true') process.exit(0);
       const r = require('child_process').spawnSync(args[0], args.slice(1), { stdio: 'inherit' });
       process.exit(r.status ?? 1);`,
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runSetUp = (extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'out', 'test', 'harness', 'setup.js'), '--prerequisites-only'], {
      encoding: 'utf8',
      env: { PATH: bin, CHROMIUM: chromium, ROTOR_VSCODE_TEST_CACHE: path.join(dir, 'cache'), HOME: dir, ...extraEnv },
    });
  const aptCalls = (): string[] => (fs.existsSync(aptLog) ? fs.readFileSync(aptLog, 'utf8').trim().split('\n') : []);

  it('installs Chromium and ripgrep itself, then goes on', () => {
    const result = runSetUp();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(aptCalls(), ['update -qq', 'install -y -qq --no-install-recommends chromium ripgrep']);
    assert.match(result.stdout, /installed chromium ripgrep/);
    assert.ok(fs.existsSync(chromium) && fs.existsSync(path.join(bin, 'rg')));
  });

  it('stops at once with the packages and the exact command when it may not install', () => {
    const result = runSetUp({ [NO_INSTALL_VARIABLE]: '1' });
    assert.notEqual(result.status, 0);
    assert.deepEqual(aptCalls(), []);
    assert.match(result.stderr, /Missing system packages/);
    assert.ok(result.stderr.includes(installCommand(['chromium', 'ripgrep'])), result.stderr);
    assert.doesNotMatch(result.stderr, /ENOENT|\n\s+at /, 'no spawn error and no stack trace');
  });

  it('stops with the command to run by hand when apt-get fails', () => {
    const result = runSetUp({ FAKE_APT_FAILS: '1' });
    assert.notEqual(result.status, 0);
    assert.deepEqual(aptCalls(), ['update -qq']);
    assert.match(result.stderr, /apt-get failed/);
    assert.ok(result.stderr.includes(installCommand(['chromium', 'ripgrep'])), result.stderr);
  });
});
