import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORTER_PREFIX } from '../../harness/testResults';
import { EXTENSION_ID } from '../support';
import { hostFailures, ui } from './observe';

/*
 * The hardening suite's figures: collected by every hardening file, printed as a compact table
 * after the whole run (through the reporter's prefix, so the launcher shows it) and written to
 * `.rotor-test/hardening-figures.json` in the repo (git-ignored) for the README's "Reliability
 * and security" section; the workbench spec (test/e2e/hardening.spec.ts) adds its own to it.
 */

export interface FaultCell {
  readonly entryPoint: string;
  readonly fault: string;
  /** The RotorError code the user was told about ('-' when the answer was not an error). */
  readonly code: string;
  /** Requests that reached the sandbox during the fault (retries included). */
  readonly requests: number;
  readonly ms: number;
  /** The one message the user saw. */
  readonly message: string;
}

/** A cell that is not run because another one exercises the same code; says which. */
export interface SharedCell {
  readonly entryPoint: string;
  readonly fault: string;
  readonly coveredBy: string;
}

export interface HardeningFigures {
  faultCells: FaultCell[];
  sharedCells: SharedCell[];
  hostileChecks: number;
  junkInputs: { input: string; requests: number; message: string }[];
  load?: {
    callers: number;
    ids: number;
    requests: number;
    peakInFlight: number;
    answered: number;
    ms: number;
    heapGrowthMb: number;
    secondRoundRequests: number;
    cancelledCallers: number;
    quotaCounted?: string;
  };
  secretScan?: { locations: number; bytesScanned: number; leaks: string[]; harnessCopiesIgnored: number };
  workspaceTrust?: { workspaceValueIgnored: boolean; evilRequests: number; sandboxRequests: number };
  /** Requests the suite sent to the sandbox, all areas. */
  requestsSent: number;
  heapGrowthMb: number;
}

export const figures: HardeningFigures = {
  faultCells: [],
  sharedCells: [],
  hostileChecks: 0,
  junkInputs: [],
  requestsSent: 0,
  heapGrowthMb: 0,
};

/** Every text a user saw during the suite (hovers, panels, rows, messages), for the secret scan. */
export const userTexts: string[] = [];

function figuresFile(): string {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? process.cwd();
  return path.join(root, '.rotor-test', 'hardening-figures.json');
}

function summary(): Record<string, number | string> {
  const ours = hostFailures.ours().length;
  const all = hostFailures.seen.filter((r) => !r.selfCheck).length;
  return {
    'fault cells run': figures.faultCells.length,
    'fault cells sharing a tested path': figures.sharedCells.length,
    'hostile-data checks': figures.hostileChecks,
    'junk inputs rejected locally':
      figures.junkInputs.filter((j) => j.requests === 0).length + ` of ${figures.junkInputs.length}`,
    'requests sent to the sandbox (faults, load, trust)': figures.requestsSent,
    'unhandled rejections (ours / all)': `${ours} / ${all}`,
    'secret leaks found': figures.secretScan ? figures.secretScan.leaks.length : 'not run',
    'load: requests for 1,000 lookups of 100 IDs': figures.load ? figures.load.requests : 'not run',
    'max heap growth (MB)': figures.heapGrowthMb.toFixed(1),
    'hardening suite time (s)': (suiteMs / 1000).toFixed(1),
  };
}

const SHORT_CODES: Readonly<Record<string, string>> = {
  AuthenticationRequired: '401',
  InsufficientScope: '403',
  QuotaExhausted: '429',
  ServerError: 'Server',
  BadResponse: 'BadResp',
  '-': 'ok+warn',
};

function matrix(): string[] {
  const all = [...figures.faultCells, ...figures.sharedCells];
  const entryPoints = [...new Set(all.map((c) => c.entryPoint))];
  const faults = [...new Set(all.map((c) => c.fault))];
  if (!entryPoints.length) return [];
  const mark = (entryPoint: string, fault: string): string => {
    const run = figures.faultCells.find((c) => c.entryPoint === entryPoint && c.fault === fault);
    if (run) return `${SHORT_CODES[run.code] ?? run.code} ${run.requests}`;
    return figures.sharedCells.some((c) => c.entryPoint === entryPoint && c.fault === fault) ? 'shared' : '';
  };
  const rows = [['', ...entryPoints], ...faults.map((fault) => [fault, ...entryPoints.map((e) => mark(e, fault))])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd(),
  );
}

let suiteMs = 0;

/**
 * First call in every hardening describe: times it (hooks included) for the figures, and with
 * `ui` turns the UI spy on while its tests run, so the other integration tests see the real
 * notifications and input boxes.
 */
export function useHardening(options: { readonly ui: boolean }): void {
  let started = 0;
  before(() => {
    started = Date.now();
    if (options.ui) ui.install();
  });
  if (options.ui) afterEach(() => ui.clear());
  after(() => {
    if (options.ui) ui.uninstall();
    suiteMs += Date.now() - started;
  });
}

function print(lines: readonly string[]): void {
  for (const line of lines) console.log(`${REPORTER_PREFIX}${line}`);
}

/** Root hooks: they run once around the whole integration run, whichever files grep selects. */
before(() => hostFailures.install());

after(() => {
  hostFailures.uninstall();
  const ran =
    figures.faultCells.length +
    figures.hostileChecks +
    figures.junkInputs.length +
    (figures.load ? 1 : 0) +
    (figures.secretScan ? 1 : 0) +
    (figures.workspaceTrust ? 1 : 0);
  if (ran === 0) return;
  const rows = Object.entries(summary());
  const width = Math.max(...rows.map(([k]) => k.length));
  print([
    '',
    'Hardening figures',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v)}`),
    '',
    'Faults x entry points: what the user was told (error kind) and the requests that reached the sandbox; "shared" = same path as a cell that ran:',
    ...matrix().map((l) => `  ${l}`),
  ]);
  const file = figuresFile();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          summary: summary(),
          ...figures,
          unhandledRejections: hostFailures.seen.map((r) => ({
            ours: r.ours,
            selfCheck: r.selfCheck,
            first: r.text.split('\n')[0],
          })),
        },
        null,
        2,
      ),
    );
    print([`  figures written to ${file}`]);
  } catch (error) {
    print([`  could not write ${file}: ${error instanceof Error ? error.message : String(error)}`]);
  }
});
