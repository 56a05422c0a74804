import { type IdOccurrences } from '../../batch/model/customerIdsInText';
import { type IdStatus } from '../../batch/model/idStatus';
import { cityState, cleanText, displayName, escapeIcons, escapeMarkdown, relativeTime } from '../../common/model/text';
import { itemDescription, itemLabel, statusTone } from '../../recent/model/recentPresentation';

/*
 * What the "Customers in File" view shows for an ID. Plain functions over the engine's data (no
 * `vscode` import), so wording, grouping, the cap and escaping are unit-tested in Node.
 */

/** Rows beyond this are summed up in one "first N of M" row: the tree stays quick on huge logs. */
export const MAX_ROWS = 1000;

export type RowKind = 'customer' | 'notFound' | 'unknown' | 'failed';

export interface RowText {
  readonly id: string;
  readonly kind: RowKind;
  readonly label: string;
  readonly description: string;
  /** Codicon name and the theme color id that tints it (undefined: the default). */
  readonly icon: { readonly name: string; readonly color?: string };
  readonly accessibleLabel: string;
  /** Untrusted markdown: every API value cleaned and escaped. */
  readonly tooltip: string;
  readonly occurrences: number;
}

const times = (n: number): string => (n > 1 ? ` · ${n}×` : '');

export function rowText(entry: IdOccurrences, status: IdStatus, now: number): RowText {
  const { id } = entry;
  const occurrences = entry.offsets.length;
  const seen = `${occurrences} ${occurrences === 1 ? 'occurrence' : 'occurrences'}`;
  if (status.kind === 'customer') {
    const c = status.customer;
    const tone = statusTone(c.status);
    const description = [
      itemDescription(c),
      c.status && itemDescription(c) !== cleanText(c.status, 30) ? cleanText(c.status, 30) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const lines = [`**${escapeMarkdown(displayName(c, 120))}**`];
    if (c.companyName) lines.push(escapeMarkdown(cleanText(c.companyName)));
    if (c.status) lines.push(`Status: ${escapeMarkdown(cleanText(c.status, 40))}`);
    const place = cityState(c);
    if (place) lines.push(escapeMarkdown(place));
    lines.push(
      `*${seen} · data from ${relativeTime(status.fetchedAt, now)}${status.fresh ? '' : ' (last known)'}*`,
      `ID ${escapeMarkdown(id)}`,
    );
    return {
      id,
      kind: 'customer',
      label: escapeIcons(itemLabel(c)),
      description: escapeIcons(description + times(occurrences)),
      icon:
        tone === 'inactive'
          ? { name: 'circle-slash', color: 'disabledForeground' }
          : tone === 'active'
            ? { name: 'account', color: 'charts.green' }
            : { name: 'account' },
      accessibleLabel: [itemLabel(c), itemDescription(c), c.status ? cleanText(c.status, 30) : '', seen]
        .filter(Boolean)
        .join(', '),
      tooltip: lines.join('\n\n'),
      occurrences,
    };
  }
  const words =
    status.kind === 'notFound' ? 'not a customer' : status.kind === 'failed' ? 'lookup failed' : 'not looked up';
  const detail = status.kind === 'failed' ? `\n\n${escapeMarkdown(cleanText(status.message, 300))}` : '';
  return {
    id,
    kind: status.kind,
    label: id,
    description: words + times(occurrences),
    icon:
      status.kind === 'notFound'
        ? { name: 'circle-large-outline', color: 'disabledForeground' }
        : status.kind === 'failed'
          ? { name: 'warning', color: 'problemsWarningIcon.foreground' }
          : { name: 'question' },
    accessibleLabel: `${id}, ${words}, ${seen}`,
    tooltip: `**${escapeMarkdown(id)}**\n\n${words[0]!.toUpperCase()}${words.slice(1)} · ${seen}${detail}`,
    occurrences,
  };
}

export interface ViewRows {
  /** Customers, unknown and failed IDs, in order of first appearance. */
  readonly top: readonly RowText[];
  /** Known non-customers, grouped under "Not customers (N)". */
  readonly notCustomers: readonly RowText[];
  /** "Showing the first 1,000 of 10,000 IDs", when capped. */
  readonly capped?: string;
}

/** The rows of a listing, the first `max` IDs only (the rest are counted in `capped`). */
export function viewRows(
  ids: readonly IdOccurrences[],
  status: (id: string) => IdStatus,
  now: number,
  max = MAX_ROWS,
): ViewRows {
  const top: RowText[] = [];
  const notCustomers: RowText[] = [];
  for (const entry of ids.slice(0, max)) {
    const row = rowText(entry, status(entry.id), now);
    (row.kind === 'notFound' ? notCustomers : top).push(row);
  }
  const capped =
    ids.length > max
      ? `Showing the first ${max.toLocaleString('en-US')} of ${ids.length.toLocaleString('en-US')} IDs`
      : undefined;
  return { top, notCustomers, ...(capped ? { capped } : {}) };
}
