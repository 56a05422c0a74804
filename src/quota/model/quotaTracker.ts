import { createHash } from 'node:crypto';
import { QuotaExhaustedError, QuotaReserveError, nextUtcMidnight } from '../../api/errors';
import { type RequestGate, type RequestPriority } from '../../api/rotorClient';
import { Emitter, type KeyValueStorage } from '../../common/model/events';

export const QUOTA_STATE_KEY = 'rotor.quota.v1';

export interface QuotaSettings {
  /** Requests a key may make per UTC day (Rotor: 1,000). */
  readonly dailyLimit: number;
  /** Background lookups stop when fewer than this many remain. */
  readonly hoverReserve: number;
}

export interface QuotaSnapshot {
  readonly used: number;
  readonly limit: number;
  readonly remaining: number;
  /** Rotor answered 429 today: nothing is sent until `resetsAt` unless forced. */
  readonly exhausted: boolean;
  readonly resetsAt: Date;
}

interface DayCount {
  /** UTC date, YYYY-MM-DD. */
  readonly day: string;
  readonly used: number;
  readonly exhausted: boolean;
}

/** A short one-way fingerprint that tells keys apart in stored state without storing the key. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/** Persisted shape: per key fingerprint (never the key), today's count. */
type QuotaState = Record<string, DayCount>;

/**
 * Counts requests per API key per UTC day and decides which may still be sent. Rotor publishes
 * no rate-limit headers, so this local count is the only early warning before its 429, which
 * lasts until the next UTC midnight. The key itself is never stored: only a short fingerprint.
 */
export class QuotaTracker implements RequestGate {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private lastKey?: { key: string; fingerprint: string };
  /**
   * The counts, read from storage once and then kept here: this object is the authority. A
   * Memento re-read after each write can hand back an older value while writes are in flight
   * (its own echo of an earlier write), which would lose counts under a burst of requests.
   */
  private state?: QuotaState;
  private day?: { key: string; start: number; end: number };

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly settings: () => QuotaSettings,
    private readonly now: () => number = Date.now,
    /** Where the counts are stored: each connection has its own (see connections/model). */
    private readonly stateKey: string = QUOTA_STATE_KEY,
  ) {}

  admit(apiKey: string, options: { priority: RequestPriority; force: boolean }): void {
    if (options.force) return;
    const count = this.todayCount(apiKey);
    if (count?.exhausted) throw new QuotaExhaustedError(nextUtcMidnight(this.now()));
    if (options.priority === 'background') {
      const remaining = Math.max(0, this.settings().dailyLimit - (count?.used ?? 0));
      if (remaining < this.settings().hoverReserve) throw new QuotaReserveError(remaining);
    }
  }

  record(apiKey: string, status: number | undefined): void {
    const fingerprint = this.fingerprint(apiKey);
    const today = this.today();
    const state = this.load();
    const current = state[fingerprint]?.day === today ? state[fingerprint] : undefined;
    const exhausted = status === 429 || (current?.exhausted ?? false);
    const used = (current?.used ?? 0) + 1;
    const next: QuotaState = {
      [fingerprint]: {
        day: today,
        used: status === 429 ? Math.max(used, this.settings().dailyLimit) : used,
        exhausted,
      },
    };
    // Keep other keys' counts of today only: older days are worthless.
    for (const [fp, count] of Object.entries(state)) if (fp !== fingerprint && count.day === today) next[fp] = count;
    this.save(next);
  }

  /** Today's figures for a key; `undefined` key gives an empty count. */
  snapshot(apiKey: string | undefined): QuotaSnapshot {
    const limit = this.settings().dailyLimit;
    const today = apiKey === undefined ? undefined : this.todayCount(apiKey);
    const used = today?.used ?? 0;
    return {
      used,
      limit,
      remaining: Math.max(0, limit - used),
      exhausted: today?.exhausted ?? false,
      resetsAt: nextUtcMidnight(this.now()),
    };
  }

  private todayCount(apiKey: string): DayCount | undefined {
    const count = this.load()[this.fingerprint(apiKey)];
    return count?.day === this.today() ? count : undefined;
  }

  /** The user chose to try again before midnight: lift the local block (Rotor may still say 429). */
  clearExhausted(apiKey: string): void {
    const fingerprint = this.fingerprint(apiKey);
    const state = this.load();
    const count = state[fingerprint];
    if (!count?.exhausted) return;
    this.save({ ...state, [fingerprint]: { ...count, exhausted: false } });
  }

  /** Forgets every count (all keys): for tests, and for a user who wants to start the count again. */
  reset(): void {
    this.save({});
  }

  private save(state: QuotaState): void {
    this.state = state;
    void Promise.resolve(this.storage.update(this.stateKey, state)).catch(() => undefined);
    this.changed.fire();
  }

  /** Today's UTC date, YYYY-MM-DD, recomputed only when the day changes. */
  private today(): string {
    const now = this.now();
    if (!this.day || now < this.day.start || now >= this.day.end) {
      const start = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
      this.day = { key: new Date(start).toISOString().slice(0, 10), start, end: nextUtcMidnight(now).getTime() };
    }
    return this.day.key;
  }

  /** Survives corrupted state (see parseState). */
  private load(): QuotaState {
    this.state ??= parseState(this.storage.get<unknown>(this.stateKey));
    return this.state;
  }

  private fingerprint(apiKey: string): string {
    if (this.lastKey?.key !== apiKey) this.lastKey = { key: apiKey, fingerprint: keyFingerprint(apiKey) };
    return this.lastKey.fingerprint;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Reads stored counts; anything unreadable counts as nothing used. */
function parseState(raw: unknown): QuotaState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: QuotaState = {};
  for (const [fp, v] of Object.entries(raw as Record<string, unknown>)) {
    const c = v as Partial<DayCount> | null;
    if (c && typeof c.day === 'string' && typeof c.used === 'number' && Number.isFinite(c.used) && c.used >= 0) {
      out[fp] = { day: c.day, used: Math.floor(c.used), exhausted: c.exhausted === true };
    }
  }
  return out;
}
