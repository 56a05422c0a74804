/** The JSON summary the in-host reporter writes, so the launcher can report failures reliably. */
export interface TestFailure {
  readonly title: string;
  readonly message: string;
  readonly stack?: string;
}

export interface TestResults {
  readonly passes: number;
  readonly failures: readonly TestFailure[];
  readonly pending: number;
  readonly durationMs: number;
}

/** Prints the failures so they stand out at the end of a long log. */
export function printFailures(suite: string, failures: readonly TestFailure[]): void {
  if (failures.length === 0) return;
  console.log(`\n${suite}: ${failures.length} failing`);
  failures.forEach((failure, index) => {
    console.log(`\n  ${index + 1}) ${failure.title}\n     ${failure.message.split('\n').join('\n     ')}`);
    if (failure.stack && process.env.ROTOR_TEST_VERBOSE) console.log(failure.stack);
  });
}

/**
 * Lines the in-host reporter prints start with this, so the launcher can show test progress live
 * and keep the workbench's own console chatter for failure reports only.
 */
export const REPORTER_PREFIX = '[rotor-tests] ';
