import vscode = require('vscode');
import { type Settings } from '../config/settings';

/**
 * Whether UUIDs in a document are looked up: `rotor.hover.enabled`, then the include and exclude
 * globs. Include globs apply to files on disk; other documents (untitled, output channels, git
 * and diff views) are always in unless an exclude glob matches them.
 */
export function inHoverScope(settings: Settings, document: vscode.TextDocument): boolean {
  if (!settings.hoverEnabled) return false;
  if (matchesAny(settings.hoverExclude(document.uri), document)) return false;
  if (document.uri.scheme !== 'file') return true;
  const include = settings.hoverInclude(document.uri);
  return include.length === 0 || matchesAny(include, document);
}

function matchesAny(patterns: readonly string[], document: vscode.TextDocument): boolean {
  return patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}
