import { type Customer, type CustomerPage } from '../../../src/api/customer';
import { CancelledError } from '../../../src/api/errors';
import { type RequestPriority } from '../../../src/api/rotorClient';
import { customerMatches } from '../../../src/search/model/query';
import { type SearchFunction } from '../../../src/search/model/searchSession';
import { type FakeClock } from '../../fixtures/clock';
import { customer } from '../../fixtures/customers';

export interface SearchCall {
  readonly search: string;
  readonly page: number;
  readonly limit: number;
  readonly priority: RequestPriority;
  readonly force: boolean;
  readonly signal: AbortSignal;
  /** Settles a held call (manual mode) with the server's answer or an error. */
  answer(): void;
  fail(error: unknown): void;
}

/**
 * A fake `GET /customers?search=` over `data`, with the server's matching rule and pagination.
 * Automatic mode answers after `latencyMs` of the fake clock; manual mode holds each call until
 * the test calls `answer()` or `fail()`. An aborted call rejects with CancelledError, as the client does.
 */
export function fakeServer(
  data: readonly Customer[],
  options: { clock?: FakeClock; latencyMs?: number; manual?: boolean; refuse?: (call: SearchCall) => unknown } = {},
) {
  const calls: SearchCall[] = [];
  const pageOf = (search: string, page: number, limit: number): CustomerPage => {
    const matches = data.filter((c) => customerMatches(c, search.trim().toLowerCase()));
    const start = (page - 1) * limit;
    return {
      customers: matches.slice(start, start + limit),
      pagination: { hasMore: start + limit < matches.length, page, limit, total: matches.length },
    };
  };
  const search: SearchFunction = (query, opts) =>
    new Promise<CustomerPage>((resolve, reject) => {
      let settled = false;
      const call: SearchCall = {
        ...query,
        priority: opts.priority,
        force: opts.force,
        signal: opts.signal,
        answer: () => {
          if (settled) return;
          settled = true;
          resolve(pageOf(query.search, query.page, query.limit));
        },
        fail: (e) => {
          if (settled) return;
          settled = true;
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      };
      calls.push(call);
      const refusal = options.refuse?.(call);
      if (refusal !== undefined) return call.fail(refusal);
      opts.signal.addEventListener('abort', () => call.fail(new CancelledError()), { once: true });
      if (options.manual) return;
      if (options.clock && options.latencyMs) options.clock.schedule(() => call.answer(), options.latencyMs);
      else call.answer();
    });
  return { calls, search, pageOf };
}

/** Typing `text` one character at a time, `gapMs` of the fake clock after each. */
export async function typeSlowly(
  clock: FakeClock,
  setQuery: (value: string) => void,
  text: string,
  gapMs: number,
): Promise<string[]> {
  const typed: string[] = [];
  for (let i = 1; i <= text.length; i++) {
    const value = text.slice(0, i);
    typed.push(value);
    setQuery(value);
    await clock.advance(gapMs);
  }
  return typed;
}

/** A small company's customers: several "Acme Roof…" ones and neighbours that share prefixes. */
export function demoCustomers(): Customer[] {
  return [
    customer({
      firstName: 'Jane',
      lastName: 'Doe',
      companyName: 'Acme Roofing',
      email: 'jane.doe@acmeroofing.example',
      phone: '+1 303-555-0142',
      status: 'active',
    }),
    customer({
      firstName: 'Liam',
      lastName: 'Smith',
      companyName: 'Acme Roofing & Gutters',
      email: 'liam@acmegutters.example',
      phone: '+1 303-555-0100',
      status: 'active',
    }),
    customer({
      firstName: 'Emma',
      lastName: 'Nguyen',
      companyName: 'ACME Roofing Co.',
      email: 'emma@acmeco.example',
      status: 'inactive',
    }),
    customer({ firstName: 'Noah', lastName: 'Garcia', companyName: 'Acme Roof Repair', phone: '+1 720-555-0199' }),
    customer({ firstName: 'Ava', lastName: 'Brown', companyName: 'Acme Plumbing', email: 'ava@acmeplumbing.example' }),
    customer({ firstName: 'Mia', lastName: 'Kim', companyName: 'Blue Sky Plumbing', email: 'mia@bluesky.example' }),
    customer({ firstName: 'Lucas', lastName: 'Acker', companyName: 'Summit HVAC' }),
    customer({ firstName: 'Bob', lastName: 'Builder', companyName: 'Bob Builds', phone: '+1 212-555-7788' }),
    customer({ companyName: 'Acme Roofers Guild' }),
  ];
}
