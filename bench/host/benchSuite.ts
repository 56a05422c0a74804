import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vm from 'node:vm';
import * as v8 from 'node:v8';
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { BATCH_CONCURRENCY } from '../../src/batch/model/lookUpEach';
import { RECENT_VIEW_VISIBLE_STATE_KEY } from '../../src/common/model/commandIds';
import { findCustomerIds } from '../../src/hover/model/customerIds';
import { SandboxControl } from '../../test/sandbox/control';
import {
  type ActivationSample,
  type HostBenchConfig,
  type HostBenchResults,
  type HostExtension,
  type HostMarks,
  type PaintEvent,
} from './protocol';

/**
 * The in-host half of benchmarks 1, 3 and 8: loaded by the extension host as `extensionTestsPath`
 * (like an integration test run), it measures, writes its numbers to `resultsFile` and returns.
 * The launcher (bench/inHost.ts) computes the figures.
 */
const log = (line: string): void => console.log(`[rotor-bench] ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds with sub-ms resolution, comparable with the page's (same machine). */
const epochNow = (): number => performance.timeOrigin + performance.now();
const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

export async function run(): Promise<void> {
  const configFile = process.env.ROTOR_BENCH_CONFIG;
  if (!configFile) throw new Error('ROTOR_BENCH_CONFIG is not set: run this through bench/inHost.ts');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as HostBenchConfig;
  const results: HostBenchResults = { vscodeVersion: vscode.version, node: process.version };
  const save = (): void => fs.writeFileSync(config.resultsFile, JSON.stringify(results, null, 2));
  if (config.phase === 'coldHover') {
    try {
      results.coldHover = await coldHoverBench(config);
    } catch (e) {
      results.coldHoverError = errorText(e);
    }
    save();
    return;
  }
  if (config.phase === 'activation') {
    try {
      results.activation = await activationBench(config);
    } catch (e) {
      results.activationError = errorText(e);
    }
    save();
    return;
  }
  try {
    // The real activations, first thing in a fresh host; the features below need ours active.
    const empty = await hostActivation(config.empty);
    const ours = await hostActivation(config.ours);
    results.hostMarks = { ours, empty };
  } catch (e) {
    results.hostMarksError = errorText(e);
  }
  save();
  const wanted = (part: string): boolean => !config.only || config.only.includes(part);
  // The API key the cold-hover hosts find in this browser's secret storage is set here.
  if (config.only) await primeCustomer(config).catch((e: unknown) => log(`priming failed: ${errorText(e)}`));
  try {
    if (wanted('hover')) results.hover = await hoverBench(config);
  } catch (e) {
    results.hoverError = errorText(e);
  }
  save();
  try {
    if (wanted('panel')) {
      const panels = await panelBench(config);
      results.panel = panels.panel;
      results.panelFromHover = panels.fromHover;
    }
  } catch (e) {
    results.panelError = errorText(e);
  }
  save();
  // Before the big logs: those leave 8 MB of closed documents in the host's memory for a while,
  // and the collections that follow them landed in this row's rounds (1.18x in one run).
  try {
    if (wanted('agentTools')) results.agentTools = await agentToolsBench(config);
  } catch (e) {
    results.agentToolsError = errorText(e);
  }
  save();
  try {
    if (wanted('bigLog')) results.bigLog = await bigLogBench(config);
  } catch (e) {
    results.bigLogError = errorText(e);
  }
  save();
}

// ---------------------------------------------------------------------------------------------
// 1. Activation

interface Disposable {
  dispose(): unknown;
}

/** An ExtensionContext with what an activate() touches; the host builds the same kind of object. */
function benchContext(
  ext: HostExtension,
  workspaceValues: Readonly<Record<string, unknown>> = {},
): { context: vscode.ExtensionContext; dispose(): void } {
  const subscriptions: Disposable[] = [];
  const memento = (initial: Readonly<Record<string, unknown>> = {}) => {
    const values = new Map<string, unknown>(Object.entries(initial));
    return {
      keys: () => [...values.keys()],
      get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
      update: (key: string, value: unknown) => {
        values.set(key, value);
        return Promise.resolve();
      },
      setKeysForSync: () => undefined,
    };
  };
  const secretValues = new Map<string, string>();
  const secretsChanged = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const secrets = {
    get: (key: string) => Promise.resolve(secretValues.get(key)),
    keys: () => Promise.resolve([...secretValues.keys()]),
    store: (key: string, value: string) => {
      secretValues.set(key, value);
      secretsChanged.fire({ key });
      return Promise.resolve();
    },
    delete: (key: string) => {
      secretValues.delete(key);
      secretsChanged.fire({ key });
      return Promise.resolve();
    },
    onDidChange: secretsChanged.event,
  };
  const storage = path.join(ext.dir, '.bench-storage');
  const context = {
    subscriptions,
    extensionUri: vscode.Uri.file(ext.dir),
    extensionPath: ext.dir,
    asAbsolutePath: (p: string) => path.join(ext.dir, p),
    globalState: memento(),
    workspaceState: memento(workspaceValues),
    secrets,
    storageUri: vscode.Uri.file(path.join(storage, 'workspace')),
    globalStorageUri: vscode.Uri.file(path.join(storage, 'global')),
    logUri: vscode.Uri.file(path.join(storage, 'log')),
    storagePath: path.join(storage, 'workspace'),
    globalStoragePath: path.join(storage, 'global'),
    logPath: path.join(storage, 'log'),
    extensionMode: vscode.ExtensionMode.Production,
    extension: vscode.extensions.getExtension(ext.id),
  } as unknown as vscode.ExtensionContext;
  return {
    context,
    dispose: () => {
      for (const d of subscriptions.splice(0).reverse()) {
        try {
          d.dispose();
        } catch {
          // A failing dispose must not stop the others.
        }
      }
      secretsChanged.dispose();
    },
  };
}

/**
 * One sample: `require()` of a fresh copy of the extension's main file, then `activate(context)`.
 * The copy sits next to the original (so `require('vscode')` resolves to this extension's API and
 * relative requires work) and ends with a unique comment, so V8 cannot reuse code compiled for an
 * earlier sample: every sample pays the parse and compile a real activation pays.
 */
async function activationSample(
  ext: HostExtension,
  n: number,
  workspaceValues: Readonly<Record<string, unknown>> = {},
): Promise<ActivationSample> {
  const main = path.join(ext.dir, ext.main);
  const copy = path.join(path.dirname(main), `bench-copy-${n}.js`);
  fs.writeFileSync(copy, `${fs.readFileSync(main, 'utf8')}\n// activation sample ${n}\n`);
  const { context, dispose } = benchContext(ext, workspaceValues);
  try {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(copy) as { activate?: (context: vscode.ExtensionContext) => unknown };
    const t1 = performance.now();
    const returned = module.activate?.(context);
    if (returned instanceof Promise) await returned;
    const t2 = performance.now();
    // Let fire-and-forget work started by activate (setContext, the log channel) finish before disposing.
    await sleep(300);
    return { loadMs: t1 - t0, activateMs: t2 - t1 };
  } finally {
    dispose();
    delete require.cache[copy];
    fs.rmSync(copy, { force: true });
  }
}

interface PerfMark {
  readonly name: string;
  readonly startTime: number;
}

/** The extension host's own performance marks (vs/base/common/performance keeps them on globalThis). */
function hostMarks(): PerfMark[] {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerfMark[] } }).MonacoPerformanceMarks;
  return marks?.getMarks() ?? [];
}

async function hostActivation(ext: HostExtension): Promise<HostMarks> {
  const extension = vscode.extensions.getExtension(ext.id);
  if (!extension) throw new Error(`${ext.id} is not loaded in the extension host`);
  if (extension.isActive) throw new Error(`${ext.id} was already active: its activation cannot be measured`);
  const t0 = performance.now();
  await extension.activate();
  const apiActivateMs = performance.now() - t0;
  const mark = (what: string): number | undefined =>
    hostMarks().find((m) => m.name === `code/extHost/${what}/${ext.id}`)?.startTime;
  const willLoad = mark('willLoadExtensionCode');
  const didLoad = mark('didLoadExtensionCode');
  const willActivate = mark('willActivateExtension');
  const didActivate = mark('didActivateExtension');
  const diff = (a?: number, b?: number): number | undefined => (a === undefined || b === undefined ? undefined : b - a);
  return {
    apiActivateMs,
    ...(diff(willLoad, didLoad) === undefined ? {} : { loadCodeMs: diff(willLoad, didLoad) }),
    ...(diff(willActivate, didActivate) === undefined ? {} : { activateCallMs: diff(willActivate, didActivate) }),
    ...(diff(willLoad, didActivate) === undefined ? {} : { totalMs: diff(willLoad, didActivate) }),
  };
}

async function activationBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['activation']>> {
  const ours: ActivationSample[] = [];
  const empty: ActivationSample[] = [];
  // One discarded sample each: the first `require('vscode')` of an extension builds its API object.
  await activationSample(config.ours, 0);
  await activationSample(config.empty, 0);
  const oursViewOpen: ActivationSample[] = [];
  for (let i = 1; i <= config.activationSamples; i++) {
    if (i % 2 === 1) {
      ours.push(await activationSample(config.ours, i));
      empty.push(await activationSample(config.empty, i));
    } else {
      empty.push(await activationSample(config.empty, i));
      ours.push(await activationSample(config.ours, i));
      // What the shell does when the Recent Customers view was on screen at the last run.
      oursViewOpen.push(await activationSample(config.ours, -i, { [RECENT_VIEW_VISIBLE_STATE_KEY]: true }));
    }
  }
  log(`activation: ${config.activationSamples} samples each`);
  return { ours, empty, oursViewOpen };
}

// ---------------------------------------------------------------------------------------------
// 3. Cached hover

interface OurServices {
  readonly store: {
    prime(customer: unknown, fetchedAt: number): void;
    peek(id: string): { fresh: boolean } | undefined;
  };
  readonly quota: { reset?(): void };
  readonly onDidSendRequest: (listener: (entry: { readonly durationMs: number }) => void) => { dispose(): void };
  readonly apiKey: {
    get(): Promise<string | undefined>;
    set(key: string): Promise<void>;
    onDidChange(listener: () => void): { dispose(): void };
  };
}

function ourServices(config: HostBenchConfig): OurServices {
  const extension = vscode.extensions.getExtension<{ services?: OurServices }>(config.ours.id);
  const services = extension?.exports?.services;
  if (!extension?.isActive || !services) throw new Error(`${config.ours.id} is not active or exports no services`);
  return services;
}

/** Requests the sandbox has received for customers so far (its control API). */
async function sandboxCustomerRequests(config: HostBenchConfig): Promise<number> {
  const response = await fetch(`${config.sandboxControl}stats`);
  const body = (await response.json()) as { data: { byRoute: { customer: number } } };
  return body.data.byRoute.customer;
}

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'))
    .join('\n---\n');
}

async function primeCustomer(config: HostBenchConfig): Promise<void> {
  const services = ourServices(config);
  if ((await services.apiKey.get()) !== config.apiKey) {
    // Realistic: a key is set. A new key clears the cache twice: once in set(), once more when
    // the secret storage's change event comes back from the workbench. Wait for both (bounded).
    let changes = 0;
    const counted = new Promise<void>((resolve) => {
      const sub = services.apiKey.onDidChange(() => {
        if (++changes >= 2) {
          sub.dispose();
          resolve();
        }
      });
      void sleep(10_000).then(() => {
        sub.dispose();
        resolve();
      });
    });
    try {
      await services.apiKey.set(config.apiKey);
    } catch (e) {
      log(`could not store the API key (${errorText(e).split('\n')[0]}); continuing without one`);
    }
    await counted;
    await sleep(200);
  }
  const { id, firstName, lastName, companyName } = config.customer;
  services.store.prime(
    {
      id,
      firstName,
      lastName,
      companyName,
      email: 'bench@example.invalid',
      status: 'active',
      tags: ['bench'],
      otherFields: {},
    },
    Date.now(),
  );
  if (!services.store.peek(id)?.fresh) throw new Error('the primed customer is not in the cache');
}

async function hoverBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['hover']>> {
  await primeCustomer(config);
  const customerUri = vscode.Uri.file(config.hover.customerFile);
  const trivialUri = vscode.Uri.file(config.hover.trivialFile);
  const staticUri = vscode.Uri.file(config.hover.staticFile);
  // The baseline providers: registered for every document like ours, each answering only in its
  // own file. Every call thus runs all three providers: one answers, the others decline.
  const answerIn = (uri: vscode.Uri, hover: () => vscode.MarkdownString | undefined): vscode.Disposable =>
    vscode.languages.registerHoverProvider('*', {
      provideHover(document, position) {
        if (document.uri.toString() !== uri.toString()) return undefined;
        const contents = hover();
        return contents && new vscode.Hover(contents, document.getWordRangeAtPosition(position));
      },
    });
  let ourContent: vscode.MarkdownString | undefined;
  const trivial = answerIn(trivialUri, () => new vscode.MarkdownString('**trivial** hover'));
  const fixed = answerIn(staticUri, () => ourContent);
  try {
    await vscode.workspace.openTextDocument(customerUri);
    await vscode.workspace.openTextDocument(trivialUri);
    await vscode.workspace.openTextDocument(staticUri);
    const position = new vscode.Position(config.hover.line, config.hover.character);
    const call = async (uri: vscode.Uri): Promise<{ ms: number; text: string; hovers: readonly vscode.Hover[] }> => {
      const t0 = performance.now();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const ms = performance.now() - t0;
      return { ms, text: hoverText(hovers), hovers: hovers ?? [] };
    };
    const requestsBefore = await sandboxCustomerRequests(config);
    const first = await call(customerUri);
    const oursText = first.text;
    const trivialText = (await call(trivialUri)).text;
    if (!oursText.includes(config.customer.lastName)) {
      // Say why: the same lookup the hover makes, with the raw error if it throws.
      const lookup = (
        vscode.extensions.getExtension(config.ours.id)?.exports as
          { services?: { lookup?: { lookup(id: string, o: object): Promise<unknown> } } } | undefined
      )?.services?.lookup;
      const direct = await lookup?.lookup(config.customer.id, { priority: 'background' }).then(
        (r) => `lookup answered ${JSON.stringify(r).slice(0, 200)}`,
        (e: unknown) => `lookup threw ${errorText(e).slice(0, 600)}`,
      );
      throw new Error(
        `our hover does not show the cached customer: ${JSON.stringify(oursText.slice(0, 300))}; ${direct ?? 'no lookup service'}`,
      );
    }
    if (!trivialText.includes('trivial'))
      throw new Error(`the trivial hover is missing: ${JSON.stringify(trivialText.slice(0, 300))}`);
    // Our hover's content as it came back (markdown, theme icons, trusted commands), served as is.
    const returned = first.hovers
      .flatMap((h) => h.contents)
      .find(
        (c): c is vscode.MarkdownString =>
          typeof c !== 'string' && 'value' in c && c.value.includes(config.customer.lastName),
      );
    if (!returned) throw new Error('our hover returned no markdown to serve statically');
    ourContent = new vscode.MarkdownString(returned.value, returned.supportThemeIcons);
    ourContent.isTrusted = returned.isTrusted ?? false;
    if ((await call(staticUri)).text !== returned.value)
      throw new Error('the static provider does not serve our hover content');

    const arms = [
      { uri: customerUri, ms: [] as number[] },
      { uri: trivialUri, ms: [] as number[] },
      { uri: staticUri, ms: [] as number[] },
    ];
    for (let i = 0; i < config.hoverWarmup; i++) for (const arm of arms) await call(arm.uri);
    for (let i = 0; i < config.hoverCalls; i++) {
      // Rotate which arm goes first, so whatever the previous call left behind hits all alike.
      for (let k = 0; k < arms.length; k++) {
        const arm = arms[(i + k) % arms.length]!;
        arm.ms.push((await call(arm.uri)).ms);
      }
    }
    log(`hover: ${config.hoverCalls} calls each`);
    const sandboxRequestsDuring = (await sandboxCustomerRequests(config)) - requestsBefore;
    return {
      oursMs: arms[0]!.ms,
      trivialMs: arms[1]!.ms,
      staticMs: arms[2]!.ms,
      warmup: config.hoverWarmup,
      oursText: oursText.slice(0, 2000),
      trivialText,
      sandboxRequestsDuring,
    };
  } finally {
    trivial.dispose();
    fixed.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 8. Panel

/** Reads paint events the launcher appends, from where the last read stopped. */
class PaintEvents {
  private offset = 0;
  private pending = '';
  private readonly seen: PaintEvent[] = [];

  constructor(private readonly file: string) {}

  private read(): void {
    if (!fs.existsSync(this.file)) return;
    const text = fs.readFileSync(this.file, 'utf8');
    this.pending += text.slice(this.offset);
    this.offset = text.length;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.seen.push(JSON.parse(line) as PaintEvent);
  }

  /** The first paint of `marker` at or after `since`, polling the file; undefined on timeout. */
  async next(marker: string, since: number, timeoutMs: number): Promise<PaintEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.read();
      const index = this.seen.findIndex((e) => e.marker === marker && e.t >= since);
      if (index >= 0) return this.seen.splice(index, 1)[0];
      if (Date.now() > deadline) return undefined;
      await sleep(10);
    }
  }
}

function emptyPageHtml(marker: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"><title>Empty</title></head><body><p>${marker}</p></body></html>`;
}

/** The Open link of our hover for the cached customer, as VS Code would run it: a command and its arguments. */
async function hoverOpenLink(config: HostBenchConfig): Promise<{ link: string; command: string; args: unknown[] }> {
  const uri = vscode.Uri.file(config.hover.customerFile);
  await vscode.workspace.openTextDocument(uri);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    new vscode.Position(config.hover.line, config.hover.character),
  );
  const text = hoverText(hovers);
  const match = /\[Open\]\((command:([\w.]+)\?([^ )]+))/.exec(text);
  if (!match) throw new Error(`our hover has no Open link: ${JSON.stringify(text.slice(0, 300))}`);
  const args = JSON.parse(decodeURIComponent(match[3]!)) as unknown;
  return { link: match[1]!, command: match[2]!, args: Array.isArray(args) ? args : [args] };
}

type PanelArm = 'ours' | 'hover' | 'empty';

async function panelBench(config: HostBenchConfig): Promise<{
  panel: NonNullable<HostBenchResults['panel']>;
  fromHover: NonNullable<HostBenchResults['panelFromHover']>;
}> {
  await primeCustomer(config);
  const events = new PaintEvents(config.paintEventsFile);
  // The baseline: an empty webview panel opened by a command, as ours is.
  const command = vscode.commands.registerCommand('rotorBench.openEmptyPanel', () => {
    const panel = vscode.window.createWebviewPanel(
      'rotorBench.empty',
      'Empty',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {},
    );
    panel.webview.html = emptyPageHtml(config.paintMarkers.empty);
  });
  const link = await hoverOpenLink(config);
  const timeouts = { ours: 0, hover: 0, empty: 0 };
  const open = async (arm: PanelArm): Promise<number | undefined> => {
    const marker = arm === 'empty' ? config.paintMarkers.empty : config.paintMarkers.ours;
    const since = epochNow();
    const painted = events.next(marker, since, 20_000);
    if (arm === 'ours') await vscode.commands.executeCommand('rotor.openCustomer', config.customer.id);
    else if (arm === 'hover') await vscode.commands.executeCommand(link.command, ...link.args);
    else await vscode.commands.executeCommand('rotorBench.openEmptyPanel');
    const event = await painted;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(400);
    if (!event) {
      timeouts[arm]++;
      return undefined;
    }
    return event.t - since;
  };
  try {
    const requestsBefore = await sandboxCustomerRequests(config);
    // One discarded open each: the first webview of a session loads the webview host page.
    await open('empty');
    await open('ours');
    await open('hover');
    const ms: Record<PanelArm, number[]> = { ours: [], hover: [], empty: [] };
    const arms: PanelArm[] = ['ours', 'empty', 'hover'];
    for (let i = 0; i < config.panelOpens; i++) {
      // Rotate the order, and run the cycle backwards every other round: with one fixed cycle an
      // arm always follows the same arm (the hover arm the empty panel), and whatever an open
      // leaves behind would favour some arms. Over two rounds each arm follows each other one.
      const cycle = i % 2 === 0 ? arms : [...arms].reverse();
      for (let k = 0; k < cycle.length; k++) {
        const arm = cycle[(Math.floor(i / 2) + k) % cycle.length]!;
        const value = await open(arm);
        if (value !== undefined) ms[arm].push(value);
      }
    }
    log(`panel: ${config.panelOpens} opens each (${timeouts.ours + timeouts.hover + timeouts.empty} timed out)`);
    const sandboxRequestsDuring = (await sandboxCustomerRequests(config)) - requestsBefore;
    return {
      panel: {
        oursMs: ms.ours,
        emptyMs: ms.empty,
        timeouts: { ours: timeouts.ours, empty: timeouts.empty },
        sandboxRequestsDuring,
      },
      fromHover: { link: link.link, oursMs: ms.hover, emptyMs: ms.empty, timeouts: timeouts.hover },
    };
  } finally {
    command.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 10. Cold first hover

function sandboxControl(config: HostBenchConfig): SandboxControl {
  return new SandboxControl(config.sandboxControl.replace(/\/$/, ''));
}

/**
 * In a fresh extension host: our real activation, then (after `delayMs`, as a user's first hover
 * comes after the window opened) the first hover of the window, on an uncached customer; then
 * warm hovers on other uncached customers in the same host. The sandbox adds `latencyMs` to each.
 */
async function coldHoverBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['coldHover']>> {
  const c = config.coldHover;
  if (!c) throw new Error('no coldHover config');
  const extension = vscode.extensions.getExtension<{ featuresLoaded?: boolean }>(config.ours.id);
  if (!extension) throw new Error(`${config.ours.id} is not loaded in the extension host`);
  if (extension.isActive) throw new Error(`${config.ours.id} was already active: not a cold host`);
  const control = sandboxControl(config);
  await control.setFault({ kind: 'latency', ms: config.latencyMs, route: 'customer' });
  try {
    const requestsBefore = (await control.stats()).byRoute.customer;
    const coldUri = vscode.Uri.file(c.coldFile);
    const warmUris = c.warmFiles.map((f) => vscode.Uri.file(f));
    await extension.activate();
    const activatedAt = performance.now();
    for (const uri of [coldUri, ...warmUris]) await vscode.workspace.openTextDocument(uri);
    const wait = c.delayMs - (performance.now() - activatedAt);
    if (wait > 0) await sleep(wait);
    const featuresLoadedBeforeHover = extension.exports?.featuresLoaded;
    const position = new vscode.Position(c.line, c.character);
    const hover = async (uri: vscode.Uri, name: string): Promise<number> => {
      const t0 = performance.now();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const ms = performance.now() - t0;
      const text = hoverText(hovers);
      if (!text.includes(name))
        throw new Error(`the hover does not name ${name}: ${JSON.stringify(text.slice(0, 300))}`);
      return ms;
    };
    const coldMs = await hover(coldUri, c.coldName);
    const warmMs: number[] = [];
    for (let i = 0; i < warmUris.length; i++) warmMs.push(await hover(warmUris[i]!, c.warmNames[i]!));
    const requests = (await control.stats()).byRoute.customer - requestsBefore;
    log(
      `cold hover after ${c.delayMs} ms: ${coldMs.toFixed(1)} ms; warm ${warmMs.map((m) => m.toFixed(1)).join(', ')}`,
    );
    return { delayMs: c.delayMs, coldMs, featuresLoadedBeforeHover, warmMs, requests };
  } finally {
    await control.setFault(undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// 12. Big logs

interface OurProviders {
  readonly hover: vscode.HoverProvider;
  readonly links: vscode.DocumentLinkProvider;
  readonly inlayHints: vscode.InlayHintsProvider;
}

/** A full garbage collection, if this host lets us have one (V8 flag set at run time). */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    // V8 drops the bytecode of functions idle for a few collections, and every reading collects
    // four times: without this, 1-2 MB of the host's code came and went between the states
    // benchmark 12 compares (its heap ratio read 0.78x to 1.31x; 1.00x with it, three runs).
    v8.setFlagsFromString('--no-flush-bytecode');
    v8.setFlagsFromString('--no-flush-baseline-code');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

async function heapAfterGc(gc: (() => void) | undefined): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(100);
  }
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function untilClosed(uris: readonly vscode.Uri[], timeoutMs: number): Promise<void> {
  const open = (): boolean =>
    vscode.workspace.textDocuments.some((d) => uris.some((u) => u.toString() === d.uri.toString()));
  const deadline = Date.now() + timeoutMs;
  while (open() && Date.now() < deadline) await sleep(100);
}

async function bigLogBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['bigLog']>> {
  const b = config.bigLog;
  await primeCustomer(config);
  const api = vscode.extensions.getExtension<{ providers?: OurProviders }>(config.ours.id)?.exports;
  const providers = api?.providers;
  if (!providers?.inlayHints.provideInlayHints || !providers.links.provideDocumentLinks)
    throw new Error('our extension exposes no providers');
  const services = ourServices(config);
  const gc = collector();
  const uri = vscode.Uri.file(b.file);
  const offUri = vscode.Uri.file(b.offFile);
  const rotor = vscode.workspace.getConfiguration('rotor');
  await rotor.update('hover.exclude', [`**/${path.basename(b.offFile)}`], vscode.ConfigurationTarget.Workspace);
  const trivial = vscode.languages.registerHoverProvider('*', {
    provideHover(document, position) {
      if (document.uri.toString() !== offUri.toString()) return undefined;
      return new vscode.Hover(
        new vscode.MarkdownString('**trivial** hover'),
        document.getWordRangeAtPosition(position),
      );
    },
  });
  const token = new vscode.CancellationTokenSource().token;
  const heapClosedBytes: number[] = [await heapAfterGc(gc)];
  try {
    // The excluded copy first, the same way: what an open editor of this size costs without us.
    const offDocument = await vscode.workspace.openTextDocument(offUri);
    await vscode.window.showTextDocument(offDocument, { viewColumn: vscode.ViewColumn.Two, preview: false });
    await sleep(2000);
    const heapOffEditorBytes = await heapAfterGc(gc);
    const document = await vscode.workspace.openTextDocument(uri);
    const heapDocumentBytes = await heapAfterGc(gc);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    await sleep(2000);
    const heapEditorBytes = await heapAfterGc(gc);
    const visible = new vscode.Range(b.visibleStartLine, 0, b.visibleStartLine + b.visibleLines, 0);
    // The customers of the visible lines and the hovered one are known: hints and the hover have names to show.
    const startOffset = document.offsetAt(visible.start);
    const known = findCustomerIds(document.getText(visible)).map((m) => m.id);
    const hovered = findCustomerIds(document.lineAt(b.hoverLine).text)[0]?.id;
    if (!hovered) throw new Error(`no UUID on line ${b.hoverLine}`);
    for (const [i, id] of [...known, hovered].entries())
      services.store.prime(
        {
          id,
          firstName: 'Big',
          lastName: `Log${i}`,
          companyName: 'Bench Roofing',
          status: 'active',
          tags: [],
          otherFields: {},
        },
        Date.now(),
      );
    void startOffset;
    const ourWork = async (doc: vscode.TextDocument): Promise<{ links: number; hints: number; ms: number[] }> => {
      const t0 = performance.now();
      const links = (await providers.links.provideDocumentLinks(doc, token)) ?? [];
      const t1 = performance.now();
      const hints = (await providers.inlayHints.provideInlayHints(doc, visible, token)) ?? [];
      const t2 = performance.now();
      return { links: links.length, hints: hints.length, ms: [t2 - t0, t1 - t0, t2 - t1] };
    };
    const first = await ourWork(document);
    const hoverPosition = new vscode.Position(b.hoverLine, b.hoverCharacter);
    const firstHover = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, hoverPosition),
    );
    if (!firstHover.includes('Log'))
      throw new Error(`our hover on the big log: ${JSON.stringify(firstHover.slice(0, 200))}`);
    const heapOpenBytes = await heapAfterGc(gc);

    const trivialPosition = new vscode.Position(b.hoverLine, b.trivialCharacter);
    const series = {
      ourWorkMs: [] as number[],
      linksWorkMs: [] as number[],
      hintsWorkMs: [] as number[],
      scanMs: [] as number[],
      linksOursMs: [] as number[],
      linksOffMs: [] as number[],
      hintsOursMs: [] as number[],
      hintsOffMs: [] as number[],
      hoverOursMs: [] as number[],
      hoverTrivialMs: [] as number[],
    };
    const timed = async (into: number[], call: () => Thenable<unknown>): Promise<void> => {
      const t0 = performance.now();
      await call();
      into.push(performance.now() - t0);
    };
    const arms: (() => Promise<void>)[] = [
      async () => {
        const w = await ourWork(document);
        series.ourWorkMs.push(w.ms[0]!);
        series.linksWorkMs.push(w.ms[1]!);
        series.hintsWorkMs.push(w.ms[2]!);
      },
      async () => {
        const text = document.getText();
        const t0 = performance.now();
        findCustomerIds(text);
        series.scanMs.push(performance.now() - t0);
      },
      () => timed(series.linksOursMs, () => vscode.commands.executeCommand('vscode.executeLinkProvider', uri, 0)),
      () => timed(series.linksOffMs, () => vscode.commands.executeCommand('vscode.executeLinkProvider', offUri, 0)),
      () =>
        timed(series.hintsOursMs, () =>
          vscode.commands.executeCommand('vscode.executeInlayHintProvider', uri, visible),
        ),
      () =>
        timed(series.hintsOffMs, () =>
          vscode.commands.executeCommand('vscode.executeInlayHintProvider', offUri, visible),
        ),
      () =>
        timed(series.hoverOursMs, () =>
          vscode.commands.executeCommand('vscode.executeHoverProvider', uri, hoverPosition),
        ),
      () =>
        timed(series.hoverTrivialMs, () =>
          vscode.commands.executeCommand('vscode.executeHoverProvider', offUri, trivialPosition),
        ),
    ];
    const at = new vscode.Position(b.visibleStartLine, 0);
    for (let round = 0; round < b.rounds; round++) {
      // One edit per round, the same in both files (typing a character, then deleting it).
      const edit = new vscode.WorkspaceEdit();
      for (const u of [uri, offUri]) {
        if (round % 2 === 0) edit.insert(u, at, 'x');
        else edit.delete(u, new vscode.Range(at, at.translate(0, 1)));
      }
      const version = document.version;
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the edit was not applied');
      if (document.version === version) throw new Error('the edit did not reach the document');
      // Let the workbench's own requests for the edited editors (links, hints) go by first.
      await sleep(700);
      for (let k = 0; k < arms.length; k++) await arms[(round + k) % arms.length]!();
    }
    log(`big log: ${b.rounds} edits`);
    await document.save();
    await offDocument.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await untilClosed([uri, offUri], 15_000);
    heapClosedBytes.push(await heapAfterGc(gc));
    return {
      documentChars: document.getText().length,
      lineCount: document.lineCount,
      links: first.links,
      hints: first.hints,
      ...series,
      heapClosedBytes,
      heapOpenBytes,
      heapOffEditorBytes,
      heapDocumentBytes,
      heapEditorBytes,
      gc: gc !== undefined,
    };
  } finally {
    trivial.dispose();
    await rotor.update('hover.exclude', undefined, vscode.ConfigurationTarget.Workspace);
  }
}

// ---------------------------------------------------------------------------------------------
// 13. Agent tools

interface ToolApi {
  readonly agentTools: { readonly getCustomer: vscode.LanguageModelTool<unknown> };
}

/**
 * rotor_getCustomer with `ids`, through the registered tool object (prepareInvocation, as VS Code
 * calls it before asking, then invoke, as after the user confirmed), against the sandbox with
 * `latencyMs` added to every answer. Each round: IDs nobody looked up, some given twice (once in
 * upper case), and a few customers already in the cache.
 */
async function agentToolsBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['agentTools']>> {
  const a = config.agentTools;
  await primeCustomer(config);
  const services = ourServices(config);
  const tool = vscode.extensions.getExtension<ToolApi>(config.ours.id)?.exports?.agentTools.getCustomer;
  if (!tool?.prepareInvocation) throw new Error('our extension exposes no rotor_getCustomer tool');
  const control = sandboxControl(config);
  const token = new vscode.CancellationTokenSource().token;
  services.quota.reset?.();
  await control.setFault({ kind: 'latency', ms: config.latencyMs, route: 'customer' });
  const rounds: NonNullable<HostBenchResults['agentTools']>['rounds'] = [];
  try {
    for (let r = 0; r < a.rounds; r++) {
      const unknown = Array.from({ length: a.unknownPerRound }, () => randomUUID());
      const cached = Array.from({ length: a.cachedPerRound }, () => randomUUID());
      for (const [i, id] of cached.entries())
        services.store.prime(
          { id, firstName: 'Cached', lastName: `Agent${i}`, status: 'active', tags: [], otherFields: {} },
          Date.now(),
        );
      const ids = [...unknown, ...unknown.slice(0, a.repeatedPerRound).map((id) => id.toUpperCase()), ...cached];
      const before = (await control.stats()).byRoute.customer;
      // Each request's round trip as the transport timed it: the sandbox's latency and the wire.
      const requestMs: number[] = [];
      const requestLog = services.onDidSendRequest((entry) => requestMs.push(entry.durationMs));
      const t0 = performance.now();
      const prepared = await tool.prepareInvocation({ input: { ids } }, token);
      const t1 = performance.now();
      const result = await tool.invoke({ input: { ids }, toolInvocationToken: undefined }, token);
      const t2 = performance.now();
      requestLog.dispose();
      const requests = (await control.stats()).byRoute.customer - before;
      const text = (result?.content ?? [])
        .map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : ''))
        .join('');
      rounds.push({
        ids: ids.length,
        distinctUnknown: unknown.length,
        prepareMs: t1 - t0,
        invokeMs: t2 - t1,
        requestMs,
        requests,
        confirmation: Boolean(prepared && 'confirmationMessages' in prepared && prepared.confirmationMessages),
        summary: text.split('\n')[0]?.slice(0, 300) ?? '',
      });
    }
    log(`agent tools: ${a.rounds} rounds`);
    return { rounds, concurrency: BATCH_CONCURRENCY };
  } finally {
    await control.setFault(undefined);
  }
}
