import { RotorClient } from '../../src/api/rotorClient';
import { type Transport } from '../../src/api/transport';
import { QuotaTracker } from '../../src/quota/model/quotaTracker';
import { MemoryMemento } from '../../test/fixtures/memento';

/**
 * The extension's RotorClient against a sandbox, with the quota gate in the path as in the
 * extension but a daily limit no benchmark reaches (the figures are about speed and request
 * counts, not about being refused). The tracker comes along for benchmarks that read its count.
 */
export function sandboxClient(options: {
  readonly transport: Transport;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly now?: () => number;
}): { readonly client: RotorClient; readonly quota: QuotaTracker } {
  const quota = new QuotaTracker(new MemoryMemento(), () => ({ dailyLimit: 1_000_000_000, hoverReserve: 100 }));
  const client = new RotorClient({
    transport: () => options.transport,
    apiKey: () => options.apiKey,
    baseUrl: () => options.baseUrl,
    gate: quota,
    ...(options.now ? { now: options.now } : {}),
  });
  return { client, quota };
}
