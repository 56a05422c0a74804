import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findCustomerIds } from '../src/hover/model/customerIds';
import { ensurePrerequisites } from '../test/harness/prerequisites';
import { mulberry32, pick, randomHex, randomUuid } from './lib/random';
import { type BenchOptions, type BenchResult } from './lib/result';
import { runAsScript } from './lib/script';
import { median, ms, nowMs, ratio } from './lib/stats';

const MB = 1024 * 1024;

/**
 * The rg pattern equivalent to findCustomerIds under rg's default (Rust, no look-around) engine:
 * a UUID with a non-[0-9A-Za-z_-] character or a line edge on each side. The boundary characters
 * are consumed, so two IDs separated by exactly one character would count once here; the
 * generated log never has that, and the run checks that both find the same number of IDs.
 */
const HEX = '[0-9a-fA-F]';
const UUID = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
export const RG_PATTERN = `(?:^|[^0-9A-Za-z_-])${UUID}(?:[^0-9A-Za-z_-]|$)`;
/** The exact equivalent with look-around (PCRE2, `rg -P`), reported for reference. */
export const RG_PCRE2_PATTERN = `(?<![0-9A-Za-z_-])${UUID}(?![0-9A-Za-z_-])`;

const SERVICES = [
  'billing-worker',
  'api-gateway',
  'scheduler',
  'crm-sync',
  'notifications',
  'auth',
  'search-indexer',
  'invoice-renderer',
];
const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const PATHS = [
  '/open-api/customers',
  '/api/v2/jobs',
  '/health',
  '/api/v2/invoices/batch',
  '/webhooks/stripe',
  '/api/v2/service-plans',
];
const WORDS = [
  'retrying',
  'connection',
  'pool',
  'timeout',
  'cache',
  'miss',
  'hit',
  'scheduled',
  'completed',
  'queued',
  'payload',
  'accepted',
  'rejected',
  'synced',
  'Zoë',
  'Müller',
  'crew',
  'route',
  'estimate',
];

/**
 * One realistic log line. About one line in six carries a customer UUID (some upper case, some in
 * JSON or key=value form); others carry look-alikes that must not match: 32-hex trace IDs,
 * dates, `cust-`-prefixed and hex-suffixed UUIDs, version strings and dashed words.
 */
function logLine(random: () => number, t: number): string {
  const ts = new Date(1_710_000_000_000 + t * 37).toISOString();
  const head = `${ts} ${pick(random, LEVELS).padEnd(5)} [${pick(random, SERVICES)}] trace=${randomHex(random, 32)}`;
  const words = Array.from({ length: 3 + Math.floor(random() * 6) }, () => pick(random, WORDS)).join(' ');
  const r = random();
  if (r < 0.08) return `${head} customer=${randomUuid(random)} ${words} duration_ms=${Math.floor(random() * 900)}`;
  if (r < 0.12)
    return `${head} {"event":"customer.updated","customer_id":"${randomUuid(random).toUpperCase()}","changes":["email","phone"]}`;
  if (r < 0.15) return `${head} GET ${pick(random, PATHS)}/${randomUuid(random)} 200 ${Math.floor(random() * 300)}ms`;
  if (r < 0.17) return `${head} merged ${randomUuid(random)} into ${randomUuid(random)} (${words})`;
  if (r < 0.2) return `${head} key=cust-${randomUuid(random)}-v2 ${words}`;
  if (r < 0.22) return `${head} blob=${randomUuid(random)}${randomHex(random, 6)} ${words}`;
  if (r < 0.3)
    return `${head} GET ${pick(random, PATHS)}?from=2024-03-01&to=2024-03-31 200 ${Math.floor(random() * 300)}ms user-agent=rotor-sdk/1.4.2-beta`;
  if (r < 0.35) return `${head} job=${randomHex(random, 8)}-${randomHex(random, 4)} step=re-try-later ${words}`;
  return `${head} ${words} pool-size=${Math.floor(random() * 64)} free-mem=${Math.floor(random() * 4096)}MB`;
}

/** Writes about `size` bytes of log lines to `file`; the same bytes every run. */
function writeLog(file: string, size: number): void {
  const random = mulberry32(0x10c5);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let t = 0;
  try {
    while (written < size) {
      const lines: string[] = [];
      for (let i = 0; i < 2000; i++) lines.push(logLine(random, t++));
      const chunk = Buffer.from(lines.join('\n') + '\n', 'utf8');
      fs.writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

interface RgRun {
  readonly ms: number;
  readonly matches: number;
}

/** Wall time of one `rg` process from spawn to exit, counting the lines it prints. */
function rg(args: readonly string[]): Promise<RgRun> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn('rg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let matches = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) matches++;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = nowMs() - t0;
      // rg exits 1 when nothing matched (the empty file).
      if (code !== 0 && code !== 1) reject(new Error(`rg exited with ${code}`));
      else resolve({ ms: elapsed, matches });
    });
  });
}

const rgArgs = (pattern: string, file: string, pcre2 = false): string[] => [
  '--no-config',
  '-o',
  '--no-filename',
  '--no-line-number',
  '--color',
  'never',
  ...(pcre2 ? ['-P'] : []),
  '-e',
  pattern,
  file,
];

/**
 * 5. Recognition throughput on a generated log: finding every stand-alone UUID with
 * findCustomerIds in the log's text (in this process, as the extension host would), against the
 * wall time of `rg -o` with the equivalent pattern on the same file (page cache warm); also end to
 * end, with Node reading and decoding the file.
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult> {
  ensurePrerequisites(['ripgrep']); // rg is the baseline: installed, or a clear stop before any work
  const size = quick ? 256 * 1024 : 50 * MB;
  const rounds = quick ? 1 : 7;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-bench-log-'));
  try {
    const file = path.join(dir, 'app.log');
    const empty = path.join(dir, 'empty.log');
    fs.writeFileSync(empty, '');
    log(`[recognition] generating ${(size / MB).toFixed(2)} MiB of log`);
    writeLog(file, size);
    const fileBytes = fs.statSync(file).size;
    fs.readFileSync(file); // warm the page cache for both sides

    const ours = (): { ms: number; scanMs: number; matches: number } => {
      const t0 = nowMs();
      const text = fs.readFileSync(file, 'utf8');
      const t1 = nowMs();
      const found = findCustomerIds(text).length;
      const t2 = nowMs();
      return { ms: t2 - t0, scanMs: t2 - t1, matches: found };
    };
    ours(); // one warm-up for the JIT, as in a long-lived extension host
    await rg(rgArgs(RG_PATTERN, file));

    const oursRuns: { ms: number; scanMs: number; matches: number }[] = [];
    const rgRuns: RgRun[] = [];
    const startup: RgRun[] = [];
    const pcre2: RgRun[] = [];
    for (let i = 0; i < rounds; i++) {
      log(`[recognition] round ${i + 1}/${rounds}`);
      if (i % 2 === 0) {
        oursRuns.push(ours());
        rgRuns.push(await rg(rgArgs(RG_PATTERN, file)));
      } else {
        rgRuns.push(await rg(rgArgs(RG_PATTERN, file)));
        oursRuns.push(ours());
      }
      startup.push(await rg(rgArgs(RG_PATTERN, empty)));
    }
    for (let i = 0; i < Math.min(rounds, 3); i++) pcre2.push(await rg(rgArgs(RG_PCRE2_PATTERN, file, true)));

    const mbps = (msValue: number): number => fileBytes / MB / (msValue / 1000);
    const oursMs = median(oursRuns.map((r) => r.ms));
    const scanMs = median(oursRuns.map((r) => r.scanMs));
    const rgMs = median(rgRuns.map((r) => r.ms));
    const rgStartupMs = median(startup.map((r) => r.ms));
    const pcre2Ms = median(pcre2.map((r) => r.ms));
    const oursMatches = oursRuns[0]!.matches;
    const rgMatches = rgRuns[0]!.matches;
    const notes: string[] = [];
    if (oursMatches !== rgMatches)
      notes.push(
        `MATCH COUNTS DIFFER: findCustomerIds found ${oursMatches}, rg ${rgMatches}: the comparison is not like for like.`,
      );
    if (pcre2[0] && pcre2[0].matches !== oursMatches)
      notes.push(`rg -P (look-around) found ${pcre2[0].matches}, findCustomerIds ${oursMatches}.`);
    if (quick)
      notes.push('Quick mode: 256 KiB, where rg’s process start-up dominates; the ratio means nothing at this size.');
    return {
      id: 'recognition',
      title: '5. Recognition throughput',
      method:
        `A deterministic ${(fileBytes / MB).toFixed(1)} MiB log (seeded generator: timestamps, levels, 32-hex trace IDs, key=value and JSON lines; ${oursMatches.toLocaleString('en-US')} stand-alone UUIDs, some upper case, plus look-alikes that must not match). ` +
        'Ours: `findCustomerIds(text)` on the log as a JS string, which is how the extension meets text (VS Code hands it decoded documents); a separate row adds reading and UTF-8-decoding the file with `fs.readFileSync(file, "utf8")`. ' +
        'Both in this Node process after one warm-up run (the extension host is long-lived). ' +
        `Baseline: wall time of \`rg ${rgArgs('PATTERN', 'app.log').join(' ')}\` from spawn to exit, with \`PATTERN = ${RG_PATTERN}\` (rg's default engine has no look-around, so the boundary characters are consumed; the match counts of both sides are checked equal), stdout piped and counted. ` +
        `Page cache warm; ${rounds} interleaved rounds, medians; throughput is file bytes ÷ time.`,
      figures: [
        {
          name: 'Find every UUID: text in memory vs rg -o on the file',
          ours: `${mbps(scanMs).toFixed(0)} MB/s (${ms(scanMs, 1)})`,
          baseline: `${mbps(rgMs).toFixed(0)} MB/s (${ms(rgMs, 1)}, rg -o incl. its ${ms(rgStartupMs, 1)} start-up)`,
          ratio: ratio(mbps(scanMs), mbps(rgMs)),
          target: { comparison: 'atLeast', ratio: 1.0 },
        },
        {
          name: 'Same, rg without its process start-up',
          ours: `${mbps(scanMs).toFixed(0)} MB/s`,
          baseline:
            rgMs > rgStartupMs
              ? `${mbps(rgMs - rgStartupMs).toFixed(0)} MB/s (rg time − start-up on an empty file)`
              : `— (rg's start-up, ${ms(rgStartupMs, 1)}, is all of its time)`,
          ratio: rgMs > rgStartupMs ? ratio(mbps(scanMs), mbps(rgMs - rgStartupMs)) : NaN,
        },
        {
          name: 'End to end from the file: readFileSync(utf8) + findCustomerIds vs rg -o',
          ours: `${mbps(oursMs).toFixed(0)} MB/s (${ms(oursMs, 1)}, of which ${ms(oursMs - scanMs, 1)} reading + decoding)`,
          baseline: `${mbps(rgMs).toFixed(0)} MB/s (rg -o)`,
          ratio: ratio(mbps(oursMs), mbps(rgMs)),
        },
      ],
      raw: {
        fileBytes,
        rounds,
        matches: { findCustomerIds: oursMatches, rg: rgMatches, rgPcre2: pcre2[0]?.matches },
        oursScanMs: oursRuns.map((r) => Number(r.scanMs.toFixed(1))),
        oursReadDecodeAndScanMs: oursRuns.map((r) => Number(r.ms.toFixed(1))),
        oursScanMBps: Number(mbps(scanMs).toFixed(0)),
        oursReadDecodeAndScanMBps: Number(mbps(oursMs).toFixed(0)),
        rgMBps: Number(mbps(rgMs).toFixed(0)),
        rgMs: rgRuns.map((r) => Number(r.ms.toFixed(1))),
        rgStartupMsOnEmptyFile: startup.map((r) => Number(r.ms.toFixed(1))),
        rgPcre2LookaroundMs: pcre2.map((r) => Number(r.ms.toFixed(1))),
        rgPcre2MBps: Number(mbps(pcre2Ms).toFixed(0)),
      },
      notes,
      quick,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsScript(run);
