import { type Transport, type TransportOptions } from '../api/transport';
import type * as undiciTransport from '../api/undiciTransport';

type TransportModule = typeof undiciTransport;

/**
 * Hands out the undici transport, loading dist/transport.js (a separate bundle, see esbuild.js)
 * on the first request rather than at activation: undici is most of our code and costs tens of
 * milliseconds to evaluate. A new transport replaces the old one when proxy or timeout settings
 * change.
 */
export class TransportLoader {
  private current?: { key: string; transport: Transport };

  constructor(private readonly options: () => TransportOptions) {}

  get(): Transport {
    const options = this.options();
    const key = JSON.stringify({ ...options, env: proxyEnv(options.env) });
    if (this.current?.key !== key) {
      const previous = this.current?.transport;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./transport.js') as TransportModule;
      this.current = { key, transport: module.createUndiciTransport(options) };
      void previous?.close().catch(() => undefined);
    }
    return this.current.transport;
  }

  async dispose(): Promise<void> {
    await this.current?.transport.close().catch(() => undefined);
    this.current = undefined;
  }
}

function proxyEnv(env: TransportOptions['env']): Record<string, string | undefined> {
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
  return Object.fromEntries(names.map((n) => [n, env?.[n]]));
}
