/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

/**
 * The parts of undici the transport uses: its dispatchers, their request() and its error classes.
 *
 * undici's entry point (`require('undici')`) also loads fetch, WebSocket, EventSource, the cache
 * stores and the mock agents, none of which the extension calls: 535 KB minified, against 319 KB
 * for these files. That is what the first hover of a window evaluates (see BENCHMARKS.md, rows 2
 * and 10). The paths are undici's own CommonJS modules, pinned by package-lock.json; the
 * transport's unit and integration tests run through exactly these.
 */
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher;
// What undici's index.js does: request(), stream(), pipeline(), upgrade() and connect() are
// mixed into every dispatcher (ProxyAgent tunnels through connect()).
Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent;
export const EnvHttpProxyAgent =
  require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
export const errors = require('undici/lib/core/errors') as typeof Undici.errors;
export type Dispatcher = Undici.Dispatcher;
