import * as vscode from 'vscode';
import { type Customer } from '../api/customer';
import { type RotorError } from '../api/errors';
import { SearchResultCache } from './model/searchCache';
import { customerRowText, quoteQuery, safeText } from './model/searchRows';
import { CustomerSearchSession, type SearchSessionOptions, type SearchState } from './model/searchSession';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { type Connection } from '../connections/connections';
import { copyToClipboard } from '../common/clipboard';
import { ERROR_STEPS, type NextStep } from '../common/model/errorSteps';
import { runCommandStep, showRotorError } from '../common/showError';
import { COMMANDS } from '../common/model/commandIds';

/** A row of the picker: a customer, or a message whose acceptance runs `run` (or nothing). */
interface Row extends vscode.QuickPickItem {
  readonly customer?: { readonly value: Customer; readonly fetchedAt: number };
  readonly run?: () => unknown;
}

const INSERT_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('insert'),
  tooltip: 'Insert ID at cursor',
};
const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy ID' };

/** What registerFindCustomer hands back: sessions on the real client, for scripted use and integration tests. */
export interface FindCustomerApi {
  createSession(options?: Partial<Omit<SearchSessionOptions, 'search'>>): CustomerSearchSession;
  /** Forget Customer Data: the search results held in memory go too. */
  clearCache(): void;
}

/**
 * A search session against Rotor through the shared client (so the quota gate, retries and the
 * request log apply), putting every customer it fetches in the shared store for hovers and hints.
 */
export function createSearchSession(
  services: Services,
  options: Partial<Omit<SearchSessionOptions, 'search'>> = {},
): CustomerSearchSession {
  const { onFetched, ...rest } = options;
  // The connection active when the search opened: its answers never land in another's store.
  const connection = services.connections.active;
  return new CustomerSearchSession({
    ...rest,
    search: (query, requestOptions) => connection.client.searchCustomers(query, requestOptions),
    onFetched: (customers, fetchedAt) => {
      for (const c of customers) connection.store.prime(c, fetchedAt);
      onFetched?.(customers, fetchedAt);
    },
  });
}

/** Registers "Rotor: Find Customer". */
export function registerFindCustomer(services: Services, panels: CustomerPanels): FindCustomerApi {
  // One per connection, shared by every opening of the picker on it: typing the same search again
  // costs nothing while fresh. A session keeps the cache of the connection (and key) it started
  // on, so an answer arriving after a switch or a key change fills a cache nothing reads any more,
  // never the one now in use.
  const caches = new Map<string, SearchResultCache>();
  const cacheOf = (connection: Connection): SearchResultCache => {
    let cache = caches.get(connection.record.id);
    if (!cache) {
      cache = new SearchResultCache({ ttlMs: () => services.settings.cacheTtlMs, maxEntries: 100 });
      caches.set(connection.record.id, cache);
    }
    return cache;
  };
  /** Empties a cache and drops it: a search still under way fills the old one, which nothing reads. */
  const drop = (id: string): void => {
    caches.get(id)?.clear();
    caches.delete(id);
  };
  const createSession: FindCustomerApi['createSession'] = (options = {}) =>
    createSearchSession(services, { cache: cacheOf(services.connections.active), ...options });

  services.context.subscriptions.push(
    // Another key may see other customers (and Remove Connection clears the key).
    { dispose: services.connections.onDidChangeKey((connection) => drop(connection.record.id)).dispose },
    // A switch (or a connection added or removed) starts every picker afresh, as before there was one cache per connection.
    { dispose: services.connections.onDidChange(() => [...caches.keys()].forEach(drop)).dispose },
    vscode.commands.registerCommand(COMMANDS.findCustomer, (initial?: unknown) => {
      showFindCustomer(services, panels, createSession(), typeof initial === 'string' ? initial : '');
    }),
  );
  return { createSession, clearCache: () => [...caches.keys()].forEach(drop) };
}

function showFindCustomer(
  services: Services,
  panels: CustomerPanels,
  session: CustomerSearchSession,
  initial: string,
): void {
  const pick = vscode.window.createQuickPick<Row>();
  pick.title = 'Rotor: Find Customer';
  pick.placeholder = 'Search customers by name, company, email or phone';
  pick.ignoreFocusOut = false;

  let shown: { query: string; count: number } | undefined;
  const render = (state: SearchState) => {
    const rows = rowsFor(state, session, pick, services);
    pick.items = rows;
    pick.busy = session.busy || (state.kind === 'results' && state.loadingMore);
    if (state.kind !== 'results') {
      shown = undefined;
      return;
    }
    // After Load more, stay where the user was: on the first customer just added, not back at the top.
    const firstNew =
      shown?.query === state.query && state.customers.length > shown.count ? rows[shown.count] : undefined;
    if (firstNew) pick.activeItems = [firstNew];
    shown = { query: state.query, count: state.customers.length };
  };

  const connection = services.connections.active;
  const open = (customer: Customer, fetchedAt: number) => {
    pick.hide();
    services.recent.record(customer, fetchedAt, connection.record.id);
    panels.show(
      customer.id,
      { kind: 'result', result: { kind: 'customer', customer, fetchedAt, fromCache: true } },
      connection,
    );
  };

  const subscriptions = [
    session.onDidChange(render),
    pick.onDidChangeValue((value) => session.setQuery(value)),
    pick.onDidAccept(() => {
      const row = pick.activeItems[0];
      if (row?.customer) open(row.customer.value, row.customer.fetchedAt);
      else if (row?.run) void Promise.resolve(row.run()).catch(showRotorError);
    }),
    pick.onDidTriggerItemButton(({ button, item }) => {
      if (!item.customer) return;
      const id = item.customer.value.id;
      if (button === INSERT_BUTTON) void insertId(pick, id).catch(showRotorError);
      else if (button === COPY_BUTTON) void copyToClipboard(id, 'customer ID').catch(showRotorError);
    }),
    pick.onDidHide(() => {
      for (const s of subscriptions) s.dispose();
      session.dispose();
      pick.dispose();
    }),
  ];

  render(session.state);
  pick.show();
  if (initial) {
    pick.value = initial;
    session.setQuery(initial);
  }
}

async function insertId(pick: vscode.QuickPick<Row>, id: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    pick.title = 'Rotor: Find Customer — open an editor to insert an ID';
    return;
  }
  pick.hide();
  // Replaces each selection (inserts at each cursor when nothing is selected).
  await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, id);
  });
}

/** A row that only says something; accepting it does nothing. */
function message(label: string, detail?: string): Row {
  return { label, ...(detail ? { detail } : {}), alwaysShow: true };
}

function action(label: string, run: () => unknown, description?: string): Row {
  return { label, run, ...(description ? { description } : {}), alwaysShow: true };
}

function rowsFor(
  state: SearchState,
  session: CustomerSearchSession,
  pick: vscode.QuickPick<Row>,
  services: Services,
): Row[] {
  switch (state.kind) {
    case 'empty':
      return [];
    case 'tooShort':
      return [
        message(
          `$(info) Type at least ${state.minLength} characters to search`,
          'Matches first and last name, company, email and phone.',
        ),
      ];
    case 'searching':
      return [message(`$(search) Searching for ${quoteQuery(state.query)}…`)];
    case 'failed':
      return errorRows(state.error, session, pick, services);
    case 'results': {
      if (state.customers.length === 0) return [message(`$(info) No customers match ${quoteQuery(state.query)}`)];
      const rows: Row[] = state.customers.map((c) => ({
        // Masked by screen-share mode before the row texts are built.
        ...customerRowText(services.privacy.mask(c)),
        customer: { value: c, fetchedAt: state.fetchedAt },
        buttons: [INSERT_BUTTON, COPY_BUTTON],
        // The server already matched: the picker's own filter must not hide or drop rows.
        alwaysShow: true,
      }));
      if (state.loadMoreError) rows.push(message(`$(warning) ${safeText(state.loadMoreError.message, 200)}`));
      if (state.hasMore) {
        const shown =
          state.total === undefined
            ? `${state.customers.length} shown`
            : `${state.customers.length} of ${state.total} shown`;
        const force = state.loadMoreError?.code === 'QuotaExhausted';
        rows.push(
          state.loadingMore
            ? message('$(loading~spin) Loading more…')
            : action(
                force ? '$(chevron-down) Load more anyway' : '$(chevron-down) Load more',
                () => session.loadMore({ force }),
                shown,
              ),
        );
      }
      return rows;
    }
  }
}

/** The row that says what went wrong; the rows below it are the next steps from ERROR_STEPS. */
function errorHeadline(error: RotorError): Row {
  const text = safeText(error.message, 200);
  switch (error.code) {
    case 'ApiKeyMissing':
      return message('$(key) No Rotor API key is set', text);
    case 'InvalidApiKey':
    case 'AuthenticationRequired':
      return message('$(key) The API key does not work', text);
    case 'QuotaReserve':
      return message('$(warning) Search skipped to save quota', text);
    case 'QuotaExhausted':
      return message('$(circle-slash) The daily request quota is used up', text);
    case 'InsufficientScope':
    case 'InvalidId':
    case 'NotFound':
      return message(`$(warning) ${text}`);
    default:
      return message(`$(error) ${text}`);
  }
}

/** Failures as rows with the next step, never as popups. */
function errorRows(
  error: RotorError,
  session: CustomerSearchSession,
  pick: vscode.QuickPick<Row>,
  services: Services,
): Row[] {
  const step = (next: NextStep): Row => {
    switch (next) {
      case 'setApiKey':
        return action('$(key) Set API Key…', async () => {
          const value = pick.value;
          pick.hide();
          await runCommandStep('setApiKey');
          // Back to the search the user was typing, once there is a key.
          if (await services.apiKey.get()) await vscode.commands.executeCommand(COMMANDS.findCustomer, value);
        });
      case 'spendReserve':
        return action(
          '$(search) Search anyway',
          () => session.retry(),
          'uses the reserve kept for lookups you ask for',
        );
      case 'forceRetry':
        return action('$(search) Try anyway', () => session.retry({ force: true }), 'Rotor may still refuse');
      case 'retry':
        return action('$(refresh) Try again', () => session.retry());
      case 'openSettings':
        return action('$(gear) Open Settings', () => runCommandStep('openSettings'));
      case 'showLog':
        return action('$(output) Show Log', () => runCommandStep('showLog'));
      case 'testConnection':
        return action('$(plug) Test Connection', () => runCommandStep('testConnection'));
    }
  };
  return [errorHeadline(error), ...ERROR_STEPS[error.code].picker.map(step)];
}
