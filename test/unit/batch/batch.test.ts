import * as assert from 'node:assert/strict';
import { parseCustomer } from '../../../src/api/customer';
import { customerIdsInText, nextOccurrence } from '../../../src/batch/model/customerIdsInText';
import { findCustomerIds } from '../../../src/hover/model/customerIds';
import { csvField, exportRow, formatRows, toCsv, toMarkdownTable } from '../../../src/batch/model/exportFormats';
import { idStatus, type KnowledgeSources } from '../../../src/batch/model/idStatus';
import { CONFIRM_ABOVE, planLookups, planSummary } from '../../../src/batch/model/lookupPlan';
import { type BatchOutcome, lookUpEach, summarizeBatch } from '../../../src/batch/model/lookUpEach';
import { rawCustomer } from '../../fixtures/customers';

const A = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';
const B = '0b7c3a52-9d1e-4f3a-8c55-2e6f1a9b4d70';
const C = 'c0ffee00-0000-4000-8000-000000000001';

describe('batch: distinct customer IDs of a text', () => {
  it('lists each ID once (any case), in order of first appearance, with every occurrence', () => {
    const text = `x ${B} y ${A.toUpperCase()} z ${B} cust-${C} ${A}\n${C}`;
    const { ids, occurrences } = customerIdsInText(text);
    assert.deepEqual(
      ids.map((i) => i.id),
      [B, A, C],
    );
    assert.deepEqual(
      ids.map((i) => i.offsets.length),
      [2, 2, 1],
      'cust-… is not a stand-alone ID',
    );
    assert.equal(occurrences, 5);
    assert.equal(text.slice(ids[1]!.offsets[0], ids[1]!.offsets[0]! + 36).toLowerCase(), A);
  });

  it('adds a base offset (a selection inside the file)', () => {
    assert.deepEqual(customerIdsInText(`  ${A}`, 100).ids[0]!.offsets, [102]);
  });

  it('keeps every offset of an ID seen once, twice and many times, as findCustomerIds finds them', () => {
    // Its own pass (no match objects) must agree with the recognizer's, whatever the repeats.
    const ids = [A, B, C, A.toUpperCase(), B, A, A, B.toUpperCase(), A, C.replace('c0', 'C0')];
    const text = ids.map((id, i) => `${'-'.repeat(i % 3)}${i % 2 ? ' ' : '\n'}${id}`).join(',') + ` ${A}${B} -${C}-`;
    const expected = new Map<string, number[]>();
    for (const m of findCustomerIds(text)) expected.set(m.id, [...(expected.get(m.id) ?? []), m.start + 7]);
    const listed = customerIdsInText(text, 7);
    assert.deepEqual(
      listed.ids.map((e) => [e.id, e.offsets]),
      [...expected],
    );
    assert.deepEqual(
      listed.ids.map((e) => e.offsets.length),
      [5, 3, 2],
    );
    assert.equal(listed.occurrences, 10, `${A}${B} is one run of word characters, not two IDs`);
  });

  it('reveals the next occurrence after the cursor, wrapping around', () => {
    assert.equal(nextOccurrence([10, 50, 90], 0), 10);
    assert.equal(nextOccurrence([10, 50, 90], 10), 50);
    assert.equal(nextOccurrence([10, 50, 90], 90), 10);
    assert.equal(nextOccurrence([], 0), undefined);
  });

  it('handles 10,000 distinct IDs', () => {
    const hex = (n: number): string => n.toString(16).padStart(12, '0');
    const text = Array.from(
      { length: 10_000 },
      (_, i) => `line ${i} customer=00000000-0000-4000-8000-${hex(i)} ok`,
    ).join('\n');
    assert.equal(customerIdsInText(text).ids.length, 10_000);
  });
});

describe('batch: what is known about an ID', () => {
  const jane = parseCustomer(rawCustomer({ id: A }))!;
  const sources = (over: Partial<KnowledgeSources>): KnowledgeSources => ({
    cached: () => undefined,
    failure: () => undefined,
    ...over,
  });

  it("takes the store's entry, fresh or last-known, over a failure; a failure only when nothing is known", () => {
    const known = { kind: 'customer', customer: jane, fetchedAt: 2, fresh: false } as const;
    assert.deepEqual(idStatus(A, sources({ cached: () => known, failure: () => 'x' })), known);
    assert.deepEqual(idStatus(A, sources({ failure: () => 'Rotor did not answer in time.' })), {
      kind: 'failed',
      message: 'Rotor did not answer in time.',
    });
    assert.deepEqual(idStatus(A, sources({})), { kind: 'unknown' });
  });
});

describe('batch: cost preview', () => {
  const quota = (remaining: number, exhausted = false) => ({ remaining, exhausted });

  it('says what it costs in one line', () => {
    assert.equal(
      planSummary({ total: 23, toLookUp: 16, quota: quota(812), reserve: 100 }),
      '23 IDs: 7 known, 16 to look up; 812 requests left today',
    );
  });

  it('sends nothing when everything is known, and goes ahead for a few within the quota', () => {
    assert.equal(planLookups({ total: 5, toLookUp: 0, quota: quota(0, true), reserve: 100 }).kind, 'nothing');
    assert.deepEqual(planLookups({ total: 23, toLookUp: 16, quota: quota(812), reserve: 100 }), {
      kind: 'go',
      summary: '23 IDs: 7 known, 16 to look up; 812 requests left today',
      count: 16,
    });
  });

  it(`asks above ${CONFIRM_ABOVE} requests`, () => {
    const plan = planLookups({ total: 30, toLookUp: CONFIRM_ABOVE + 1, quota: quota(900), reserve: 100 });
    assert.equal(plan.kind, 'confirm');
    assert.deepEqual(plan.kind === 'confirm' && plan.choices, [{ label: 'Look Up 21', count: 21 }]);
  });

  it('asks before eating into the hover reserve, offering to keep it', () => {
    const plan = planLookups({ total: 60, toLookUp: 50, quota: quota(120), reserve: 100 });
    assert.equal(plan.kind, 'confirm');
    if (plan.kind !== 'confirm') return;
    assert.match(plan.message, /leaves 70, below the 100 kept so hovers keep working/);
    assert.deepEqual(
      plan.choices.map((c) => c.count),
      [50, 20],
    );
  });

  it('offers as many as fit when the quota cannot pay for all', () => {
    const plan = planLookups({ total: 300, toLookUp: 300, quota: quota(150), reserve: 100 });
    assert.equal(plan.kind, 'confirm');
    if (plan.kind !== 'confirm') return;
    assert.match(plan.message, /Only 150 of the 300 fit/);
    assert.deepEqual(
      plan.choices.map((c) => c.count),
      [50, 150],
    );
    const noReserve = planLookups({ total: 300, toLookUp: 300, quota: quota(80), reserve: 100 });
    assert.deepEqual(noReserve.kind === 'confirm' && noReserve.choices.map((c) => c.count), [80]);
  });

  it('refuses when the quota is used up', () => {
    assert.equal(planLookups({ total: 3, toLookUp: 3, quota: quota(500, true), reserve: 100 }).kind, 'refuse');
    assert.equal(planLookups({ total: 3, toLookUp: 3, quota: quota(0), reserve: 100 }).kind, 'refuse');
  });
});

describe('batch: bounded lookups', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `id-${i}`);

  it('never has more than `concurrency` under way, and answers in the order of the IDs', async () => {
    let running = 0;
    let most = 0;
    const outcomes = await lookUpEach(
      ids,
      async (id) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, id.endsWith('1') ? 5 : 1));
        running--;
        return id === 'id-3' ? { kind: 'notFound' } : { kind: 'customer' };
      },
      { concurrency: 4 },
    );
    assert.equal(most, 4);
    assert.equal(outcomes.length, 12);
    assert.equal(outcomes[3]!.kind, 'notFound');
  });

  it('stops the rest after a fatal failure (a 429) and says how many were done', async () => {
    const outcomes = await lookUpEach(
      ids,
      async (id): Promise<BatchOutcome> =>
        id === 'id-2' ? { kind: 'failed', message: 'The daily quota is used up', fatal: true } : { kind: 'customer' },
      { concurrency: 1 },
    );
    assert.deepEqual(outcomes.map((o) => o.kind).slice(0, 4), ['customer', 'customer', 'failed', 'skipped']);
    const summary = summarizeBatch(outcomes);
    assert.match(
      summary.message,
      /^Looked up 2 of 12: 2 customers, 0 not customers\. 1 failed: The daily quota is used up\. 9 not looked up\.$/,
    );
    assert.equal(summary.problem, true);
  });

  it('cancelling starts nothing new and keeps what arrived', async () => {
    const controller = new AbortController();
    const outcomes = await lookUpEach(
      ids,
      async (id, signal): Promise<BatchOutcome> => {
        if (id === 'id-4') controller.abort();
        return signal?.aborted ? { kind: 'failed', message: 'cancelled' } : { kind: 'customer' };
      },
      { concurrency: 2, signal: controller.signal },
    );
    assert.ok(outcomes.filter((o) => o.kind === 'customer').length >= 3);
    assert.ok(outcomes.filter((o) => o.kind === 'skipped').length >= 6);
    assert.equal(
      outcomes.filter((o) => o.kind === 'failed').length,
      0,
      'a lookup ended by the cancel is not a failure',
    );
    assert.match(summarizeBatch(outcomes, true).message, /Cancelled: \d+ not looked up\./);
  });
});

describe('batch: exports', () => {
  const hostile = parseCustomer(
    rawCustomer({
      id: A,
      first_name: '=HYPERLINK("http://evil.example","x")',
      last_name: 'Doe | <b>',
      company_name: '+cmd|"/c calc"!A0',
      email: '@SUM(1)',
      phone: '-1+1',
      notes: 'n',
    }),
  )!;
  const rows = [
    exportRow(A, 3, { kind: 'customer', customer: hostile, fetchedAt: 1, fresh: true }, '=Work'),
    exportRow(B, 1, { kind: 'notFound', fetchedAt: 1, fresh: true }),
    exportRow(C, 2, { kind: 'unknown' }),
  ];

  it('makes formula-like values inert and quotes per RFC 4180', () => {
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('+1 303-555-0142'), "'+1 303-555-0142");
    assert.equal(csvField('-5'), "'-5");
    assert.equal(csvField('@x'), "'@x");
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(3), '3');
    const csv = toCsv(rows);
    const lines = csv.split('\r\n');
    assert.equal(
      lines[0],
      'ID,Name,Company,Status,Email,Phone,City,Auto-pay,Payment method,Occurrences,State,Connection',
    );
    assert.ok(
      lines[1]!.startsWith(
        `${A},"'=HYPERLINK(""http://evil.example"",""x"") Doe | <b>","'+cmd|""/c calc""!A0",active,'@SUM(1),'-1+1,"Denver, CO",yes,,3,customer,'=Work`,
      ),
      lines[1],
    );
    assert.equal(lines[2], `${B},,,,,,,,,1,not a customer,`);
    assert.equal(lines[3], `${C},,,,,,,,,2,not looked up,`);
  });

  it('escapes a Markdown table so no value forms a link, HTML or a new column', () => {
    const table = toMarkdownTable(rows, 'Customers in app.log');
    const dataLine = table.split('\n').find((line) => line.startsWith(`| ${A.replace(/-/g, '\\-')}`))!;
    assert.ok(dataLine, table);
    assert.equal(dataLine.split(/(?<!\\)\|/).length, 14, 'twelve cells: every | in a value is escaped');
    assert.ok(!/<b>/.test(table) && !/\]\(/.test(table));
  });

  it('writes JSON with every column and the state in words', () => {
    const parsed = JSON.parse(formatRows('json', rows)) as Record<string, unknown>[];
    assert.equal(parsed.length, 3);
    assert.equal(parsed[0]!.name, '=HYPERLINK("http://evil.example","x") Doe | <b>');
    assert.equal(parsed[1]!.state, 'not a customer');
    assert.equal(parsed[2]!.occurrences, 2);
    assert.equal(parsed[0]!.connection, '=Work', 'which connection (company) answered');
  });
});
