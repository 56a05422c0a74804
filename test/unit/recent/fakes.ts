import { RECENT_STATE_KEY, RecentCustomers } from '../../../src/recent/model/recentCustomers';
import { FakeClock } from '../../fixtures/clock';
import { numberedCustomer } from '../../fixtures/customers';
import { MemoryMemento } from '../../fixtures/memento';

export interface Fixture {
  readonly storage: MemoryMemento;
  readonly clock: FakeClock;
  /** What `rotor.recent.maxItems` says; tests may change it. */
  readonly settings: { maxItems: number };
  readonly recent: RecentCustomers;
  /** A second model over the same storage: what the next session sees. */
  reopen(): RecentCustomers;
  /** Records the numbered customers one second apart, so the last one is the newest. */
  view(...ns: number[]): void;
}

export function fixture(options: { maxItems?: number; initial?: unknown } = {}): Fixture {
  const storage = new MemoryMemento(options.initial === undefined ? {} : { [RECENT_STATE_KEY]: options.initial });
  const clock = new FakeClock();
  const settings = { maxItems: options.maxItems ?? 50 };
  const reopen = () => new RecentCustomers(storage, () => settings.maxItems, clock.now);
  const recent = reopen();
  const view = (...ns: number[]) => {
    for (const n of ns) recent.record(numberedCustomer(n), clock.tick());
  };
  return { storage, clock, settings, recent, reopen, view };
}

/** The IDs in list order, as their builder numbers. */
export function order(recent: RecentCustomers): number[] {
  return recent.list().map((e) => parseInt(e.customer.id.slice(-12), 16));
}
