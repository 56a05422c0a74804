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
export type HostPhase = 'activation' | 'features' | 'coldHover';

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
  /** Only these parts of the features phase (hover, panel, bigLog, agentTools): ROTOR_BENCH_ONLY, while iterating. */
  readonly only?: readonly string[];
  /** Latency the sandbox adds to every answer in the cold-hover, agent-tool phases. */
  readonly latencyMs: number;
  /**
   * The cold-hover phase (one fresh extension host per sample): `coldFile` holds a sandbox
   * customer nobody looked up yet, hovered first, `delayMs` after our activation; then each of
   * `warmFiles` (other uncached customers) once, in the same host. Names are what the hovers must show.
   */
  readonly coldHover?: {
    readonly delayMs: number;
    readonly coldFile: string;
    readonly coldName: string;
    readonly warmFiles: readonly string[];
    readonly warmNames: readonly string[];
    readonly line: number;
    readonly character: number;
  };
  /** Big logs: our file and a same-size copy under rotor.hover.exclude (ours declines there). */
  readonly bigLog: {
    readonly file: string;
    readonly offFile: string;
    readonly bytes: number;
    readonly uuids: number;
    readonly rounds: number;
    /** The lines an editor would show (inline hints are asked for these), and the hovered UUID's position. */
    readonly visibleStartLine: number;
    readonly visibleLines: number;
    readonly hoverLine: number;
    readonly hoverCharacter: number;
    /** A word the trivial provider answers for in offFile, at hoverLine. */
    readonly trivialCharacter: number;
  };
  /** Agent tools: `ids` per round (unknown to the sandbox, some repeated, a few cached). */
  readonly agentTools: {
    readonly rounds: number;
    readonly unknownPerRound: number;
    readonly repeatedPerRound: number;
    readonly cachedPerRound: number;
  };
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
    /** Ours with the Recent Customers view on screen at the last run (the shell then creates it too): every other round. */
    readonly oursViewOpen: readonly ActivationSample[];
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
  /** Opens through the hover's own Open link (same interleaving and empty baseline as `panel`). */
  panelFromHover?: {
    readonly link: string;
    readonly oursMs: readonly number[];
    readonly emptyMs: readonly number[];
    readonly timeouts: number;
  };
  coldHover?: {
    readonly delayMs: number;
    readonly coldMs: number;
    /** Whether the features had loaded (idle preload) when the cold hover was sent. */
    readonly featuresLoadedBeforeHover: boolean | undefined;
    readonly warmMs: readonly number[];
    readonly requests: number;
  };
  coldHoverError?: string;
  bigLog?: {
    readonly documentChars: number;
    readonly lineCount: number;
    readonly links: number;
    readonly hints: number;
    /** Our link + hint providers' own work per edit (called directly). */
    readonly ourWorkMs: readonly number[];
    readonly linksWorkMs: readonly number[];
    readonly hintsWorkMs: readonly number[];
    /** findCustomerIds over the same text (taken with getText() outside the timing). */
    readonly scanMs: readonly number[];
    readonly linksOursMs: readonly number[];
    readonly linksOffMs: readonly number[];
    readonly hintsOursMs: readonly number[];
    readonly hintsOffMs: readonly number[];
    readonly hoverOursMs: readonly number[];
    readonly hoverTrivialMs: readonly number[];
    readonly heapClosedBytes: readonly number[];
    readonly heapOpenBytes: number;
    /** With only the excluded copy open in an editor (first of all): what VS Code keeps without us. */
    readonly heapOffEditorBytes: number;
    /** Then our file opened (openTextDocument) but in no editor, before any provider ran on it. */
    readonly heapDocumentBytes: number;
    /** Then shown in an editor, after the workbench's own requests (links, hints) came and went. */
    readonly heapEditorBytes: number;
    readonly gc: boolean;
  };
  bigLogError?: string;
  agentTools?: {
    readonly rounds: {
      readonly ids: number;
      readonly distinctUnknown: number;
      readonly prepareMs: number;
      readonly invokeMs: number;
      /** The transport's own round trip of each request (its request log's durationMs, whole ms). */
      readonly requestMs: readonly number[];
      readonly requests: number;
      readonly confirmation: boolean;
      readonly summary: string;
    }[];
    readonly concurrency: number;
  };
  agentToolsError?: string;
}
