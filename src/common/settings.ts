import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import { DEFAULT_TRANSPORT_OPTIONS, type TransportOptions } from '../api/transport';
import { type QuotaSettings } from '../quota/model/quotaTracker';

export interface HoverScopeSettings {
  readonly enabled: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** Typed, read-on-demand access to the `rotor.*` settings (and VS Code's proxy settings). */
export class Settings {
  private get rotor(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('rotor');
  }

  /**
   * Where the API key is sent. Machine-scoped and restricted in untrusted workspaces; `inspect`
   * makes sure a workspace or folder value is never used even if one is present.
   */
  get apiBaseUrl(): string {
    const inspected = this.rotor.inspect<string>('apiBaseUrl');
    return inspected?.globalValue ?? inspected?.defaultValue ?? DEFAULT_BASE_URL;
  }

  /**
   * The connection this workspace prefers, by name (`rotor.connection`). A name only: where a
   * connection sends its key is decided in machine-local state, never by a workspace.
   */
  get preferredConnection(): string | undefined {
    return this.rotor.get<string>('connection')?.trim() || undefined;
  }

  get cacheTtlMs(): number {
    return clamp(this.rotor.get<number>('cache.ttlMinutes', 60), 1, 7 * 24 * 60) * 60_000;
  }

  get cacheMaxEntries(): number {
    return clamp(this.rotor.get<number>('cache.maxEntries', 5000), 10, 100_000);
  }

  get quota(): QuotaSettings {
    return {
      dailyLimit: clamp(this.rotor.get<number>('quota.dailyLimit', 1000), 1, 10_000_000),
      hoverReserve: clamp(this.rotor.get<number>('quota.hoverReserve', 100), 0, 10_000_000),
    };
  }

  get hoverEnabled(): boolean {
    return this.rotor.get<boolean>('hover.enabled', true);
  }

  /**
   * `rotor.hover.*` as set for this document's folder (include and exclude are resource-scoped),
   * read through one configuration object: hovers, links and hints ask for every document.
   */
  hoverScope(scope?: vscode.Uri): HoverScopeSettings {
    const rotor = vscode.workspace.getConfiguration('rotor', scope);
    return {
      enabled: rotor.get<boolean>('hover.enabled', true),
      include: rotor.get<string[]>('hover.include', ['**/*']),
      exclude: rotor.get<string[]>('hover.exclude', []),
    };
  }

  get inlineHintsEnabled(): boolean {
    return this.rotor.get<boolean>('inlineHints.enabled', true);
  }

  get recentMaxItems(): number {
    return clamp(this.rotor.get<number>('recent.maxItems', 50), 1, 500);
  }

  /** Days after which an unviewed recent customer is dropped at start-up; 0 keeps them. */
  get recentRetentionDays(): number {
    return clamp(this.rotor.get<number>('recent.retentionDays', 30), 0, 3650);
  }

  get requestTimeoutSeconds(): number {
    return clamp(this.rotor.get<number>('requestTimeoutSeconds', 10), 1, 120);
  }

  /** Transport settings: our timeouts plus VS Code's `http.proxy` / `http.proxyStrictSSL`. */
  get transport(): TransportOptions {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy', '').trim();
    const timeoutMs = this.requestTimeoutSeconds * 1000;
    return {
      ...DEFAULT_TRANSPORT_OPTIONS,
      headersTimeoutMs: timeoutMs,
      bodyTimeoutMs: timeoutMs,
      ...(proxy ? { proxyUrl: proxy } : {}),
      strictSsl: http.get<boolean>('proxyStrictSSL', true),
      env: process.env,
    };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
