import { type Transport, type TransportOptions } from './transport';
import type * as undiciTransport from './undiciTransport';

type TransportModule = typeof undiciTransport;

/**
 * Hands out the undici transport, loading dist/transport.js (a separate bundle, see esbuild.js)
 * on the first request rather than at activation: undici is most of our code and costs tens of
 * milliseconds to evaluate. The transport is built once and reused; `reset()` (on a change of the
 * proxy or timeout settings) makes the next request build a new one, so no request reads the
 * settings or compares options.
 */
export class TransportLoader {
  private current?: Transport;

  constructor(private readonly options: () => TransportOptions) {}

  get(): Transport {
    if (!this.current) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./transport.js') as TransportModule;
      this.current = module.createUndiciTransport(this.options());
    }
    return this.current;
  }

  /** Settings changed: close the old transport once its requests finish; the next request builds anew. */
  reset(): void {
    const previous = this.current;
    this.current = undefined;
    void previous?.close().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.current?.close().catch(() => undefined);
    this.current = undefined;
  }
}
