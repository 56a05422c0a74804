import { createHash } from 'node:crypto';
import { QuotaExhaustedError, QuotaReserveError, nextUtcMidnight } from '../../api/errors';
import { type RequestGate, type RequestPriority } from '../../api/rotorClient';
import { Emitter, type KeyValueStorage } from '../events';

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

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly settings: () => QuotaSettings,
    private readonly now: () => number = Date.now,
  ) {}

  admit(apiKey: string, options: { priority: RequestPriority; force: boolean }): void {
    const snap = this.snapshot(apiKey);
    if (options.force) return;
    if (snap.exhausted) throw new QuotaExhaustedError(snap.resetsAt);
    if (options.priority === 'background' && snap.remaining < this.settings().hoverReserve) {
      throw new QuotaReserveError(snap.remaining);
    }
  }

  record(apiKey: string, status: number | undefined): void {
    const fingerprint = this.fingerprint(apiKey);
    const today = this.today();
    const state = this.load();
    const current = state[fingerprint]?.day === today ? state[fingerprint] : undefined;
    const exhausted = status === 429 || (current?.exhausted ?? false);
    const used = (current?.used ?? 0) + 1;
    const next: QuotaState = { [fingerprint]: { day: today, used: status === 429 ? Math.max(used, this.settings().dailyLimit) : used, exhausted } };
    // Keep other keys' counts of today only: older days are worthless.
    for (const [fp, count] of Object.entries(state)) if (fp !== fingerprint && count.day === today) next[fp] = count;
    void this.storage.update(QUOTA_STATE_KEY, next);
    this.changed.fire();
  }

  /** Today's figures for a key; `undefined` key gives an empty count. */
  snapshot(apiKey: string | undefined): QuotaSnapshot {
    const limit = this.settings().dailyLimit;
    const resetsAt = nextUtcMidnight(this.now());
    const count = apiKey === undefined ? undefined : this.load()[this.fingerprint(apiKey)];
    const today = count?.day === this.today() ? count : undefined;
    const used = today?.used ?? 0;
    return { used, limit, remaining: Math.max(0, limit - used), exhausted: today?.exhausted ?? false, resetsAt };
  }

  /** The user chose to try again before midnight: lift the local block (Rotor may still say 429). */
  clearExhausted(apiKey: string): void {
    const fingerprint = this.fingerprint(apiKey);
    const state = this.load();
    const count = state[fingerprint];
    if (!count?.exhausted) return;
    void this.storage.update(QUOTA_STATE_KEY, { ...state, [fingerprint]: { ...count, exhausted: false } });
    this.changed.fire();
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  /** Survives corrupted state: anything unreadable counts as nothing used. */
  private load(): QuotaState {
    const raw = this.storage.get<unknown>(QUOTA_STATE_KEY);
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

  private fingerprint(apiKey: string): string {
    if (this.lastKey?.key !== apiKey) this.lastKey = { key: apiKey, fingerprint: keyFingerprint(apiKey) };
    return this.lastKey.fingerprint;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
