import * as util from 'node:util';
import { type ConsoleMessage } from 'playwright-core';

/**
 * In extension-development mode the workbench mirrors the extension host's console into the page
 * console as `('%c INFO', 'color: #33f', format, ...args)`. This turns such a message back into
 * the line the extension host printed, so mocha's output reads as if it ran in a terminal.
 */
export async function consoleLine(message: ConsoleMessage): Promise<string> {
  let args: unknown[];
  try {
    args = await Promise.all(message.args().map((arg) => arg.jsonValue()));
  } catch {
    args = [message.text()]; // the page navigated or closed meanwhile
  }
  if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2);
  return util.format(...args);
}

/** Workbench chatter that says nothing about our tests. */
const NOISE = [
  /^Error: Timed out waiting for authentication provider/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^The web worker extension host is started/,
  /^Updating additional builtin/,
  /^Ignoring fetching additional builtin extensions/,
  /^\s*$/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Error: OverlayWebview has been disposed/, // harmless: a panel disposed right after creation
  /ENOPRO: No file system provider/,
  /^Failed to resolve files at location/,
  /^Failed to load resource: the server responded with a status of 404/, // optional vsda files
  /^An iframe which has both allow-scripts and allow-same-origin/, // every webview host frame
];

export const isNoise = (line: string): boolean => NOISE.some((pattern) => pattern.test(line));
