/**
 * What the in-host benchmark launcher (bench/inHost.ts, Node) and the suite it runs inside the
 * extension host (bench/host/benchSuite.ts) exchange through files. No imports: loaded on both sides.
 */
export interface HostExtension {
  /** `publisher.name`. */
  readonly id: string;
  /** Its folder, loaded through `extensionDevelopmentPath`. */
  readonly dir: string;
  /** `main` of its package.json, relative to `dir`. */
  readonly main: string;
}

/**
 * Each phase runs in a fresh extension host (a new workbench page): the repeated activations of
 * `activation` leave things behind in their host (e.g. the "Rotor" log channel they created and
 * disposed again and again) that the real activation of `features` must not inherit.
 */
export type HostPhase = 'activation' | 'features';

export interface HostBenchConfig {
  readonly phase: HostPhase;
  readonly quick: boolean;
  readonly resultsFile: string;
  /** JSON lines of PaintEvent, appended by the launcher as the page reports them. */
  readonly paintEventsFile: string;
  readonly ours: HostExtension;
  readonly empty: HostExtension;
  readonly activationSamples: number;
  readonly hoverWarmup: number;
  readonly hoverCalls: number;
  readonly panelOpens: number;
  /** A customer the benchmark primes into the store: the cached hover and panel show it. */
  readonly customer: {
    readonly id: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly companyName: string;
  };
  readonly hover: {
    /** A file with the customer's UUID at `line`:`character`. */
    readonly customerFile: string;
    /** A file with the word the trivial provider answers for at `line`:`character`. */
    readonly trivialFile: string;
    /** A file where a static provider answers with our hover's exact content, at `line`:`character`. */
    readonly staticFile: string;
    readonly line: number;
    readonly character: number;
  };
  /** Text whose appearance in a webview means it painted. */
  readonly paintMarkers: { readonly ours: string; readonly empty: string };
  readonly sandboxControl: string;
  readonly apiKey: string;
}

/** One webview frame that showed a marker, timed in the page (`performance.timeOrigin + now()`). */
export interface PaintEvent {
  readonly marker: string;
  readonly t: number;
}

export interface ActivationSample {
  /** `require()` of a fresh copy of the bundle: module evaluation, ms. */
  readonly loadMs: number;
  /** `activate(context)` until it returned (and its promise settled, if any), ms. */
  readonly activateMs: number;
}

/** The extension host's own marks for a real activation (Date.now() resolution: whole ms). */
export interface HostMarks {
  readonly loadCodeMs?: number;
  readonly activateCallMs?: number;
  /** From willLoadExtensionCode to didActivateExtension. */
  readonly totalMs?: number;
  /** Wall time of `await extension.activate()` as the caller sees it (performance.now()). */
  readonly apiActivateMs: number;
}

export interface HostBenchResults {
  readonly vscodeVersion: string;
  readonly node: string;
  activation?: {
    readonly ours: readonly ActivationSample[];
    readonly empty: readonly ActivationSample[];
  };
  activationError?: string;
  /** The first, real activation of each extension in the `features` host. */
  hostMarks?: { readonly ours: HostMarks; readonly empty: HostMarks };
  hostMarksError?: string;
  hover?: {
    readonly oursMs: readonly number[];
    readonly trivialMs: readonly number[];
    /** The static provider that serves our hover's content: what the content alone costs. */
    readonly staticMs: readonly number[];
    readonly warmup: number;
    readonly oursText: string;
    readonly trivialText: string;
    readonly sandboxRequestsDuring: number;
  };
  hoverError?: string;
  panel?: {
    readonly oursMs: readonly number[];
    readonly emptyMs: readonly number[];
    readonly timeouts: { readonly ours: number; readonly empty: number };
    readonly sandboxRequestsDuring: number;
  };
  panelError?: string;
}
