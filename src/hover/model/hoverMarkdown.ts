import { type RotorError } from '../../api/errors';
import { type LookupResult } from '../../lookup/model/customerStore';
import { shortId } from '../../api/customerId';
import { cityState, cleanText, displayName, escapeMarkdown, relativeTime } from '../../common/model/text';
import { COMMANDS } from '../../common/model/commandIds';

/** Commands a hover may link to: the shell trusts exactly these and nothing else. */
export const HOVER_COMMANDS = {
  open: COMMANDS.openCustomer,
  copyId: COMMANDS.copyCustomerId,
  lookUp: COMMANDS.lookUpFromHover,
  setApiKey: COMMANDS.setApiKey,
} as const;

function commandLink(label: string, command: string, args: unknown[], title: string): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))} "${title}")`;
}

function actions(id: string): string {
  return [
    commandLink('Open', HOVER_COMMANDS.open, [id], 'Open the customer in a panel'),
    commandLink('Copy ID', HOVER_COMMANDS.copyId, [id], 'Copy the customer ID'),
  ].join(' · ');
}

/**
 * The hover for a customer lookup, as markdown. Every value from the API is escaped, so a
 * customer named `[x](command:…)` shows as text; the only links are our own commands.
 */
export function customerHoverMarkdown(result: LookupResult, id: string, now: number): string {
  if (result.kind === 'notFound') {
    return `$(person) No Rotor customer with this ID · checked ${escapeMarkdown(relativeTime(result.fetchedAt, now))}`;
  }
  const c = result.customer;
  const lines: string[] = [];
  const status = c.status ? ` · ${escapeMarkdown(cleanText(c.status, 20))}` : '';
  lines.push(`**${escapeMarkdown(displayName(c))}**${status}`);
  if (c.companyName && cleanText(c.companyName) && cleanText(c.companyName) !== displayName(c))
    lines.push(escapeMarkdown(cleanText(c.companyName, 80)));
  const contact = [c.email, c.phone]
    .filter((v): v is string => !!v && !!cleanText(v))
    .map((v) => escapeMarkdown(cleanText(v, 80)));
  if (contact.length) lines.push(contact.join(' · '));
  const place = cityState(c);
  if (place) lines.push(escapeMarkdown(place));
  const tags = c.tags
    .map((t) => cleanText(t, 30))
    .filter(Boolean)
    .slice(0, 8);
  if (tags.length) lines.push(`$(tag) ${tags.map(escapeMarkdown).join(' · ')}`);
  const age = `fetched ${escapeMarkdown(relativeTime(result.fetchedAt, now))}`;
  lines.push(result.stale ? `$(warning) ${escapeMarkdown(result.stale.message)} Showing data ${age}.` : age);
  lines.push(actions(id));
  return lines.join('  \n');
}

export function skippedHoverMarkdown(id: string, error: RotorError): string {
  return [
    `$(person) Rotor customer ${escapeMarkdown(shortId(id))}…: ${escapeMarkdown(error.message)}`,
    commandLink('Look up', HOVER_COMMANDS.lookUp, [id], 'Spend one request to look this ID up'),
  ].join('  \n');
}

export function missingKeyHoverMarkdown(): string {
  return `$(key) Rotor customer lookup needs an API key. ${commandLink('Set API key', HOVER_COMMANDS.setApiKey, [], 'Store your Rotor API key securely')}`;
}

export function errorHoverMarkdown(error: RotorError): string {
  return `$(error) Rotor: ${escapeMarkdown(error.message)}`;
}
