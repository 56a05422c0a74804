import { type Customer } from '../../api/customer';
import { cleanText, displayName, escapeIcons } from '../../common/model/text';
import { shortId } from '../../api/customerId';

// Quick pick labels, descriptions and details render `$(name)` as a codicon: API text (and the
// user's own query, echoed back) goes through escapeIcons so it cannot draw one.

/** Cleaned (one line, no control or bidi characters, bounded) and icon-escaped. */
export function safeText(value: string | undefined, maxLength = 120): string {
  return value === undefined ? '' : escapeIcons(cleanText(value, maxLength));
}

export interface RowText {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

/** name · company · "email · phone · status", every part from the API made safe to show. */
export function customerRowText(c: Customer): RowText {
  const label = escapeIcons(displayName(c));
  const company = safeText(c.companyName, 80);
  const detailParts = [safeText(c.email), safeText(c.phone, 40), safeText(c.status, 40)].filter((p) => p !== '');
  return {
    label,
    // displayName falls back to the company: do not say it twice.
    description: company === label ? '' : company,
    detail: detailParts.length ? detailParts.join(' · ') : `ID ${shortId(c.id)}`,
  };
}

/** The user's query, quoted for a message row. */
export function quoteQuery(query: string): string {
  return `'${safeText(query, 60)}'`;
}
