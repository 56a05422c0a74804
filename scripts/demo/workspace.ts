import * as fs from 'node:fs';
import * as path from 'node:path';
import { INACTIVE_ID, JANE_DOE_ID, NON_CUSTOMER_ID, seededUuid, UNKNOWN_FIELDS_ID } from '../../test/sandbox/demoData';

/**
 * The demo workspace: a few everyday files in which customer UUIDs turn up (a service log, a
 * TypeScript source file, a SQL script), mixed with UUIDs that are not customers (trace IDs,
 * a namespace, an idempotency key). Every ID is one of the sandbox's demo fixtures, so hovers
 * show real answers: Jane Doe, an inactive customer, "not a customer". Pure: no I/O here except
 * in writeWorkspace, so the content is unit-tested.
 */

/** The IDs the demo files use, by role; `--check` hovers `customer` in `LOG_FILE`. */
export const DEMO_IDS = {
  /** Jane Doe, Acme Roofing: the customer in Rotor's own docs. */
  customer: JANE_DOE_ID,
  /** Walter Finch, Blue Sky Plumbing: an inactive customer. */
  inactive: INACTIVE_ID,
  /** Ursula Unknown, Summit HVAC: fields the docs do not list, shown as extra fields. */
  extraFields: UNKNOWN_FIELDS_ID,
  /** Generated demo customers (Olivia Smith, Liam O'Brien, Emma Dubois). */
  others: [seededUuid(1), seededUuid(2), seededUuid(3)] as const,
  /** Looks like any other UUID, but Rotor answers 404: the hover says so. */
  nonCustomer: NON_CUSTOMER_ID,
} as const;

/** What the check hovers, and the name it expects to see. */
export const LOG_FILE = 'logs/app.log';
export const EXPECTED_HOVER_NAME = 'Jane Doe';

/** Relative path -> content. */
export type DemoFiles = Readonly<Record<string, string>>;

/** Trace IDs of the log: UUIDs too, but never customers (seeded, so the files never change). */
const trace = (n: number): string => seededUuid(700_000 + n);

function logFile(): string {
  const { customer, inactive, extraFields, others, nonCustomer } = DEMO_IDS;
  return [
    `2024-05-14 08:02:11.384 INFO  http      GET /customers/${customer}/invoices 200 41ms trace=${trace(1)}`,
    `2024-05-14 08:02:11.912 INFO  billing   invoice INV-20931 created for ${customer} amount=1240.00 trace=${trace(1)}`,
    `2024-05-14 08:02:14.067 WARN  payments  card declined (retry 1/3) customer=${others[0]} trace=${trace(2)}`,
    `2024-05-14 08:02:19.530 INFO  scheduler job ${nonCustomer} finished: 14 stops in 5.2s trace=${trace(3)}`,
    `2024-05-14 08:03:02.771 ERROR sync      CRM sync skipped for ${inactive}: account inactive trace=${trace(4)}`,
    `2024-05-14 08:03:05.009 INFO  webhooks  appointment.confirmed delivered to ${others[1]} trace=${trace(5)}`,
    `2024-05-14 08:04:48.216 DEBUG reports   unmapped custom fields for ${extraFields} trace=${trace(6)}`,
    `2024-05-14 08:05:30.443 INFO  http      PATCH /customers/${others[2]} 204 18ms trace=${trace(7)}`,
    `2024-05-14 08:06:01.118 WARN  billing   2 overdue invoices (INV-20417, INV-20588) for ${customer} trace=${trace(8)}`,
    '',
  ].join('\n');
}

function sourceFile(): string {
  const { customer, others, nonCustomer } = DEMO_IDS;
  return `import { createHash } from 'node:crypto';

/** Namespace for idempotency keys of reminder e-mails (a UUID, but not a customer). */
export const REMINDER_NAMESPACE = '${nonCustomer}';

/** Customers on the pilot of the new reminder schedule (see BILL-482). */
export const PILOT_CUSTOMERS: readonly string[] = [
  '${customer}', // first pilot account
  '${others[0]}',
  '${others[2]}',
];

export interface Invoice {
  readonly id: string;
  readonly customerId: string;
  readonly dueDate: Date;
  readonly amountCents: number;
}

export function isPilot(invoice: Invoice): boolean {
  return PILOT_CUSTOMERS.includes(invoice.customerId);
}

/** Days before the due date at which a reminder goes out. */
export function reminderDays(invoice: Invoice): number[] {
  return isPilot(invoice) ? [10, 3, 1] : [7, 1];
}

export function idempotencyKey(invoice: Invoice, daysBefore: number): string {
  return createHash('sha256').update(\`\${REMINDER_NAMESPACE}:\${invoice.id}:\${daysBefore}\`).digest('hex');
}
`;
}

function sqlFile(): string {
  const { customer, inactive, others, nonCustomer } = DEMO_IDS;
  return `-- Overdue invoices of the customers escalated in ticket SUP-1193.
SELECT i.id, i.customer_id, i.due_date, i.amount_cents
FROM invoices i
WHERE i.customer_id IN (
  '${customer}',
  '${others[0]}',
  '${inactive}'
)
  AND i.status = 'overdue'
ORDER BY i.due_date;

-- Move the appointment that was booked under the wrong account.
UPDATE appointments
SET customer_id = '${others[1]}'
WHERE id = '${nonCustomer}';
`;
}

function readme(demoKey: string): string {
  return `# Rotor Customer Lookup demo

This folder is temporary: \`npm run demo\` created it and deletes it when it stops.
The extension talks to the local Rotor sandbox, which serves demo customers only.

1. **Set the API key** (once): click **Use the Demo Key** in the notification at the bottom
   right (or run **Rotor Demo: Use the Demo Key** from the Command Palette). By hand: run
   **Rotor: Set API Key** and paste the sandbox's demo key \`${demoKey}\` (fake, not a secret).
2. **Hover a customer UUID** in \`${LOG_FILE}\`, \`src/invoiceReminders.ts\` or
   \`sql/overdue.sql\`: the hover says who the customer is. \`${DEMO_IDS.nonCustomer}\`
   is not a customer, and the hover says that too.
3. **Ctrl/Cmd+click** a UUID, or run **Rotor: Open Customer** (Ctrl+Alt+U), to open the customer.
4. **Rotor: Find Customer** searches by name: try \`acme roof\`.
5. The **Rotor** view in the activity bar lists the customers you opened.
`;
}

/** The demo workspace's files; `demoKey` is the sandbox's (fake) key, quoted in README.md. */
export function demoWorkspaceFiles(demoKey: string): DemoFiles {
  return {
    'README.md': readme(demoKey),
    [LOG_FILE]: logFile(),
    'src/invoiceReminders.ts': sourceFile(),
    'sql/overdue.sql': sqlFile(),
    // Opens README.md when the folder opens (the demo profile's user settings say 'none').
    '.vscode/settings.json': `${JSON.stringify({ 'workbench.startupEditor': 'readme' }, null, 2)}\n`,
  };
}

/** Writes `files` below `folder` (created if needed). */
export function writeWorkspace(folder: string, files: DemoFiles): void {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
