import * as path from 'node:path';
import { type BenchOptions, type BenchResult } from './result';

/** The repository root (this file is compiled to out/bench/lib/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The line prefix under which a benchmark process prints its JSON result for the runner. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export type BenchRun = (options: BenchOptions) => Promise<BenchResult | BenchResult[]>;

/**
 * Runs a benchmark file as its own process (`node out/bench/x.js [--quick]`), which is how the
 * runner calls it: one process per benchmark keeps their heaps and JIT state apart. Progress
 * goes to stderr, the result as one JSON line on stdout.
 */
export function runAsScript(run: BenchRun): void {
  const quick = process.argv.includes('--quick') || process.env.ROTOR_BENCH_QUICK === '1';
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  run({ quick, log }).then(
    (result) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(Array.isArray(result) ? result : [result])}\n`);
      // Keep-alive sockets or timers left by a library must not keep a finished benchmark alive.
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** A result for a benchmark that could not run, so the report still has its row. */
export function failedResult(id: string, title: string, quick: boolean, error: string): BenchResult {
  return { id, title, method: '', figures: [], raw: {}, notes: [], quick, error };
}
