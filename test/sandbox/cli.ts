import { JANE_DOE_ID } from './demoData';
import { API_VERSION, type SandboxCompany, type SandboxLogEntry, startSandbox } from './server';

/**
 * `npm run sandbox` (or `node out/test/sandbox/cli.js`): runs the local Rotor sandbox until
 * SIGINT/SIGTERM.
 *
 *   --port N         port (also env ROTOR_SANDBOX_PORT; default 4010; 0 = any free port)
 *   --host H         address to listen on (default 127.0.0.1)
 *   --quota N        daily requests per key (default 1000)
 *   --hostile        also serve the hostile customers
 *   --company C      demo (default) or second: another company's keys, company ID and customers
 *   --json           print exactly one JSON line {baseUrl, controlUrl, port, keys} on stdout
 *                    (request log goes to stderr), for a harness that starts it as a child
 *   --exit-with-parent  stop when stdin closes (the parent died or closed the pipe)
 *   --quiet          no request log
 */

interface CliArgs {
  port: number;
  host: string;
  quota?: number;
  hostile: boolean;
  company: SandboxCompany;
  json: boolean;
  exitWithParent: boolean;
  quiet: boolean;
}

export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliArgs {
  const args: CliArgs = {
    port: 4010,
    host: '127.0.0.1',
    hostile: false,
    company: 'demo',
    json: false,
    exitWithParent: false,
    quiet: false,
  };
  if (env.ROTOR_SANDBOX_PORT !== undefined && env.ROTOR_SANDBOX_PORT !== '')
    args.port = parsePort(env.ROTOR_SANDBOX_PORT);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--port':
        args.port = parsePort(value());
        break;
      case '--host':
        args.host = value();
        break;
      case '--quota':
        args.quota = parseNonNegativeInt(value(), '--quota');
        break;
      case '--hostile':
        args.hostile = true;
        break;
      case '--company': {
        const company = value();
        if (company !== 'demo' && company !== 'second') throw new Error(`--company is demo or second, got ${company}`);
        args.company = company;
        break;
      }
      case '--json':
        args.json = true;
        break;
      case '--exit-with-parent':
        args.exitWithParent = true;
        break;
      case '--quiet':
        args.quiet = true;
        break;
      default:
        throw new Error(`unknown option ${name}`);
    }
  }
  return args;
}

function parsePort(text: string): number {
  const port = parseNonNegativeInt(text, 'port');
  if (port > 65535) throw new Error(`port out of range: ${text}`);
  return port;
}

function parseNonNegativeInt(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new Error(`${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text.trim());
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`rotor-sandbox: ${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const logLine = (e: SandboxLogEntry) =>
    process.stderr.write(
      `${new Date().toISOString()} ${e.method} ${e.path.slice(0, 200)} -> ${e.status} (key: ${e.apiKey})\n`,
    );
  const sandbox = await startSandbox({
    port: args.port,
    host: args.host,
    includeHostile: args.hostile,
    company: args.company,
    ...(args.quota === undefined ? {} : { dailyQuota: args.quota }),
    ...(args.quiet ? {} : { onRequest: logLine }),
  });

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    if (!args.json) process.stderr.write(`\nStopping the Rotor sandbox (${why}).\n`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (args.exitWithParent) {
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
  }

  if (args.json) {
    process.stdout.write(
      JSON.stringify({
        baseUrl: sandbox.baseUrl,
        controlUrl: sandbox.controlUrl,
        port: sandbox.port,
        keys: sandbox.keys,
      }) + '\n',
    );
    return;
  }
  const lines = [
    `Rotor sandbox listening on ${sandbox.baseUrl}`,
    '',
    `  Demo API key (fake, not a secret):   ${sandbox.keys.demo}`,
    `  Key without customers:read (403):    ${sandbox.keys.noCustomerScope}`,
    `  Revoked key (401):                   ${sandbox.keys.revoked}`,
    `  Daily quota per key:                 ${sandbox.dailyQuota}`,
    '',
    'Try:',
    `  curl -s ${sandbox.baseUrl}/customers/${JANE_DOE_ID} -H "x-api-key: ${sandbox.keys.demo}" -H "rotor-api-version: ${API_VERSION}"`,
    '',
    `In VS Code set "rotor.apiBaseUrl": "${sandbox.baseUrl}" (user settings) and use the demo key.`,
    `Control API (loopback, no key): ${sandbox.controlUrl}/{stats,reset,fault,quota,revoke,customers}`,
    'Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`rotor-sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
