/**
 * What every benchmark hands back: figures that are each a ratio against a baseline measured in
 * the same run (absolute times on a shared, noisy machine mean little), plus the raw numbers.
 */
export type Comparison = 'atMost' | 'atLeast' | 'exactly';

export interface Target {
  readonly comparison: Comparison;
  /** The ratio the figure must stay at or under (`atMost`), reach (`atLeast`) or equal (`exactly`). */
  readonly ratio: number;
}

export interface Figure {
  readonly name: string;
  /** Our measurement, formatted with its unit. */
  readonly ours: string;
  /** The baseline's measurement, formatted, saying what the baseline is. */
  readonly baseline: string;
  /** ours ÷ baseline (for throughput: our rate ÷ the baseline's rate). NaN when not measured. */
  readonly ratio: number;
  /** Absent for informational figures. */
  readonly target?: Target;
}

export interface BenchResult {
  /** Short id, also the file name: `bundleSize`, `recognition`, … */
  readonly id: string;
  /** The numbering and name, e.g. "2. Bundle and package size". */
  readonly title: string;
  /** How it was measured and why that is a fair comparison. */
  readonly method: string;
  readonly figures: readonly Figure[];
  /** Every number the figures were computed from, and the sizes used. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
  readonly quick: boolean;
  /** Set when the benchmark could not run at all; figures are then empty. */
  readonly error?: string;
}

export type Verdict = 'pass' | 'FAIL' | 'info' | 'n/a';

export function verdict(figure: Figure): Verdict {
  const { target, ratio } = figure;
  if (!target) return 'info';
  if (!Number.isFinite(ratio)) return 'n/a';
  switch (target.comparison) {
    case 'atMost':
      return ratio <= target.ratio ? 'pass' : 'FAIL';
    case 'atLeast':
      return ratio >= target.ratio ? 'pass' : 'FAIL';
    case 'exactly':
      return ratio === target.ratio ? 'pass' : 'FAIL';
  }
}

export function targetText(target: Target | undefined): string {
  if (!target) return '—';
  const r = `${target.ratio.toFixed(2)}×`;
  switch (target.comparison) {
    case 'atMost':
      return `≤ ${r}`;
    case 'atLeast':
      return `≥ ${r}`;
    case 'exactly':
      return `= ${r}`;
  }
}

/** Options every benchmark's `run` takes. */
export interface BenchOptions {
  /** Tiny sizes, one iteration: for `npm test`, so the scripts cannot rot. No timing meaning. */
  readonly quick: boolean;
  /** Progress lines (stderr in the runner). */
  readonly log?: (line: string) => void;
}
