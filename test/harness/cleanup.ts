/**
 * One place that knows what must be undone when the run ends, however it ends: normal exit, a
 * failing test, a timeout, Ctrl-C or SIGTERM from CI. Tasks run last-registered first, so a
 * browser closes before the server it talks to, and the server stops before its state folder goes.
 */

type Task = { readonly name: string; readonly run: () => Promise<void> | void };

const tasks: Task[] = [];
const TASK_TIMEOUT_MS = 15_000;
const STOP_DEADLINE_MS = 20_000;
let running: Promise<void> | undefined;

/** True once the run is being torn down: launchers start no further suites. */
export const isStopping = (): boolean => running !== undefined;

/** Registers an undo step; the returned function runs it early (and only once). */
export function onCleanup(name: string, run: () => Promise<void> | void): () => Promise<void> {
  const task: Task = { name, run };
  tasks.push(task);
  return async () => {
    const index = tasks.indexOf(task);
    if (index < 0) return;
    tasks.splice(index, 1);
    await runBounded(task);
  };
}

async function runBounded(task: Task): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[harness] cleanup "${task.name}" took over ${TASK_TIMEOUT_MS / 1000}s, moving on`);
      resolve();
    }, TASK_TIMEOUT_MS);
  });
  const started = Date.now();
  try {
    await Promise.race([Promise.resolve().then(task.run), timeout]);
    if (Date.now() - started > 5000) console.error(`[harness] cleanup "${task.name}" took ${Date.now() - started} ms`);
  } catch (error) {
    console.error(`[harness] cleanup "${task.name}" failed:`, error);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every registered task once, newest first. Safe to call more than once. */
export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) await runBounded(tasks.pop() as Task);
  })();
  return running;
}

/**
 * SIGINT/SIGTERM: our children run in their own process groups (so a test cannot take the
 * launcher down with them), which also means the terminal's Ctrl-C never reaches them. Forward
 * the stop by cleaning up, then exit with the conventional 128+signal code.
 * One Ctrl-C often arrives twice (the terminal signals the whole foreground group, and npm or
 * test-electron forward it once more): repeats within a few seconds are ignored. A later one
 * exits at once; the synchronous exit hooks in processGroup/tempDirs still kill and delete.
 */
export function installSignalHandlers(): void {
  let firstAt: number | undefined;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      if (firstAt !== undefined) {
        if (Date.now() - firstAt > 3000) process.exit(code);
        return;
      }
      firstAt = Date.now();
      console.error(`\n[harness] ${signal}: stopping everything we started`);
      // Bounded: if a step hangs, the exit hooks still SIGKILL the groups and delete the folders.
      setTimeout(() => process.exit(code), STOP_DEADLINE_MS).unref();
      void runCleanup().finally(() => process.exit(code));
    });
  }
}

/**
 * Runs an entry point's `main` and exits with its code. A throw is printed as one line (no
 * stack) with `prefix`, everything started is cleaned up, and the process exits with `crashCode`.
 */
export function runAsMain(main: () => Promise<number>, prefix: string, crashCode = 2): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${prefix} ${error instanceof Error ? error.message : String(error)}`);
      void runCleanup().finally(() => process.exit(crashCode));
    },
  );
}
