import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * A child that leads its own process group (`detached` = setsid on Linux). code-server forks
 * extension hosts, file watchers and a pty host; killing only its PID leaves those running (for
 * hours, with the default reconnection grace), so we always signal the whole group.
 */
export interface ProcessGroup {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) of the group leader. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL after `graceMs` if anything in it is still alive. */
  stop(graceMs?: number): Promise<void>;
}

/** Groups still alive: the 'exit' hook below kills them if the launcher dies without cleaning up. */
const liveGroups = new Set<number>();

process.on('exit', () => {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
});

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

/** True while any process of the group exists. */
export const groupAlive = (pgid: number): boolean => signalGroup(pgid, 0);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await sleep(100);
  }
  return !groupAlive(pgid);
}

export interface SpawnGroupOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** stdout and stderr go to this file (the child must not depend on our pipes staying open)… */
  readonly logFile?: string;
  /** …unless we need to read stdout, e.g. a JSON handshake line. */
  readonly pipeStdout?: boolean;
  /** An open stdin pipe lets a child notice that we died (it reads end-of-file). */
  readonly pipeStdin?: boolean;
  /** For children that cannot notice it themselves: see ORPHAN_GUARD. */
  readonly stopWhenParentDies?: boolean;
}

/**
 * Our 'exit' hook cannot run when the launcher is killed with SIGKILL (or OOM). For that case a
 * tiny shell guard runs in the child's group, holding the read end of a pipe from us: when it
 * reads end-of-file (we are gone), it sends SIGTERM to the leader, waits up to 5 s, then SIGKILLs
 * the whole group (itself included). The shell then execs the real command, which keeps the PID,
 * so the group id and exit status stay the command's. (dash's kill takes `-PGID`, not `-- -PGID`.)
 */
const ORPHAN_GUARD = [
  'exec 3<&0',
  '( read _ <&3; kill -TERM $$; i=0; while kill -0 $$ 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL -$$ ) &',
  'exec 3<&-',
  'exec "$0" "$@"',
].join('\n');

export function spawnGroup(command: string, args: readonly string[], options: SpawnGroupOptions): ProcessGroup {
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const guarded = options.stopWhenParentDies === true;
  const stdio: StdioOptions = [
    options.pipeStdin || guarded ? 'pipe' : 'ignore',
    options.pipeStdout ? 'pipe' : log,
    log,
  ];
  const [file, argv] = guarded ? ['/bin/sh', ['-c', ORPHAN_GUARD, command, ...args]] : [command, args];
  const child = spawn(file, argv, { env: options.env, cwd: options.cwd, detached: true, stdio });
  if (typeof log === 'number') fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  liveGroups.add(pid);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  return {
    pid,
    child,
    exited,
    async stop(graceMs = 5000) {
      if (signalGroup(pid, 'SIGTERM') && !(await waitUntilGone(pid, graceMs))) {
        signalGroup(pid, 'SIGKILL');
        await waitUntilGone(pid, 2000);
      }
      liveGroups.delete(pid);
    },
  };
}
