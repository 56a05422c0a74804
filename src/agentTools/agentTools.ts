import * as vscode from 'vscode';
import { type Customer } from '../api/customer';
import { toRotorError } from '../api/errors';
import { lookUpBatch, planBatch } from '../batch/model/batchLookup';
import { customerIdsInText } from '../batch/model/customerIdsInText';
import { idStatus, type IdStatus } from '../batch/model/idStatus';
import { planLookups } from '../batch/model/lookupPlan';
import { type BatchOutcome, summarizeBatch } from '../batch/model/lookUpEach';
import { escapeMarkdown } from '../common/model/text';
import { type FindCustomerApi } from '../search/findCustomer';
import { type Services } from '../services';
import { type FeatureHost } from '../shell/featureHost';
import { AGENT_TOOL_NAMES } from '../common/model/commandIds';
import { AGENT_CONFIRM_ABOVE, type AgentDecision, decideLookups, decideSearch } from './model/confirmation';
import { AGENT_FIELDS, type AgentField, agentFieldsFrom, customerFieldsForAgent } from './model/fields';
import { costLine, failureReport, fieldsLine, formatReport, NO_KEY_MESSAGE, plural, quote } from './model/format';
import { checkFileInput, checkFindInput, checkGetCustomerInput, type Checked } from './model/input';

/** The agent sees at most this many distinct IDs of one document. */
export const MAX_FILE_IDS = 100;

type Tool = vscode.LanguageModelTool<unknown>;
/** How long what prepareInvocation allowed stays valid for the invoke that follows it (a confirmation may take a while). */
const PREPARED_TTL_MS = 10 * 60_000;
type ToolKind = 'get' | 'find' | 'file';

/** The registered tools, for integration tests (prepareInvocation without a modal dialog). */
export interface AgentToolsApi {
  readonly getCustomer: Tool;
  readonly findCustomers: Tool;
  readonly customersInFile: Tool;
}

/** One ID of a result, as the model reads it. */
type Entry = Record<string, unknown>;

/**
 * Language model tools (Copilot agent mode, #rotorCustomer): the same powers as a person, with the
 * same care. Answers come from the shared store first; lookups go through the batch engine of
 * Look Up All (plan, 4 at a time, stop on a 429, cancellable) with priority `user`; a call that
 * needs many requests or would eat into the hover reserve asks first (prepareInvocation); only
 * the fields the user allows are returned, inside a delimited, escaped data block.
 */
export function registerAgentTools(
  services: Services,
  findCustomer: FindCustomerApi,
  host: FeatureHost,
): AgentToolsApi {
  const tools = new AgentTools(services, findCustomer);
  const api: AgentToolsApi = {
    getCustomer: tools.tool('get', tools.prepareGet, tools.getCustomer),
    findCustomers: tools.tool('find', tools.prepareFind, tools.findCustomers),
    customersInFile: tools.tool('file', tools.prepareFile, tools.customersInFile),
  };
  host.agentTool(AGENT_TOOL_NAMES.getCustomer, api.getCustomer);
  host.agentTool(AGENT_TOOL_NAMES.findCustomers, api.findCustomers);
  host.agentTool(AGENT_TOOL_NAMES.customersInFile, api.customersInFile);
  return api;
}

interface Prepared {
  readonly decision?: AgentDecision;
  readonly message?: string;
}

class AgentTools {
  /**
   * What prepareInvocation let each input send (confirmed or not needing confirmation). invoke
   * never sends more, so a call whose cost grew between the two cannot skip the question.
   */
  private readonly allowed = new Map<string, { readonly count: number; readonly at: number }>();

  constructor(
    private readonly services: Services,
    private readonly findCustomer: FindCustomerApi,
  ) {}

  tool(
    name: ToolKind,
    prepare: (input: unknown) => Promise<Prepared>,
    invoke: (input: unknown, token: vscode.CancellationToken) => Promise<string>,
  ): Tool {
    return {
      prepareInvocation: async (options) => {
        try {
          const prepared = await prepare(options.input);
          const decision = prepared.decision;
          if (decision) this.allowed.set(allowKey(name, options.input), { count: decision.count, at: Date.now() });
          return {
            invocationMessage: decision?.invocationMessage ?? prepared.message ?? 'Reading Rotor customers',
            // Text, never markdown: the message quotes the model's search text. (appendText would
            // also turn every space into &nbsp;, making one unwrappable line in the dialog.)
            ...(decision?.confirmation
              ? {
                  confirmationMessages: {
                    title: decision.confirmation.title,
                    message: new vscode.MarkdownString(escapeMarkdown(decision.confirmation.message)),
                  },
                }
              : {}),
          };
        } catch {
          return { invocationMessage: 'Reading Rotor customers' };
        }
      },
      invoke: async (options, token) => {
        let text: string;
        // With several connections the model is told which company answered (the name is the user's, so quoted).
        const { connections } = this.services;
        const connection = connections.several
          ? `Rotor connection: ${quote(connections.active.record.name)} (customers of other connections are not included).\n`
          : '';
        try {
          text = connection + (await invoke(options.input, token));
        } catch (e) {
          // Never a stack trace: the error's own sentence.
          text = failureReport(token.isCancellationRequested ? 'Cancelled.' : toRotorError(e).message);
        } finally {
          this.allowed.delete(allowKey(name, options.input));
        }
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
      },
    };
  }

  /** What invoke may send: the prepared count, or, without a prepare, only what needs no question. */
  private allowedCount(name: ToolKind, input: unknown, decision: AgentDecision): number {
    const prepared = this.allowed.get(allowKey(name, input));
    // A question left unanswered (the user cancelled, so VS Code never invoked) does not count later.
    const allowed = prepared && Date.now() - prepared.at < PREPARED_TTL_MS ? prepared.count : undefined;
    return Math.min(decision.count, allowed ?? (decision.confirmation ? 0 : decision.count));
  }

  // ---- rotor_getCustomer

  readonly prepareGet = async (input: unknown): Promise<Prepared> => {
    const checked = checkGetCustomerInput(input);
    if (!checked.ok) return { message: 'Checking the customer IDs' };
    const context = await this.lookupContext(checked.value.ids);
    return context ? { decision: context.decision } : { message: 'Reading Rotor customers' };
  };

  readonly getCustomer = async (input: unknown, token: vscode.CancellationToken): Promise<string> => {
    const checked = checkGetCustomerInput(input);
    if (!checked.ok) return failureReport(checked.message);
    const run = await this.lookUp(checked.value.ids, 'get', input, token);
    if (typeof run === 'string') return run;
    const fields = this.fields();
    const entries = checked.value.ids.map((id) => this.entry(id, run.status(id), fields, run.reasons.get(id)));
    return formatReport({
      summary: `${plural(entries.length, 'ID')}: ${this.tally(checked.value.ids, run.status)}.${run.summary ? ` ${run.summary}` : ''}`,
      notes: [...(run.note ? [run.note] : []), run.cost, this.fieldsNote(fields)],
      data: { customers: entries },
    });
  };

  // ---- rotor_customersInFile

  readonly prepareFile = async (input: unknown): Promise<Prepared> => {
    const checked = checkFileInput(input);
    if (!checked.ok || !checked.value.lookUp) return { message: 'Listing the customer IDs of the document' };
    const scope = this.documentScope(checked.value);
    if (!scope.ok) return { message: 'Listing the customer IDs of the document' };
    const context = await this.lookupContext(scope.value.ids.map((e) => e.id));
    return context ? { decision: context.decision } : { message: 'Listing the customer IDs of the document' };
  };

  readonly customersInFile = async (input: unknown, token: vscode.CancellationToken): Promise<string> => {
    const checked = checkFileInput(input);
    if (!checked.ok) return failureReport(checked.message);
    const scope = this.documentScope(checked.value);
    if (!scope.ok) return failureReport(scope.message);
    const { ids, name, file, total, occurrences } = scope.value;
    const fields = this.fields();
    const notes: string[] = [];
    if (total > ids.length)
      notes.push(`Only the first ${ids.length} of ${total.toLocaleString('en-US')} distinct IDs are listed.`);
    let status = (id: string): IdStatus =>
      idStatus(id, { cached: (key) => this.services.store.peek(key), failure: () => undefined });
    let reasons = new Map<string, string>();
    let summary = '';
    if (checked.value.lookUp) {
      const run = await this.lookUp(
        ids.map((e) => e.id),
        'file',
        input,
        token,
      );
      if (typeof run === 'string') {
        notes.push(run);
      } else {
        ({ status, reasons } = run);
        summary = run.summary;
        if (run.note) notes.push(run.note);
        notes.push(run.cost);
      }
    } else {
      notes.push(
        `Nothing was sent to Rotor: this is what is already known. Call again with "lookUp": true to look the unknown ones up.`,
      );
    }
    notes.push(this.fieldsNote(fields));
    const entries = ids.map((e) => ({
      ...this.entry(e.id, status(e.id), fields, reasons.get(e.id)),
      occurrences: e.offsets.length,
    }));
    return formatReport({
      summary: `${name}: ${plural(total, 'distinct customer ID')} (${plural(occurrences, 'occurrence')}); ${this.tally(
        ids.map((e) => e.id),
        status,
      )}.${summary ? ` ${summary}` : ''}`,
      notes,
      data: { document: file, customers: entries },
    });
  };

  // ---- rotor_findCustomers

  readonly prepareFind = async (input: unknown): Promise<Prepared> => {
    const checked = checkFindInput(input);
    if (!checked.ok) return { message: 'Checking the search' };
    const key = await this.services.apiKey.get();
    if (!key) return { message: 'Searching Rotor customers' };
    return { decision: this.searchDecision(checked.value.query, key) };
  };

  readonly findCustomers = async (input: unknown, token: vscode.CancellationToken): Promise<string> => {
    const checked = checkFindInput(input);
    if (!checked.ok) return failureReport(checked.message);
    const { query, status, limit } = checked.value;
    const key = await this.services.apiKey.get();
    if (!key) return failureReport(NO_KEY_MESSAGE);
    const decision = this.searchDecision(query, key);
    const session = this.findCustomer.createSession({ debounceMs: 0 });
    let requests = 0;
    const counter = this.services.onDidSendRequest((entry) => {
      if (entry.path.startsWith('customers?')) requests++;
    });
    const cancel = token.onCancellationRequested(() => session.dispose());
    try {
      session.setQuery(query);
      if (session.state.kind !== 'results') {
        if (decision.count === 0 || this.allowedCount('find', input, decision) === 0) {
          return failureReport(decision.note ?? 'This search needs the user to confirm it first; nothing was sent.', [
            this.costOf(key, 0),
          ]);
        }
        session.retry();
        await session.whenIdle();
      }
      if (token.isCancellationRequested)
        return failureReport('Cancelled: the search was stopped.', [this.costOf(key, requests)]);
      const state = session.state;
      if (state.kind === 'failed')
        return failureReport(`The search failed: ${state.error.message}`, [this.costOf(key, requests)]);
      if (state.kind !== 'results') return failureReport('The search did not finish.', [this.costOf(key, requests)]);
      const fields = this.fields();
      const matching = state.customers.filter((c) => !status || c.status === status);
      const shown = matching.slice(0, limit);
      const notes: string[] = [];
      if (matching.length > shown.length)
        notes.push(
          `Showing ${shown.length} of ${matching.length} matches; raise "limit" (up to 50) or refine the query for the rest.`,
        );
      if (state.hasMore)
        notes.push(
          `Rotor has more matches than the first ${state.customers.length}${state.total === undefined ? '' : ` of ${state.total}`}: refine the query to see them.`,
        );
      if (status) notes.push(`Filtered to status "${status}" after the search.`);
      notes.push(this.costOf(key, requests), this.fieldsNote(fields));
      return formatReport({
        summary: `${plural(matching.length, 'customer')} match the search${status ? ` with status ${status}` : ''}${state.source === 'server' ? '' : ' (answered from the cache)'}.`,
        notes,
        data: {
          query,
          customers: shown.map((c) => ({ id: c.id, ...customerFieldsForAgent(c, fields, this.services.privacy.mode) })),
        },
      });
    } finally {
      cancel.dispose();
      counter.dispose();
      session.dispose();
    }
  };

  // ---- shared

  /** Search answered locally (Find Customer's cache), or one request under the plan. Side-effect free. */
  private searchDecision(query: string, key: string): AgentDecision {
    const probe = this.findCustomer.createSession({ debounceMs: 0 });
    let cached: boolean;
    try {
      probe.setQuery(query);
      cached = probe.state.kind === 'results';
    } finally {
      probe.dispose();
    }
    const quota = this.services.quota.snapshot(key);
    const reserve = this.services.settings.quota.hoverReserve;
    const plan = planLookups({ total: 1, toLookUp: cached ? 0 : 1, quota, reserve, confirmAbove: AGENT_CONFIRM_ABOVE });
    return decideSearch(plan, query, { remaining: quota.remaining, reserve });
  }

  /**
   * The plan for these IDs now, or undefined without a key. Side-effect free. The connection
   * active now answers the whole call and pays for it, even if the user switches meanwhile.
   */
  private async lookupContext(ids: readonly string[]) {
    const connection = this.services.connections.active;
    const key = await connection.apiKey.get();
    if (!key) return undefined;
    const status = (id: string): IdStatus =>
      idStatus(id, { cached: (k) => connection.store.peek(k), failure: () => undefined });
    const quota = connection.quota.snapshot(key);
    const reserve = this.services.settings.quota.hoverReserve;
    const { toLookUp, plan } = planBatch({ ids, status, quota, reserve, confirmAbove: AGENT_CONFIRM_ABOVE });
    return {
      connection,
      key,
      toLookUp,
      decision: decideLookups(plan, toLookUp, { remaining: quota.remaining, reserve }),
    };
  }

  /**
   * Looks up what is not known, as the plan allows: the shared engine, priority `user`,
   * cancellable through the token, stopping on a 429. A string is a failure of the whole call.
   */
  private async lookUp(ids: readonly string[], name: ToolKind, input: unknown, token: vscode.CancellationToken) {
    const context = await this.lookupContext(ids);
    if (!context) return failureReport(NO_KEY_MESSAGE);
    const { connection, key, toLookUp, decision } = context;
    const count = this.allowedCount(name, input, decision);
    const batch = toLookUp.slice(0, count);
    const failures = new Map<string, string>();
    const reasons = new Map<string, string>();
    const wanted = new Set(batch.map((id) => `customers/${id}`));
    let requests = 0;
    const counter = this.services.onDidSendRequest((entry) => {
      if (wanted.has(entry.path)) requests++;
    });
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    let outcomes: BatchOutcome[] = [];
    try {
      if (batch.length > 0) {
        outcomes = await lookUpBatch(batch, (id, options) => connection.lookup.lookup(id, options), {
          signal: controller.signal,
          onFailure: (id, message) => failures.set(id, message),
        });
      }
    } finally {
      cancel.dispose();
      counter.dispose();
    }
    const cancelled = controller.signal.aborted;
    batch.forEach((id, i) => {
      if (outcomes[i]?.kind === 'skipped')
        reasons.set(
          id,
          cancelled ? 'cancelled before it was looked up' : 'not looked up: the lookups stopped (see the summary)',
        );
    });
    for (const id of toLookUp.slice(count)) {
      reasons.set(
        id,
        decision.confirmation && count < decision.count
          ? 'not looked up: the user did not confirm the lookup'
          : "not looked up: not within what today's quota allows",
      );
    }
    const status = (id: string): IdStatus =>
      idStatus(id, { cached: (k) => connection.store.peek(k), failure: (k) => failures.get(k) });
    const note =
      count < decision.count
        ? 'These lookups need the user to confirm them first; nothing more was sent.'
        : decision.note;
    return {
      status,
      reasons,
      summary: batch.length > 0 ? summarizeBatch(outcomes, cancelled).message : '',
      ...(note ? { note } : {}),
      cost: this.costOf(key, requests, connection),
    };
  }

  private costOf(key: string, requests: number, connection = this.services.connections.active): string {
    const quota = connection.quota.snapshot(key);
    return costLine(requests, quota.remaining, quota.exhausted);
  }

  /** "2 customers, 1 not a customer, 1 not looked up" */
  private tally(ids: readonly string[], status: (id: string) => IdStatus): string {
    const counts = { customer: 0, notFound: 0, unknown: 0, failed: 0 };
    for (const id of ids) counts[status(id).kind]++;
    const parts = [plural(counts.customer, 'customer')];
    if (counts.notFound) parts.push(`${counts.notFound} not ${counts.notFound === 1 ? 'a customer' : 'customers'}`);
    if (counts.failed) parts.push(`${counts.failed} failed`);
    if (counts.unknown) parts.push(`${counts.unknown} not looked up`);
    return parts.join(', ');
  }

  private entry(id: string, status: IdStatus, fields: readonly AgentField[], reason: string | undefined): Entry {
    switch (status.kind) {
      case 'customer':
        return {
          id,
          state: 'customer',
          ...customerFieldsForAgent(status.customer as Customer, fields, this.services.privacy.mode),
          asOf: new Date(status.fetchedAt).toISOString(),
          ...(status.fresh ? {} : { lastKnown: true }),
        };
      case 'notFound':
        return { id, state: 'not a customer' };
      case 'failed':
        return { id, state: 'lookup failed', error: status.message };
      case 'unknown':
        return { id, state: 'not looked up', ...(reason ? { reason } : {}) };
    }
  }

  /** `rotor.agentTools.fields` from user settings only: a workspace cannot make the tools return more. */
  /** Which fields the model gets, and whether screen-share mode masked some of them. */
  private fieldsNote(fields: readonly AgentField[]): string {
    const line = fieldsLine(fields, AGENT_FIELDS);
    return this.services.privacy.on
      ? `${line} Screen-share mode is on: email and phone are masked (•••), street, zip and notes are withheld.`
      : line;
  }

  private fields(): readonly AgentField[] {
    const inspected = vscode.workspace.getConfiguration('rotor').inspect<unknown>('agentTools.fields');
    return agentFieldsFrom(inspected?.globalValue ?? inspected?.defaultValue);
  }

  /** The document the call is about (open documents only: the tool never reads files from disk). */
  private documentScope(input: { uri?: string; fileName?: string }): Checked<{
    ids: ReturnType<typeof customerIdsInText>['ids'];
    name: string;
    file: string;
    total: number;
    occurrences: number;
  }> {
    let document: vscode.TextDocument | undefined;
    let selection: vscode.Selection | undefined;
    const open = vscode.workspace.textDocuments;
    if (input.uri !== undefined) {
      const wanted = safeUri(input.uri);
      document = open.find((d) => d.uri.toString() === input.uri || d.uri.toString() === wanted);
      if (!document)
        return {
          ok: false,
          message: `No open document has the URI ${quote(input.uri.slice(0, 200))}. ${openNames(open)}`,
        };
    } else if (input.fileName !== undefined) {
      const wanted = input.fileName.replace(/\\/g, '/');
      const matches = open.filter(
        (d) =>
          d.uri.path === wanted ||
          d.uri.path.endsWith(`/${wanted.replace(/^\/+/, '')}`) ||
          d.fileName === input.fileName,
      );
      if (matches.length === 0)
        return {
          ok: false,
          message: `No open document is called ${quote(input.fileName.slice(0, 200))}. ${openNames(open)}`,
        };
      if (matches.length > 1)
        return {
          ok: false,
          message: `${matches.length} open documents match ${quote(input.fileName.slice(0, 200))}; give more of the path or the "uri". ${openNames(matches)}`,
        };
      document = matches[0];
    } else {
      const editor = vscode.window.activeTextEditor;
      if (!editor)
        return {
          ok: false,
          message: `No editor is active. Give the "uri" or "fileName" of an open document. ${openNames(open)}`,
        };
      document = editor.document;
      if (!editor.selection.isEmpty) selection = editor.selection;
    }
    const listing = selection
      ? customerIdsInText(document.getText(selection), document.offsetAt(selection.start))
      : customerIdsInText(document.getText());
    const file = documentName(document);
    const name = `${selection ? 'The selection in ' : ''}${quote(file)}`;
    return {
      ok: true,
      value: {
        ids: listing.ids.slice(0, MAX_FILE_IDS),
        name,
        file: `${selection ? 'selection of ' : ''}${file}`,
        total: listing.ids.length,
        occurrences: listing.occurrences,
      },
    };
  }
}

function allowKey(name: ToolKind, input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input) ?? '';
  } catch {
    text = '';
  }
  return `${name}:${text}`;
}

function safeUri(text: string): string | undefined {
  try {
    return vscode.Uri.parse(text, true).toString();
  } catch {
    return undefined;
  }
}

/** The name the user sees on the tab. */
function documentName(document: vscode.TextDocument): string {
  const base = document.isUntitled ? document.uri.path : (document.uri.path.split('/').pop() ?? document.uri.path);
  return base.slice(0, 200);
}

/** The name for our own sentences, quoted and escaped: a file name is not ours either. */
function documentLabel(document: vscode.TextDocument): string {
  return quote(documentName(document));
}

function openNames(documents: readonly vscode.TextDocument[]): string {
  const names = documents.slice(0, 10).map(documentLabel);
  return names.length
    ? `Open documents: ${names.join(', ')}${documents.length > names.length ? ', …' : ''}.`
    : 'No documents are open.';
}
