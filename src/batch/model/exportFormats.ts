import { cityState, cleanText, displayName, escapeMarkdown } from '../../common/model/text';
import { type IdStatus } from './idStatus';

/** One ID of an export, with what is known about it. */
export interface ExportRow {
  readonly id: string;
  readonly name: string;
  readonly company: string;
  readonly status: string;
  readonly email: string;
  readonly phone: string;
  readonly city: string;
  /** "yes", "no" or "" (unknown): `is_auto_pay`. */
  readonly autoPay: string;
  /** "yes", "no" or "": `has_payment_method`. */
  readonly paymentMethod: string;
  readonly occurrences: number;
  /** "customer", "not a customer", "not looked up" or "lookup failed". */
  readonly state: string;
  /** The connection (Rotor company) the row's answer comes from: the same UUID may be another customer elsewhere. */
  readonly connection: string;
}

export const EXPORT_COLUMNS: readonly { readonly key: keyof ExportRow; readonly title: string }[] = [
  { key: 'id', title: 'ID' },
  { key: 'name', title: 'Name' },
  { key: 'company', title: 'Company' },
  { key: 'status', title: 'Status' },
  { key: 'email', title: 'Email' },
  { key: 'phone', title: 'Phone' },
  { key: 'city', title: 'City' },
  { key: 'autoPay', title: 'Auto-pay' },
  { key: 'paymentMethod', title: 'Payment method' },
  { key: 'occurrences', title: 'Occurrences' },
  { key: 'state', title: 'State' },
  { key: 'connection', title: 'Connection' },
];

const yesNo = (value: boolean | undefined): string => (value === undefined ? '' : value ? 'yes' : 'no');
const STATE: Readonly<Record<IdStatus['kind'], string>> = {
  customer: 'customer',
  notFound: 'not a customer',
  unknown: 'not looked up',
  failed: 'lookup failed',
};

export function exportRow(id: string, occurrences: number, status: IdStatus, connection = ''): ExportRow {
  const empty = { name: '', company: '', status: '', email: '', phone: '', city: '', autoPay: '', paymentMethod: '' };
  if (status.kind !== 'customer') return { id, ...empty, occurrences, state: STATE[status.kind], connection };
  const c = status.customer;
  return {
    id,
    name: displayName(c, 200),
    company: c.companyName ?? '',
    status: c.status ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    city: c.address?.city ? cityState(c) : '',
    autoPay: yesNo(c.isAutoPay),
    paymentMethod: yesNo(c.hasPaymentMethod),
    occurrences,
    state: STATE.customer,
    connection,
  };
}

/**
 * A CSV field per RFC 4180 (quoted when it holds a comma, quote, CR or LF; quotes doubled), made
 * inert against spreadsheet formula injection: a value that starts with `=`, `+`, `-`, `@`, tab
 * or CR gets a leading `'` (OWASP's advice), so Excel or Sheets shows it as text. Line breaks
 * inside a value are kept, quoted: nothing is lost.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [
    EXPORT_COLUMNS.map((c) => csvField(c.title)),
    ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvField(row[c.key]))),
  ];
  return lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}

/** A Markdown table cell: one line (control and bidi characters out), every markdown character escaped, `|` included. */
function markdownCell(value: string | number): string {
  return escapeMarkdown(cleanText(String(value), 10_000));
}

export function toMarkdownTable(rows: readonly ExportRow[], title?: string): string {
  const header = `| ${EXPORT_COLUMNS.map((c) => c.title).join(' | ')} |`;
  const rule = `| ${EXPORT_COLUMNS.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${EXPORT_COLUMNS.map((c) => markdownCell(row[c.key])).join(' | ')} |`);
  return [...(title ? [`# ${escapeMarkdown(title)}`, ''] : []), header, rule, ...body, ''].join('\n');
}

export function toJson(rows: readonly ExportRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export type ExportFormat = 'markdown' | 'csv' | 'json';

export function formatRows(format: ExportFormat, rows: readonly ExportRow[], title?: string): string {
  if (format === 'csv') return toCsv(rows);
  if (format === 'json') return toJson(rows);
  return toMarkdownTable(rows, title);
}
