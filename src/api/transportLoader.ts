import { type Transport, type TransportOptions } from './transport';
import { createUndiciTransport } from './undiciTransport';

/**
 * Hands out the undici transport, built on the first request and reused; `reset()` (on a change
 * of the proxy or timeout settings) makes the next request build a new one, so no request reads
 * the settings or compares options.
 */
export class TransportLoader {
  private current?: Transport;

  constructor(private readonly options: () => TransportOptions) {}

  get(): Transport {
    this.current ??= createUndiciTransport(this.options());
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
