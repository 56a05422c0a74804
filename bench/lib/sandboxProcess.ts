import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './script';

export interface SandboxProcess {
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly demoKey: string;
  stop(): Promise<void>;
}

/**
 * The Rotor sandbox (test/sandbox/cli.ts) in its own process, so the server's work does not run
 * on the event loop being measured. No request log, and a daily quota no benchmark reaches.
 */
export async function startSandboxProcess(): Promise<SandboxProcess> {
  const cli = path.join(REPO_ROOT, 'out', 'test', 'sandbox', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run compile-tests\` first`);
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '--port', '0', '--json', '--quiet', '--quota', '1000000000', '--exit-with-parent'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox sent no handshake within 20 s')), 20_000);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    void exited.then(() => reject(new Error('the sandbox exited before its handshake')));
  });
  child.stdout!.resume();
  const handshake = JSON.parse(line) as { baseUrl: string; controlUrl: string; keys: { demo: string } };
  return {
    baseUrl: handshake.baseUrl,
    controlUrl: handshake.controlUrl,
    demoKey: handshake.keys.demo,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
