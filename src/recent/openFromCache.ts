import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { isForgotten } from './model/recentCustomers';
import { parseConnectionKey } from '../connections/model/connections';

/**
 * Opens a recent customer's panel (`key`: recentKey, so of the connection it came from) from data already held, without a request: the recent list's
 * copy, or the store's when that one is newer (a hover or refresh may have fetched it since).
 * Returns false when the customer is not in the recent list (any more).
 */
export function openFromCache(services: Services, panels: CustomerPanels, key: string): boolean {
  const entry = services.recent.get(key);
  const { connectionId, customerId: id } = parseConnectionKey(key);
  const connection = services.connections.get(connectionId);
  if (!entry || !connection) return false;
  if (isForgotten(entry)) {
    // Kept as a bare ID by Forget Customer Data: the panel looks the customer up.
    panels.show(id, undefined, connection);
    return true;
  }
  const cached = connection.store.peek(id);
  const newer = cached?.kind === 'customer' && cached.fetchedAt > entry.fetchedAt ? cached : undefined;
  const customer = newer?.customer ?? entry.customer;
  const fetchedAt = newer?.fetchedAt ?? entry.fetchedAt;
  panels.show(id, { kind: 'result', result: { kind: 'customer', customer, fetchedAt, fromCache: true } }, connection);
  return true;
}
