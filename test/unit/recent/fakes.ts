import { type Customer, parseCustomer } from '../../../src/api/customer';
import { type KeyValueStorage } from '../../../src/common/model/events';
import { RECENT_STATE_KEY, RecentCustomers } from '../../../src/recent/model/recentCustomers';
import { type RawCustomer, rawCustomer } from '../../fixtures/customers';

/** globalState in memory: values go through JSON like VS Code's Memento, so shared references cannot hide bugs. */
export class MemoryStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();
  writes = 0;

  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.values.set(key, JSON.stringify(value));
  }

  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public time = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.time;
  tick(ms = 1000): number {
    this.time += ms;
    return this.time;
  }
}

/** A distinct, canonical customer ID per number. */
export function customerId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A parsed customer: Jane Doe of Acme Roofing unless overridden (API field names). */
export function customer(n: number, overrides: RawCustomer = {}): Customer {
  const parsed = parseCustomer(rawCustomer({ id: customerId(n), ...overrides }));
  if (!parsed) throw new Error('builder produced an unreadable customer');
  return parsed;
}

export interface Fixture {
  readonly storage: MemoryStorage;
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
  const storage = new MemoryStorage(options.initial === undefined ? {} : { [RECENT_STATE_KEY]: options.initial });
  const clock = new FakeClock();
  const settings = { maxItems: options.maxItems ?? 50 };
  const reopen = () => new RecentCustomers(storage, () => settings.maxItems, clock.now);
  const recent = reopen();
  const view = (...ns: number[]) => {
    for (const n of ns) recent.record(customer(n), clock.tick());
  };
  return { storage, clock, settings, recent, reopen, view };
}

/** The IDs in list order, as their builder numbers. */
export function order(recent: RecentCustomers): number[] {
  return recent.list().map((e) => parseInt(e.customer.id.slice(-12), 16));
}
