import * as vscode from 'vscode';
import { type Settings } from '../common/settings';

/**
 * Whether UUIDs in a document are looked up: `rotor.hover.enabled`, then the include and exclude
 * globs. Include globs apply to files on disk; other documents (untitled, output channels, git
 * and diff views) are always in unless an exclude glob matches them.
 */
export function inHoverScope(settings: Settings, document: vscode.TextDocument): boolean {
  const scope = settings.hoverScope(document.uri);
  if (!scope.enabled) return false;
  if (matchesAny(scope.exclude, document)) return false;
  if (document.uri.scheme !== 'file') return true;
  return scope.include.length === 0 || matchesAny(scope.include, document);
}

function matchesAny(patterns: readonly string[], document: vscode.TextDocument): boolean {
  return patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}
