/** Small statistics and formatting helpers shared by the benchmarks. */

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The usual summary of a latency sample, in the sample's unit, rounded for the report. */
export function summary(values: readonly number[], digits = 3): Record<string, number> {
  const round = (x: number): number => Number(x.toFixed(digits));
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(median(values)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
    mean: round(mean(values)),
  };
}

export function ms(x: number, digits = 3): string {
  return `${x.toFixed(digits)} ms`;
}

export function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${n.toLocaleString('en-US')} B (${(n / 1024 / 1024).toFixed(2)} MiB)`;
  if (n >= 1024) return `${n.toLocaleString('en-US')} B (${(n / 1024).toFixed(1)} KiB)`;
  return `${n} B`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** ours ÷ baseline, NaN when either is missing. */
export function ratio(ours: number, baseline: number): number {
  return Number.isFinite(ours) && Number.isFinite(baseline) && baseline !== 0 ? ours / baseline : NaN;
}

/** High-resolution monotonic milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
