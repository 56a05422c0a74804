import { type Customer } from '../../api/customer';
import { cityState, cleanText, displayName, escapeMarkdown } from '../../common/model/text';
import { maskCustomer, type MaskMode } from './mask';

/**
 * "Copy as Ticket Note": a short plain Markdown summary to paste into a ticket. Link-free (every
 * value markdown-escaped, so a name like `[x](https://…)` stays text) and masked by the same step
 * as every other surface. It holds no contact details at all: a ticket needs who, not how to
 * reach them.
 */
export function ticketNote(customer: Customer, mode: MaskMode): string {
  const c = maskCustomer(customer, mode);
  const text = (value: string | undefined, max = 120) =>
    value !== undefined && cleanText(value) !== '' ? escapeMarkdown(cleanText(value, max)) : '—';
  const autoPay = c.isAutoPay === undefined ? '—' : c.isAutoPay ? 'on' : 'off';
  return [
    `**Rotor customer: ${escapeMarkdown(displayName(c, 120))}**`,
    '',
    `- Company: ${text(c.companyName)}`,
    `- Status: ${text(c.status, 40)}`,
    `- City: ${cityState(c) ? escapeMarkdown(cityState(c)) : '—'}`,
    `- Customer ID: \`${c.id.replace(/`/g, '')}\``,
    `- Auto-pay: ${autoPay}`,
    '',
  ].join('\n');
}
