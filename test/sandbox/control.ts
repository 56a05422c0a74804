import { type ChildProcessByStdio, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { type Readable, type Writable } from 'node:stream';
import { type SandboxCustomer } from './demoData';
import { type SandboxFault, type SandboxKeys, type SandboxStats } from './server';

/**
 * For tests that are not in the sandbox's process (e.g. inside a VS Code extension host):
 * start the sandbox as a child (`spawnSandbox`) and drive it over its HTTP control API
 * (`SandboxControl`). Node built-ins only.
 */

export interface SandboxEndpoint {
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly port: number;
  readonly keys: SandboxKeys;
}

export interface SpawnedSandbox extends SandboxEndpoint {
  readonly control: SandboxControl;
  /** SIGTERM, then waits for the child to exit (SIGKILL after 3 s). */
  stop(): Promise<void>;
}

/** Runs `node out/test/sandbox/cli.js --port 0 --json --exit-with-parent` and reads its JSON line. */
export function spawnSandbox(
  options: {
    readonly port?: number;
    readonly hostile?: boolean;
    readonly quota?: number;
    readonly cliPath?: string;
    readonly timeoutMs?: number;
  } = {},
): Promise<SpawnedSandbox> {
  const cli = options.cliPath ?? path.join(__dirname, 'cli.js');
  const args = [cli, '--port', String(options.port ?? 0), '--json', '--exit-with-parent', '--quiet'];
  if (options.hostile) args.push('--hostile');
  if (options.quota !== undefined) args.push('--quota', String(options.quota));
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise<SpawnedSandbox>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('the sandbox did not start in time')), options.timeoutMs ?? 10_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${e.message}${err ? `: ${err.trim().slice(0, 500)}` : ''}`)));
    };
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const onEarlyExit = (code: number | null) => fail(new Error(`the sandbox exited with code ${String(code)}`));
    child.once('error', fail);
    child.once('exit', onEarlyExit);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      try {
        const endpoint = JSON.parse(out.slice(0, newline)) as SandboxEndpoint;
        resolve({ ...endpoint, control: new SandboxControl(endpoint.controlUrl), stop });
      } catch {
        fail(new Error('the sandbox printed something other than its JSON line'));
      }
    });
  });
}

/** The HTTP control API of a running sandbox (`/_sandbox/...`). */
export class SandboxControl {
  constructor(readonly controlUrl: string) {}

  async stats(): Promise<SandboxStats> {
    return (await this.call('GET', '/stats')) as SandboxStats;
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset', {});
  }

  /** `undefined` clears the fault. */
  async setFault(fault: SandboxFault | undefined): Promise<void> {
    await this.call('POST', '/fault', fault ?? { kind: 'none' });
  }

  async setQuotaUsed(key: string, used: number): Promise<void> {
    await this.call('POST', '/quota', { key, used });
  }

  async revokeKey(key: string): Promise<void> {
    await this.call('POST', '/revoke', { key });
  }

  async addCustomers(
    customers: readonly SandboxCustomer[],
    options: { readonly archived?: boolean } = {},
  ): Promise<void> {
    await this.call('POST', '/customers', { customers, archived: options.archived ?? false });
  }

  private call(method: 'GET' | 'POST', sub: string, body?: unknown): Promise<unknown> {
    const url = new URL(this.controlUrl + sub);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent: false,
          headers: payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: { status?: unknown; data?: unknown; message?: unknown } | undefined;
            try {
              parsed = JSON.parse(text) as typeof parsed;
            } catch {
              parsed = undefined;
            }
            if (res.statusCode !== 200 || parsed?.status !== 'success') {
              reject(
                new Error(
                  `sandbox control ${method} ${sub} failed (${String(res.statusCode)}): ${typeof parsed?.message === 'string' ? parsed.message : text.slice(0, 200)}`,
                ),
              );
            } else {
              resolve(parsed.data);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
