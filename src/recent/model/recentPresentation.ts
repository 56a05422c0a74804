import { type Customer } from '../../api/customer';
import { isForgotten, type RecentEntry } from './recentCustomers';
import { cityState, cleanText, displayName, escapeIcons, escapeMarkdown, relativeTime } from '../../common/model/text';

/*
 * What the Recent Customers tree and quick pick say about an entry. Plain functions over the
 * model (no `vscode` import), so the wording and the escaping are unit-tested in Node.
 */

/** Longest label before it is cut: the sidebar is narrow and a 100 KB name must not reach it. */
export const LABEL_MAX = 60;
const DESCRIPTION_MAX = 60;

export type StatusTone = 'active' | 'inactive' | 'unknown';

const INACTIVE_STATUSES = new Set([
  'inactive',
  'archived',
  'disabled',
  'deleted',
  'cancelled',
  'canceled',
  'closed',
  'former',
  'lost',
]);

/** Rotor documents no status vocabulary, so anything not clearly active or inactive is "unknown". */
export function statusTone(status: string | undefined): StatusTone {
  const s = status?.trim().toLowerCase();
  if (!s) return 'unknown';
  if (s === 'active') return 'active';
  return INACTIVE_STATUSES.has(s) ? 'inactive' : 'unknown';
}

export function itemLabel(c: Customer): string {
  return displayName(c, LABEL_MAX);
}

/** The company, unless it is the label already; else the status. */
export function itemDescription(c: Customer): string {
  const company = c.companyName ? cleanText(c.companyName, DESCRIPTION_MAX) : '';
  if (company && company !== itemLabel(c)) return company;
  return c.status ? cleanText(c.status, 30) : '';
}

/**
 * What a screen reader announces: name, company, status, pinned. No relative time: labels are
 * built when the tree redraws, and a stale "2 minutes ago" would mislead (the tooltip has it).
 */
export function accessibleLabel(entry: RecentEntry): string {
  const c = entry.customer;
  const parts = [itemLabel(c)];
  const company = c.companyName ? cleanText(c.companyName, DESCRIPTION_MAX) : '';
  if (company && company !== parts[0]) parts.push(company);
  if (c.status) parts.push(cleanText(c.status, 30));
  if (entry.pinned) parts.push('pinned');
  return parts.join(', ');
}

/**
 * The tooltip as markdown. Every API value is cleaned and markdown-escaped (so it can form no
 * link, image, HTML or theme icon); the caller renders it untrusted.
 */
export function tooltipMarkdown(entry: RecentEntry, now: number): string {
  const c = entry.customer;
  const safe = (value: string, max = 120) => escapeMarkdown(cleanText(value, max));
  const lines: string[] = [`**${safe(displayName(c, 120))}**`];
  const company = c.companyName ? cleanText(c.companyName) : '';
  if (company && company !== displayName(c, 120)) lines.push(`$(organization) ${safe(company)}`);
  if (c.email) lines.push(`$(mail) ${safe(c.email)}`);
  if (c.phone) lines.push(`$(device-mobile) ${safe(c.phone, 40)}`);
  const place = cityState(c);
  if (place) lines.push(`$(location) ${escapeMarkdown(place)}`);
  if (c.status)
    lines.push(`$(${statusTone(c.status) === 'inactive' ? 'circle-slash' : 'pass'}) Status: ${safe(c.status, 40)}`);
  const meta = [
    `Last viewed ${relativeTime(entry.viewedAt, now)}`,
    isForgotten(entry)
      ? 'data forgotten: opening looks it up again'
      : `data from ${relativeTime(entry.fetchedAt, now)}`,
  ];
  if (entry.pinned) meta.push('pinned');
  lines.push(`*${meta.join(' · ')}*`);
  lines.push(`ID ${escapeMarkdown(c.id)}`);
  // A blank line between entries: each is its own paragraph, whatever the value contains.
  return lines.join('\n\n');
}

export interface PickFields {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

/** Quick-pick texts: name; company and place; email and when it was viewed (all searchable). */
export function pickFields(entry: RecentEntry, now: number): PickFields {
  const c = entry.customer;
  const company = c.companyName ? cleanText(c.companyName, DESCRIPTION_MAX) : '';
  const label = itemLabel(c);
  const description = [company !== label ? company : '', cityState(c)].filter(Boolean).join(' · ');
  const detail = [
    c.email ? cleanText(c.email, 80) : '',
    c.status ? cleanText(c.status, 30) : '',
    `viewed ${relativeTime(entry.viewedAt, now)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return { label: escapeIcons(label), description: escapeIcons(description), detail: escapeIcons(detail) };
}
