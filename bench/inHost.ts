import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from '../test/harness/browser';
import { installSignalHandlers, runCleanup } from '../test/harness/cleanup';
import { serverState, startCodeServer } from '../test/harness/codeServer';
import { consoleLine, isNoise } from '../test/harness/pageConsole';
import { prepareHost } from '../test/harness/prepareHost';
import { startSandbox } from '../test/harness/sandbox';
import { enableSmokeTestDriver } from '../test/harness/smokeTestDriver';
import { makeTempDir } from '../test/harness/tempDirs';
import { CODE_SERVER_VERSION } from '../test/harness/testHostVersions';
import { remoteUri, workbenchUrl } from '../test/harness/workbenchUrl';
import {
  type HostBenchConfig,
  type HostBenchResults,
  type HostExtension,
  type HostPhase,
  type PaintEvent,
} from './host/protocol';
import { DEMO_ARCHIVED_IDS, DEMO_CUSTOMERS } from '../test/sandbox/demoData';
import { buildProduction, copyPackage } from './lib/packageCopy';
import { mulberry32, randomHex, randomUuid, shuffle } from './lib/random';
import { type BenchOptions, type BenchResult } from './lib/result';
import { REPO_ROOT, runAsScript } from './lib/script';
import { bytes, mean, median, ms, percentile, ratio, summary } from './lib/stats';

const HOST_PREFIX = '[rotor-bench] ';

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<
    Pick<T, K>
  >;
}
const CUSTOMER = {
  id: 'b3e1c0de-5a1e-4b3c-9d2e-0123456789ab',
  firstName: 'Benchmark',
  lastName: 'Paintcheck',
  companyName: 'Bench Roofing',
};
const EMPTY_MARKER = 'rotor-bench-empty-webview';
/** What the sandbox adds to every customer answer in the cold-hover and agent-tool benchmarks. */
const LATENCY_MS = 50;
/** The cold hover comes this long after our activation: the window is up, the user reaches for an ID. */
const COLD_HOVER_DELAY_MS = 3000;

/**
 * Benchmark 12's log: `uuids` customer UUID occurrences (a quarter as many distinct IDs, some upper
 * case) on log lines among lines without one, about `bytes` long; and a byte-identical copy that
 * the benchmark puts under rotor.hover.exclude.
 */
function writeBigLogs(dir: string, quick: boolean): Omit<HostBenchConfig['bigLog'], 'rounds'> {
  const random = mulberry32(0xb16106);
  const uuids = quick ? 4_000 : 40_000;
  const target = quick ? 400_000 : 4_000_000;
  const ids = Array.from({ length: uuids / 4 }, () => randomUuid(random));
  const order = shuffle(random, [...ids, ...ids, ...ids, ...ids]);
  const lines: string[] = [];
  let size = 0;
  const push = (line: string): void => {
    lines.push(line);
    size += line.length + 1;
  };
  for (const [i, id] of order.entries()) {
    const t = `2024-05-14T09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.512Z`;
    push(`${t} INFO  customer=${i % 5 === 0 ? id.toUpperCase() : id} job=${randomHex(random, 8)} booked`);
    // Lines without an ID in between, spread so the file reaches its size evenly.
    while (size < (target * (i + 1)) / uuids)
      push(`${t} DEBUG trace=${randomHex(random, 32)} span=${randomHex(random, 16)} ok`);
  }
  const text = `${lines.join('\n')}\n`;
  const file = path.join(dir, 'big.log');
  const offFile = path.join(dir, 'big-off.log');
  fs.writeFileSync(file, text);
  fs.writeFileSync(offFile, text);
  const visibleStartLine = Math.floor(lines.length / 2);
  let hoverLine = visibleStartLine + 20;
  while (!lines[hoverLine]!.includes('customer=')) hoverLine++;
  const line = lines[hoverLine]!;
  return {
    file,
    offFile,
    bytes: Buffer.byteLength(text),
    uuids,
    visibleStartLine,
    visibleLines: 50,
    hoverLine,
    hoverCharacter: line.indexOf('customer=') + 'customer='.length + 10,
    trivialCharacter: line.indexOf('INFO') + 1,
  };
}

/** Files for the cold-hover samples: each names sandbox customers no earlier phase looked up. */
function coldHoverFiles(
  dir: string,
  prefix: string,
  samples: number,
  warmPerSample: number,
): { samples: Omit<NonNullable<HostBenchConfig['coldHover']>, 'delayMs'>[] } {
  const customers = DEMO_CUSTOMERS.filter(
    (c) =>
      !DEMO_ARCHIVED_IDS.includes(c.id) &&
      typeof c.first_name === 'string' &&
      typeof c.last_name === 'string' &&
      /^[A-Za-z]+ [A-Za-z]+$/.test(`${c.first_name} ${c.last_name}`),
  );
  const needed = samples * (1 + warmPerSample);
  if (customers.length < needed) throw new Error(`${needed} sandbox customers needed, ${customers.length} usable`);
  let next = 0;
  const file = (): { file: string; name: string } => {
    const c = customers[next++]!;
    const f = path.join(dir, `cold-${next}.txt`);
    fs.writeFileSync(f, `first line\n${prefix}${c.id} synced\n`);
    return { file: f, name: `${String(c.first_name)} ${String(c.last_name)}` };
  };
  return {
    samples: Array.from({ length: samples }, () => {
      const cold = file();
      const warm = Array.from({ length: warmPerSample }, file);
      return {
        coldFile: cold.file,
        coldName: cold.name,
        warmFiles: warm.map((w) => w.file),
        warmNames: warm.map((w) => w.name),
        line: 1,
        character: prefix.length + 10,
      };
    }),
  };
}

/**
 * Our extension as users get it (production bundle, no node_modules), installed in the server's
 * extensions folder under the name VS Code gives an installed extension (a fresh folder without
 * extensions.json is scanned as is).
 */
function installOurs(extensionsDir: string): HostExtension {
  const build = path.join(extensionsDir, '..', 'ours-build');
  copyPackage(build);
  buildProduction(build);
  const manifest = JSON.parse(fs.readFileSync(path.join(build, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
    main: string;
    activationEvents?: string[];
  };
  const dir = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(dir);
  for (const name of ['dist', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (fs.existsSync(path.join(build, name)))
      fs.cpSync(path.join(build, name), path.join(dir, name), { recursive: true });
  }
  // The benchmark decides when it activates: not on startup, so the host cannot activate it first.
  manifest.activationEvents = [];
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.rmSync(build, { recursive: true, force: true });
  return { id: `${manifest.publisher}.${manifest.name}`, dir, main: manifest.main.replace(/^\.\//, '') };
}

/** The smallest extension there is, installed the same way: a manifest and an activate that does nothing. */
function installEmpty(extensionsDir: string): HostExtension {
  const manifest = {
    name: 'empty-extension',
    publisher: 'rotor-bench',
    version: '0.0.1',
    engines: { vscode: '^1.95.0' },
    main: './extension.js',
    activationEvents: [],
  };
  const dir = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    "'use strict';\n// Every extension requires the API; this one then does nothing.\nrequire('vscode');\nexports.activate = function activate() {};\nexports.deactivate = function deactivate() {};\n",
  );
  return { id: `${manifest.publisher}.${manifest.name}`, dir, main: 'extension.js' };
}

/**
 * The one `extensionDevelopmentPath` of the run: a manifest without code. The web workbench keeps
 * only one development path (it reads the URL payload into a Map), and a test run needs one.
 */
function createDriver(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'bench-driver',
    publisher: 'rotor-bench',
    version: '0.0.1',
    engines: { vscode: '^1.95.0' },
    activationEvents: [],
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/**
 * Installed in every frame. In a webview host frame (…/webview/browser/pre/index.html) it watches
 * for the content frame to become the visible `active-frame` and show one of the markers, then
 * waits two animation frames (the first paint is done) and reports the time.
 */
function watchWebviews({ markers, debug }: { markers: readonly string[]; debug: boolean }): void {
  type Doc = { body: { textContent: string | null } | null };
  type Frame = { contentDocument: Doc | null; contentWindow: { requestAnimationFrame(cb: () => void): number } | null };
  const g = globalThis as unknown as {
    location: { pathname: string };
    document: { getElementById(id: string): Frame | null };
    performance: { timeOrigin: number; now(): number };
    MutationObserver: new (cb: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
    rotorBenchPainted?: (marker: string, t: number) => void;
  };
  const trace = (what: string): void => {
    if (debug) console.log(`[rotor-bench] [page] ${what}`);
  };
  if (!g.location.pathname.endsWith('/pre/index.html')) return;
  trace(`watching ${g.location.pathname}, binding ${typeof g.rotorBenchPainted}`);
  const watched = new WeakSet<object>();
  const watch = (frame: Frame): void => {
    const doc = frame.contentDocument;
    trace(
      `active frame, document ${doc ? `text: ${(doc.body?.textContent ?? '').replace(/\s+/g, ' ').slice(0, 150)}` : 'not readable'}`,
    );
    if (!doc) return;
    const found = (): boolean => {
      const text = doc.body?.textContent ?? '';
      const marker = markers.find((m) => text.includes(m));
      if (!marker) return false;
      const raf = (cb: () => void): number =>
        (frame.contentWindow ?? { requestAnimationFrame: (c: () => void) => setTimeout(c, 16) }).requestAnimationFrame(
          cb,
        ) as number;
      trace(`marker ${marker} found`);
      raf(() =>
        raf(() => {
          const t = g.performance.timeOrigin + g.performance.now();
          trace(`painted ${marker} at ${t}`);
          g.rotorBenchPainted?.(marker, t);
        }),
      );
      return true;
    };
    if (found()) return;
    const observer = new g.MutationObserver(() => {
      if (found()) observer.disconnect();
    });
    observer.observe(doc, { childList: true, subtree: true, characterData: true });
  };
  new g.MutationObserver(() => {
    const frame = g.document.getElementById('active-frame');
    if (frame && !watched.has(frame)) {
      watched.add(frame);
      watch(frame);
    }
  }).observe(g.document, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
}

interface HostRun {
  readonly exitCode: number;
  readonly tail: string[];
  readonly clockSkewMs: number;
}

/**
 * One browser (one profile: what a phase stores in the secret storage, the browser's
 * localStorage, the next phase finds) whose page opens a new workbench, and with it a fresh
 * extension host, for each phase run.
 */
async function openHostSession(
  serverUrl: string,
  workspace: string,
  driver: string,
  config: Pick<HostBenchConfig, 'paintEventsFile' | 'paintMarkers'>,
  log: (l: string) => void,
): Promise<{ run(configFile: string, timeoutMs: number): Promise<HostRun>; close(): Promise<void> }> {
  const browser = await launchBrowser();
  let tail: string[] = [];
  const { page } = browser;
  let reportExit: (code: number) => void = () => undefined;
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
  await page.exposeFunction('rotorBenchPainted', (marker: string, t: number) => {
    const event: PaintEvent = { marker, t };
    fs.appendFileSync(config.paintEventsFile, `${JSON.stringify(event)}\n`);
  });
  await page.addInitScript(watchWebviews, {
    markers: [config.paintMarkers.ours, config.paintMarkers.empty],
    debug: Boolean(process.env.ROTOR_BENCH_DEBUG),
  });
  await enableSmokeTestDriver(page);
  page.on('console', (message) => {
    void consoleLine(message).then((line) => {
      if (line.startsWith(HOST_PREFIX)) log(`[in-host] ${line.slice(HOST_PREFIX.length)}`);
      else if (!isNoise(line) && !/^\s*at /.test(line)) {
        tail.push(line);
        if (tail.length > 60) tail.shift();
        if (process.env.ROTOR_TEST_VERBOSE) log(`[workbench] ${line}`);
      }
    });
  });
  page.on('pageerror', (error) => tail.push(`[pageerror] ${error.message}`));
  if (process.env.ROTOR_BENCH_DEBUG) page.on('framenavigated', (frame) => log(`[frame] ${frame.url().slice(0, 200)}`));
  return {
    async run(configFile, timeoutMs) {
      tail = [];
      const exited = new Promise<number>((resolve) => (reportExit = resolve));
      const payload: [string, string][] = [
        ['extensionDevelopmentPath', remoteUri(driver)],
        ['extensionTestsPath', remoteUri(path.join(__dirname, 'host', 'benchSuite.js'))],
        ['extensionEnvironment', JSON.stringify({ ROTOR_BENCH_CONFIG: configFile })],
      ];
      await page.goto(workbenchUrl(serverUrl, workspace, payload));

      // The page's clock against ours (the extension host's is a Node clock like ours).
      const before = performance.timeOrigin + performance.now();
      const pageNow = await page.evaluate(() => {
        const p = (globalThis as unknown as { performance: { timeOrigin: number; now(): number } }).performance;
        return p.timeOrigin + p.now();
      });
      const after = performance.timeOrigin + performance.now();
      const clockSkewMs = pageNow - (before + after) / 2;

      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), timeoutMs)));
      const exitCode = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      // Leave the workbench, so its extension host ends before the next phase starts another.
      await page.goto('about:blank').catch(() => undefined);
      return { exitCode, tail, clockSkewMs };
    },
    close: () => browser.close(),
  };
}

/**
 * Benchmarks 1, 3 and 8 in a real extension host: code-server (the pinned test host), driven by
 * Chromium through playwright-core, with our production bundle and an empty extension both
 * installed in the server's extensions folder. The measuring half runs inside the extension host
 * (bench/host/benchSuite.ts); this half starts everything, times webview paints in the page and
 * turns the numbers into figures. ROTOR_BENCH_DEBUG=1 prints the page's frames and paint events;
 * ROTOR_KEEP_TEST_STATE=1 keeps the temp folder (server logs, results).
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult[]> {
  installSignalHandlers();
  try {
    const host = await prepareHost({ browser: true });
    const root = makeTempDir('rotor-bench-host-');
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp);
    process.env.TMPDIR = tmp;

    const state = serverState(path.join(root, 'server'));
    log('[in-host] installing our production build and an empty extension');
    const ours = installOurs(state.extensionsDir);
    const empty = installEmpty(state.extensionsDir);
    const driver = createDriver(path.join(root, 'bench-driver'));
    const workspace = path.join(root, 'workspace');
    fs.mkdirSync(workspace);
    const prefix = '2024-03-09T16:00:00.000Z INFO  [crm-sync] customer=';
    const customerFile = path.join(workspace, 'hover-customer.txt');
    const trivialFile = path.join(workspace, 'hover-trivial.txt');
    const staticFile = path.join(workspace, 'hover-static.txt');
    fs.writeFileSync(customerFile, `first line\n${prefix}${CUSTOMER.id} synced\n`);
    fs.writeFileSync(trivialFile, `first line\n${prefix.replace(/./g, ' ')}hello world\n`);
    fs.writeFileSync(staticFile, `first line\n${prefix.replace(/./g, ' ')}hello world\n`);

    // ROTOR_BENCH_ONLY=bigLog,panel (while iterating): only those parts of the features phase, no other phase.
    const only = process.env.ROTOR_BENCH_ONLY?.split(',');
    const big = writeBigLogs(workspace, quick);
    const cold = coldHoverFiles(workspace, prefix, quick ? 2 : 10, 3);

    const sandbox = await startSandbox(REPO_ROOT, root);
    const server = await startCodeServer({ host, state, settings: { 'rotor.apiBaseUrl': sandbox.baseUrl } });
    log(`[in-host] code-server ${CODE_SERVER_VERSION} at ${server.url}`);

    const base: Omit<HostBenchConfig, 'phase' | 'resultsFile'> = {
      quick,
      paintEventsFile: path.join(root, 'paint-events.jsonl'),
      ours,
      empty,
      activationSamples: quick ? 2 : 100,
      hoverWarmup: quick ? 2 : 50,
      hoverCalls: quick ? 5 : 3000,
      panelOpens: quick ? 1 : 31,
      customer: CUSTOMER,
      hover: { customerFile, trivialFile, staticFile, line: 1, character: prefix.length + 10 },
      paintMarkers: { ours: CUSTOMER.lastName, empty: EMPTY_MARKER },
      sandboxControl: sandbox.controlUrl,
      apiKey: sandbox.demoKey,
      latencyMs: LATENCY_MS,
      bigLog: { ...big, rounds: quick ? 2 : 40 },
      agentTools: { rounds: quick ? 1 : 21, unknownPerRound: 40, repeatedPerRound: 4, cachedPerRound: 4 },
      ...(only ? { only } : {}),
    };
    const session = await openHostSession(server.url, workspace, driver, base, log);
    // A page per phase, so each phase gets a fresh extension host (see HostPhase).
    const runPhase = async (
      phase: HostPhase,
      name: string = phase,
      extra: Partial<HostBenchConfig> = {},
    ): Promise<{ results: HostBenchResults; clockSkewMs: number }> => {
      const config: HostBenchConfig = {
        ...base,
        ...extra,
        phase,
        resultsFile: path.join(root, `host-results-${name}.json`),
      };
      const configFile = path.join(root, `host-config-${name}.json`);
      fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
      log(`[in-host] phase ${name}`);
      const outcome = await session.run(configFile, (quick ? 4 : 15) * 60_000);
      if (!fs.existsSync(config.resultsFile)) {
        throw new Error(
          `the extension host wrote no results in phase ${name} (exit ${outcome.exitCode === -1 ? 'timeout' : outcome.exitCode}).\n--- workbench console ---\n${outcome.tail.join('\n')}\n--- code-server log ---\n${server.logTail(30)}`,
        );
      }
      return {
        results: JSON.parse(fs.readFileSync(config.resultsFile, 'utf8')) as HostBenchResults,
        clockSkewMs: outcome.clockSkewMs,
      };
    };
    let activation: { results: HostBenchResults };
    let features: { results: HostBenchResults; clockSkewMs: number };
    const coldRuns: NonNullable<HostBenchResults['coldHover']>[] = [];
    const coldErrors: string[] = [];
    try {
      activation =
        only && !only.includes('activation')
          ? { results: { vscodeVersion: '', node: '' } }
          : await runPhase('activation');
      // Sets the API key (kept in this browser's secret storage for the cold hosts below).
      features = only?.every((p) => p === 'activation')
        ? { results: { vscodeVersion: '', node: '' }, clockSkewMs: 0 }
        : await runPhase('features');
      // One fresh host per sample; half hover soon after activation, before the idle preload.
      for (const [i, sample] of (only && !only.includes('coldHover') ? [] : cold.samples).entries()) {
        const delayMs = i % 2 === 0 ? COLD_HOVER_DELAY_MS : 0;
        try {
          const { results } = await runPhase('coldHover', `coldHover-${i}`, { coldHover: { ...sample, delayMs } });
          if (results.coldHover) coldRuns.push(results.coldHover);
          else coldErrors.push(results.coldHoverError ?? 'no result');
        } catch (e) {
          coldErrors.push(e instanceof Error ? e.message : String(e));
        }
      }
    } finally {
      await session.close();
    }
    const results: HostBenchResults = {
      ...features.results,
      ...pick(activation.results, 'activation', 'activationError'),
    };
    const config = { ...base, phase: 'features', resultsFile: '' } satisfies HostBenchConfig;
    return [
      ...figures(results, config, features.clockSkewMs, quick),
      coldHoverFigures(coldRuns, coldErrors, quick),
      panelFromHoverFigures(results, quick),
      bigLogFigures(results, config, quick),
      agentToolsFigures(results, config, quick),
    ];
  } finally {
    await runCleanup();
  }
}

function figures(r: HostBenchResults, config: HostBenchConfig, clockSkewMs: number, quick: boolean): BenchResult[] {
  const common = { vscodeVersion: r.vscodeVersion, extensionHostNode: r.node, codeServer: CODE_SERVER_VERSION };
  const quickNote = quick
    ? ['Quick mode: a couple of samples, to check the benchmark runs; the numbers mean nothing.']
    : [];
  const failed = (id: string, title: string, error: string): BenchResult => ({
    id,
    title,
    method: '',
    figures: [],
    raw: common,
    notes: [],
    quick,
    error,
  });
  const out: BenchResult[] = [];

  if (r.activation) {
    const a = r.activation;
    const total = (s: { loadMs: number; activateMs: number }): number => s.loadMs + s.activateMs;
    const oursTotal = median(a.ours.map(total));
    const emptyTotal = median(a.empty.map(total));
    const viewOpenTotal = median(a.oursViewOpen.map(total));
    out.push({
      id: 'activation',
      title: '1. Activation cost',
      method:
        'Inside the real extension host (code-server, VS Code ' +
        r.vscodeVersion +
        "), our production bundle and an empty extension (a manifest and `require('vscode')`; activate does nothing) are both installed in the server's extensions folder, with no activation event, so that the benchmark activates them. " +
        '(Not both through `extensionDevelopmentPath`: the web workbench reads the URL payload into a Map and keeps only one development path; that one is a code-less driver extension whose test runner is the benchmark.) ' +
        "A sample times, with `performance.now()`, `require()` of a fresh copy of the extension's main file (written next to it with a unique trailing comment, so V8 cannot reuse compiled code and every sample pays parse + compile + evaluation) and then `activate(context)` with an ExtensionContext like the host's (subscriptions, in-memory globalState, workspaceState and secrets), then disposes the subscriptions. " +
        'Its workspaceState is empty: the Recent Customers view was not on screen when the workspace last ran, so the shell leaves creating it to the features (the common case: a hidden view needs no provider until it is opened); with the view on screen last time the shell creates it at activation as well, the info row, every other round. ' +
        `One discarded sample per extension (the first \`require('vscode')\` of an extension builds its API object), then ${a.ours.length} samples each, interleaved; medians. ` +
        "These samples run in an extension host of their own. Cross-check: the first, real activation of each by the host (`extension.activate()`) in a second, fresh extension host (the one benchmarks 3 and 8 then use), from the host's own `code/extHost/willLoadExtensionCode` … `didActivateExtension` marks (whole milliseconds; they also cover the host's per-extension setup, e.g. its storage, which runs alongside loading the code).",
      figures: [
        {
          name: 'Module evaluation + activate(), median',
          ours: ms(oursTotal),
          baseline: `${ms(emptyTotal)} (empty extension)`,
          ratio: ratio(oursTotal, emptyTotal),
          target: { comparison: 'atMost', ratio: 3 },
        },
        {
          name: 'The same with the Recent Customers view on screen at the last run (the shell creates the view too)',
          ours: ms(viewOpenTotal),
          baseline: `${ms(emptyTotal)} (empty extension)`,
          ratio: ratio(viewOpenTotal, emptyTotal),
        },
        {
          name: "Host's own marks for a real activation (load code → activated, incl. the host's per-extension setup; whole ms)",
          ours: r.hostMarks?.ours.totalMs === undefined ? 'no marks' : `${r.hostMarks?.ours.totalMs} ms`,
          baseline:
            r.hostMarks?.empty.totalMs === undefined
              ? 'no marks'
              : `${r.hostMarks?.empty.totalMs} ms (empty extension)`,
          ratio: ratio(r.hostMarks?.ours.totalMs ?? NaN, r.hostMarks?.empty.totalMs ?? NaN),
        },
      ],
      raw: {
        ...common,
        samples: a.ours.length,
        oursLoadMs: summary(a.ours.map((s) => s.loadMs)),
        oursActivateMs: summary(a.ours.map((s) => s.activateMs)),
        oursTotalMs: summary(a.ours.map(total)),
        oursViewOpenTotalMs: summary(a.oursViewOpen.map(total)),
        emptyLoadMs: summary(a.empty.map((s) => s.loadMs)),
        emptyActivateMs: summary(a.empty.map((s) => s.activateMs)),
        emptyTotalMs: summary(a.empty.map(total)),
        hostMarks: r.hostMarks ?? r.hostMarksError,
        mainFileBytes: {
          ours: fs.statSync(path.join(config.ours.dir, config.ours.main)).size,
          empty: fs.statSync(path.join(config.empty.dir, config.empty.main)).size,
        },
      },
      notes: [
        ...quickNote,
        `Ours, medians: ${ms(median(a.ours.map((s) => s.loadMs)))} to evaluate the ${Math.round(fs.statSync(path.join(config.ours.dir, config.ours.main)).size / 1024)} KiB bundle, ${ms(median(a.ours.map((s) => s.activateMs)))} in activate(); the empty extension: ${ms(median(a.empty.map((s) => s.loadMs)))} and ${ms(median(a.empty.map((s) => s.activateMs)))}. The features bundle (dist/main.js) loads on first use, not at activation; what it holds: see mainJsBytesBySource under benchmark 2.`,
      ],
      quick,
    });
  } else {
    out.push(failed('activation', '1. Activation cost', r.activationError ?? 'no result'));
  }

  if (r.hover) {
    const h = r.hover;
    const p50 = { ours: median(h.oursMs), trivial: median(h.trivialMs) };
    const p99 = { ours: percentile(h.oursMs, 99), trivial: percentile(h.trivialMs, 99) };
    out.push({
      id: 'hover',
      title: '3. Cached hover',
      method:
        '`vscode.executeHoverProvider` from the extension host (a round trip through the workbench in the browser and back to the providers) on our customer UUID, whose customer is in the store (primed; API key set), ' +
        'against the same call on a word a trivial provider answers (`new Hover(new MarkdownString(...))`), registered by the benchmark for every document like ours. ' +
        "A third provider, registered the same way, answers in a third file with the exact markdown our hover returned (trusted for the same commands): the difference between ours and it is our provider's own work (finding the ID, the cache lookup, rendering), the difference between it and the trivial one what VS Code does with a larger hover with links (the extension host lexes every markdown string it sends, to collect its links). " +
        `Each call thus runs all three providers, one answering and two declining. ${h.warmup} warm-up calls each, then ${h.oursMs.length} calls each, interleaved, the order rotating every round.`,
      figures: [
        {
          name: 'executeHoverProvider, p50',
          ours: ms(p50.ours),
          baseline: `${ms(p50.trivial)} (trivial provider)`,
          ratio: ratio(p50.ours, p50.trivial),
          target: { comparison: 'atMost', ratio: 1.2 },
        },
        {
          name: 'executeHoverProvider, p99',
          ours: ms(p99.ours),
          baseline: `${ms(p99.trivial)} (trivial provider)`,
          ratio: ratio(p99.ours, p99.trivial),
          target: { comparison: 'atMost', ratio: 1.2 },
        },
        {
          name: 'executeHoverProvider, mean: ours against a static provider answering with our exact content',
          ours: ms(mean(h.oursMs)),
          baseline: `${ms(mean(h.staticMs))} (static provider, same markdown)`,
          ratio: ratio(mean(h.oursMs), mean(h.staticMs)),
        },
      ],
      raw: {
        ...common,
        oursMs: summary(h.oursMs),
        trivialMs: summary(h.trivialMs),
        staticOurContentMs: summary(h.staticMs),
        sandboxRequestsDuringHovers: h.sandboxRequestsDuring,
        oursHoverText: h.oursText,
        trivialHoverText: h.trivialText,
      },
      notes: [
        ...quickNote,
        ...(h.sandboxRequestsDuring > 0
          ? [`${h.sandboxRequestsDuring} requests reached the sandbox during the hovers: not all were cached.`]
          : ['No request reached the sandbox during the hovers: every one was answered from the cache.']),
        ...(p99.trivial > 5 * p50.trivial
          ? [
              `Both p99s are many times their p50s (trivial: ${ms(p99.trivial)} vs ${ms(p50.trivial)}): the tail is the machine's scheduling stalls, shared by both arms, so the p99 ratio is mostly noise here.`,
            ]
          : []),
      ],
      quick,
    });
  } else {
    out.push(failed('hover', '3. Cached hover', r.hoverError ?? 'no result'));
  }

  if (r.panel) {
    const p = r.panel;
    const o = median(p.oursMs);
    const e = median(p.emptyMs);
    out.push({
      id: 'panel',
      title: '8. Panel',
      method:
        '`rotor.openCustomer` with the ID of a cached customer, from the extension host, until the customer panel has painted, against a command that opens an empty webview panel (static HTML, no script). ' +
        "\"Painted\": a script Playwright adds to every frame of the workbench page sees the webview's content frame become the visible `active-frame` and show the marker text (the customer's name / the empty page's text), then waits two animation frames and reports `performance.timeOrigin + performance.now()`; the start is the same clock in the extension host (same machine). " +
        `All editors are closed after each open. One discarded open each, then ${config.panelOpens} each, interleaved; medians.`,
      figures: [
        {
          name: 'Command to painted panel, median',
          ours: p.oursMs.length ? ms(o, 1) : 'never painted',
          baseline: `${p.emptyMs.length ? ms(e, 1) : 'never painted'} (empty webview panel)`,
          ratio: ratio(o, e),
          target: { comparison: 'atMost', ratio: 2 },
        },
      ],
      raw: {
        ...common,
        oursMs: p.oursMs.length ? summary(p.oursMs, 1) : [],
        emptyMs: p.emptyMs.length ? summary(p.emptyMs, 1) : [],
        timeouts: p.timeouts,
        sandboxRequestsDuringOpens: p.sandboxRequestsDuring,
        pageClockSkewMs: Number(clockSkewMs.toFixed(2)),
      },
      notes: [
        ...quickNote,
        ...(p.timeouts.ours || p.timeouts.empty
          ? [`Opens that never painted within 20 s: ours ${p.timeouts.ours}, empty ${p.timeouts.empty}.`]
          : []),
      ],
      quick,
    });
  } else {
    out.push(failed('panel', '8. Panel', r.panelError ?? 'no result'));
  }
  return out;
}

const QUICK_NOTE = 'Quick mode: a couple of samples, to check the benchmark runs; the numbers mean nothing.';

function failedRow(id: string, title: string, quick: boolean, error: string): BenchResult {
  return { id, title, method: '', figures: [], raw: {}, notes: [], quick, error };
}

function coldHoverFigures(
  runs: readonly NonNullable<HostBenchResults['coldHover']>[],
  errors: readonly string[],
  quick: boolean,
): BenchResult {
  const title = '10. Cold first hover';
  const delayed = runs.filter((r) => r.delayMs > 0);
  const immediate = runs.filter((r) => r.delayMs === 0);
  if (delayed.length === 0) return failedRow('coldHover', title, quick, errors.join('\n') || 'no sample');
  const warm = runs.flatMap((r) => r.warmMs);
  const coldMs = median(delayed.map((r) => r.coldMs));
  const immediateMs = median(immediate.map((r) => r.coldMs));
  const warmMs = median(warm);
  const hovers = runs.reduce((n, r) => n + 1 + r.warmMs.length, 0);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  return {
    id: 'coldHover',
    title,
    method:
      `Each sample is a fresh extension host (a new workbench page in the same browser, whose secret storage kept the API key an earlier phase set): our production bundle is activated for real (\`extension.activate()\`, as onStartupFinished would), then the first hover of that host (\`vscode.executeHoverProvider\`, timed in the extension host until it returns the customer's name) on a sandbox customer nobody looked up, then ${runs[0]?.warmMs.length ?? 0} warm hovers, each on another uncached customer, in the same host: the baseline, which pays the same request but nothing else. ` +
      `The sandbox adds ${LATENCY_MS} ms to every customer answer, for both. In every other sample the cold hover comes ${COLD_HOVER_DELAY_MS / 1000} s after activation (the window is up and the user reaches for an ID; the shell has loaded the features in idle time by then), in the others right after activation (before the idle preload: the features load inside the hover, as every first hover did before). Medians over ${delayed.length} + ${immediate.length} hosts.`,
    figures: [
      {
        name: `First hover of a window, ${COLD_HOVER_DELAY_MS / 1000} s after activation, ${LATENCY_MS} ms latency (median of ${delayed.length} hosts)`,
        ours: ms(coldMs, 1),
        baseline: `${ms(warmMs, 1)} (warm uncached hover, same hosts, ${warm.length} hovers)`,
        ratio: ratio(coldMs, warmMs),
        target: { comparison: 'atMost', ratio: 1.15 },
      },
      {
        name: 'First hover right after activation, before the idle preload (the features load inside the hover)',
        ours: immediate.length ? ms(immediateMs, 1) : 'not run',
        baseline: `${ms(warmMs, 1)} (warm uncached hover)`,
        ratio: ratio(immediateMs, warmMs),
      },
      {
        name: 'Requests per hover (each hover an uncached customer)',
        ours: `${requests} requests`,
        baseline: `${hovers} hovers`,
        ratio: requests / hovers,
        target: { comparison: 'exactly', ratio: 1 },
      },
    ],
    raw: {
      latencyMs: LATENCY_MS,
      delayMs: COLD_HOVER_DELAY_MS,
      coldAfterDelayMs: delayed.map((r) => Number(r.coldMs.toFixed(1))),
      coldImmediateMs: immediate.map((r) => Number(r.coldMs.toFixed(1))),
      featuresLoadedBeforeHover: runs.map((r) => `${r.delayMs} ms: ${String(r.featuresLoadedBeforeHover)}`),
      warmMs: summary(warm, 1),
      requests,
      hovers,
      ...(errors.length ? { errors } : {}),
    },
    notes: [
      ...(quick ? [QUICK_NOTE] : []),
      ...(errors.length ? [`${errors.length} samples failed: ${errors[0]?.split('\n')[0]}`] : []),
    ],
    quick,
  };
}

function panelFromHoverFigures(r: HostBenchResults, quick: boolean): BenchResult {
  const title = '11. Panel from a hover';
  const p = r.panelFromHover;
  if (!p) return failedRow('panelFromHover', title, quick, r.panelError ?? 'no result');
  const o = median(p.oursMs);
  const e = median(p.emptyMs);
  return {
    id: 'panelFromHover',
    title,
    method:
      "The Open link of our hover for a cached customer, as the hover returns it (`vscode.executeHoverProvider`; the link's command and its JSON arguments, run with `executeCommand` as the workbench does when the link is clicked), until the customer panel has painted, against the command that opens an empty webview panel (static HTML, no script); paints are timed as in benchmark 8, whose opens are interleaved with these (the order rotating, and reversed every other round, so that each arm follows each other one equally often; the empty arm shared). " +
      `One discarded open each, then ${p.oursMs.length} each; medians.`,
    figures: [
      {
        name: '"Open" in a hover to painted panel, cached customer, median',
        ours: p.oursMs.length ? ms(o, 1) : 'never painted',
        baseline: `${p.emptyMs.length ? ms(e, 1) : 'never painted'} (empty webview panel)`,
        ratio: ratio(o, e),
        target: { comparison: 'atMost', ratio: 1.15 },
      },
    ],
    raw: {
      link: p.link,
      oursMs: p.oursMs.length ? summary(p.oursMs, 1) : [],
      emptyMs: p.emptyMs.length ? summary(p.emptyMs, 1) : [],
      timeouts: p.timeouts,
    },
    notes: quick ? [QUICK_NOTE] : [],
    quick,
  };
}

function bigLogFigures(r: HostBenchResults, config: HostBenchConfig, quick: boolean): BenchResult {
  const title = '12. Big logs';
  const b = r.bigLog;
  if (!b) return failedRow('bigLog', title, quick, r.bigLogError ?? 'no result');
  const c = config.bigLog;
  // Ours: from the excluded copy alone in an editor to ours open beside it as well.
  const growth = b.heapOpenBytes - b.heapOffEditorBytes;
  const offGrowth = b.heapOffEditorBytes - b.heapClosedBytes[0]!;
  const pair = (name: string, ours: readonly number[], base: readonly number[], baseName: string) => ({
    name,
    ours: ms(median(ours)),
    baseline: `${ms(median(base))} (${baseName})`,
    ratio: ratio(median(ours), median(base)),
  });
  return {
    id: 'bigLog',
    title,
    method:
      `A generated ${bytes(c.bytes)} log (${b.lineCount.toLocaleString('en-US')} lines) with ${c.uuids.toLocaleString('en-US')} customer UUIDs (${(c.uuids / 4).toLocaleString('en-US')} distinct, a fifth upper case), open in an editor, and a byte-identical copy open beside it under \`rotor.hover.exclude\`, where our providers decline at once: the "extension not installed" arm (our registrations stay, and cost their scope check). ` +
      `The customers of the ${c.visibleLines} lines an editor shows (from line ${c.visibleStartLine}) and the hovered one are in the cache, so inline hints have names to show. ${c.rounds} rounds; each applies one edit to both files (a character typed, then deleted), waits 700 ms for the workbench's own requests to pass, then runs every arm once, the order rotating: ` +
      'our link and inline-hint providers called directly (their own work: getText, the scan, the links, the hints of the visible lines) against `findCustomerIds` over the same text in the same host (the text taken with getText() outside the timing); `vscode.executeLinkProvider`, `vscode.executeInlayHintProvider` (visible lines) and `vscode.executeHoverProvider` round trips on our file against the excluded copy (the hover there answered by the trivial provider of benchmark 3). Medians. ' +
      "Heap: the extension host's `heapUsed` after full collections (V8's gc, enabled at run time, 2 s after each editor opened, so the workbench's own requests are done; with V8's bytecode flushing turned off at the same time, since it otherwise drops 1-2 MB of the host's idle code between two readings, which put this ratio anywhere from 0.78× to 1.31× over the same code): first the excluded copy is opened in an editor, then our file beside it, and our providers run on it once. Ours is the growth from the first state to the second; the copy's, from nothing open to the first, is what the same file costs the host with our providers declining at once. The target compares the two: what our extension adds to a big log is the difference, since VS Code keeps the document's text and lines for both (the issue first put the target as ≤ 2× the document's size, which VS Code alone exceeds, see the row below; that ratio stays on record). Each host allows one such measurement: a closed document stays in the host's memory for a while.",
    figures: [
      {
        ...pair(
          'Links + inline hints, our own work per edit',
          b.ourWorkMs,
          b.scanMs,
          'bare findCustomerIds over the same text',
        ),
        target: { comparison: 'atMost', ratio: 1.5 },
      },
      {
        ...pair(
          'Hover on the big log, executeHoverProvider',
          b.hoverOursMs,
          b.hoverTrivialMs,
          'trivial provider, excluded copy',
        ),
        target: { comparison: 'atMost', ratio: 1.2 },
      },
      {
        name: 'Extension host heap growth with the big log open (after GC), against the same file under our exclusion',
        ours: bytes(growth),
        baseline: `${bytes(offGrowth)} (the byte-identical excluded copy opened first: what VS Code keeps with our providers declining)`,
        ratio: ratio(growth, offGrowth),
        target: { comparison: 'atMost', ratio: 1.1 },
      },
      {
        name: "Same growth against the document's size (the issue's first form of the target, \"≤ 2×\"; VS Code's own share is the next row)",
        ours: bytes(growth),
        baseline: `${bytes(c.bytes)} (the document)`,
        ratio: growth / c.bytes,
      },
      {
        name: "The excluded copy's growth against the document's size (VS Code's own, with our providers declining)",
        ours: bytes(offGrowth),
        baseline: `${bytes(c.bytes)} (the document)`,
        ratio: offGrowth / c.bytes,
      },
      pair('executeLinkProvider round trip per edit', b.linksOursMs, b.linksOffMs, 'excluded copy: no links from us'),
      pair('executeInlayHintProvider (visible lines) per edit', b.hintsOursMs, b.hintsOffMs, 'excluded copy'),
    ],
    raw: {
      documentChars: b.documentChars,
      fileBytes: c.bytes,
      lines: b.lineCount,
      uuids: c.uuids,
      linksReturned: b.links,
      hintsReturned: b.hints,
      ourWorkMs: summary(b.ourWorkMs),
      linksWorkMs: summary(b.linksWorkMs),
      hintsWorkMs: summary(b.hintsWorkMs),
      findCustomerIdsMs: summary(b.scanMs),
      executeLinkProviderOursMs: summary(b.linksOursMs),
      executeLinkProviderExcludedMs: summary(b.linksOffMs),
      executeInlayHintProviderOursMs: summary(b.hintsOursMs),
      executeInlayHintProviderExcludedMs: summary(b.hintsOffMs),
      hoverOursMs: summary(b.hoverOursMs),
      hoverTrivialMs: summary(b.hoverTrivialMs),
      heapClosedBytes: b.heapClosedBytes,
      heapOpenBytes: b.heapOpenBytes,
      heapGrowthExcludedCopyInEditorBytes: offGrowth,
      heapGrowthOursDocumentOnlyBytes: b.heapDocumentBytes - b.heapOffEditorBytes,
      heapGrowthOursInEditorBytes: b.heapEditorBytes - b.heapOffEditorBytes,
      heapGrowthOursAfterOurCallsBytes: growth,
      heapAfterCloseGrowthBytes: (b.heapClosedBytes[1] ?? NaN) - b.heapClosedBytes[0]!,
      gcAvailable: b.gc,
    },
    notes: [
      ...(quick ? [QUICK_NOTE] : []),
      `Our links stop at the 5,000th UUID (the provider's cap), so the scan behind them covers the text up to it: ${b.links.toLocaleString('en-US')} links, ${b.hints} hints per call.`,
      ...(b.gc ? [] : ['No garbage collector was available: the heap figures include garbage.']),
    ],
    quick,
  };
}

function agentToolsFigures(r: HostBenchResults, config: HostBenchConfig, quick: boolean): BenchResult {
  const title = '13. Agent tools';
  const a = r.agentTools;
  if (!a || a.rounds.length === 0) return failedRow('agentTools', title, quick, r.agentToolsError ?? 'no result');
  const c = config.agentTools;
  const wall = median(a.rounds.map((x) => x.invokeMs));
  const ideal = Math.ceil(c.unknownPerRound / a.concurrency) * LATENCY_MS;
  const sent = a.rounds.reduce((n, x) => n + x.requests, 0);
  const distinct = a.rounds.reduce((n, x) => n + x.distinctUnknown, 0);
  const roundTrip = median(a.rounds.flatMap((x) => x.requestMs));
  const wireIdeal = Math.ceil(c.unknownPerRound / a.concurrency) * roundTrip;
  return {
    id: 'agentTools',
    title,
    method:
      `\`rotor_getCustomer\` with \`ids\` in the real extension host, through the tool object our extension registered (its API's agentTools: \`prepareInvocation\`, as VS Code calls it before asking, then \`invoke\`, as after the user confirmed; through \`vscode.lm.invokeTool\` a call over the confirmation threshold would open a modal the benchmark cannot answer). ` +
      `Each of ${a.rounds.length} rounds gives ${c.unknownPerRound + c.repeatedPerRound + c.cachedPerRound} IDs: ${c.unknownPerRound} nobody looked up, ${c.repeatedPerRound} of them again in upper case, and ${c.cachedPerRound} customers already in the cache. The sandbox adds ${LATENCY_MS} ms to every customer answer; the ideal is ceil(${c.unknownPerRound} / ${a.concurrency}) × ${LATENCY_MS} ms, the batch engine's concurrency. Wall time of \`invoke\`, median; requests are the sandbox's own count. The info row puts the same wall time against the round trips the transport itself measured (its request log's duration per request, whole milliseconds: the sandbox's latency and timers, loopback, HTTP): what is left over is the tool's and the engine's own work between requests. Look Up All runs the same engine (benchmark 9). Timed before benchmark 12, whose big documents stay in the host's memory for a while after they close.`,
    figures: [
      {
        name: `rotor_getCustomer, ${c.unknownPerRound} unknown IDs, ${LATENCY_MS} ms latency: wall time vs the ideal for ${a.concurrency} at a time`,
        ours: ms(wall, 1),
        baseline: `${ms(ideal, 1)} (ceil(${c.unknownPerRound}/${a.concurrency}) × ${LATENCY_MS} ms)`,
        ratio: ratio(wall, ideal),
        target: { comparison: 'atMost', ratio: 1.15 },
      },
      {
        name: `The same wall time against the requests' own round trips (median ${ms(roundTrip, 0)} in the transport, of which ${LATENCY_MS} ms the sandbox's latency)`,
        ours: ms(wall, 1),
        baseline: `${ms(wireIdeal, 1)} (ceil(${c.unknownPerRound}/${a.concurrency}) × ${ms(roundTrip, 0)})`,
        ratio: ratio(wall, wireIdeal),
      },
      {
        name: 'rotor_getCustomer: requests sent vs distinct unknown IDs',
        ours: `${sent} requests`,
        baseline: `${distinct} distinct unknown IDs`,
        ratio: sent / distinct,
        target: { comparison: 'exactly', ratio: 1 },
      },
    ],
    raw: {
      latencyMs: LATENCY_MS,
      concurrency: a.concurrency,
      idealMs: ideal,
      requestMedianMs: roundTrip,
      rounds: a.rounds.map(({ requestMs, ...x }) => ({
        ...x,
        prepareMs: Number(x.prepareMs.toFixed(1)),
        invokeMs: Number(x.invokeMs.toFixed(1)),
        requestMs: { median: median(requestMs), max: Math.max(...requestMs) },
      })),
    },
    notes: quick ? [QUICK_NOTE] : [],
    quick,
  };
}

if (require.main === module) runAsScript(run);
