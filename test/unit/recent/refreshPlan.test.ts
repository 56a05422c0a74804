import * as assert from 'node:assert/strict';
import { lookUpEach } from '../../../src/batch/model/lookUpEach';
import {
  CONFIRM_ABOVE,
  type RefreshOutcome,
  planRefreshAll,
  summarizeRefresh,
} from '../../../src/recent/model/refreshPlan';

const quota = (remaining: number, exhausted = false) => ({ remaining, exhausted });

describe('Refresh All', () => {
  describe('planRefreshAll', () => {
    it('goes ahead for a few customers with quota to spare', () => {
      assert.deepEqual(planRefreshAll(5, quota(900), 100), { kind: 'go' });
      assert.deepEqual(planRefreshAll(CONFIRM_ABOVE, quota(900), 100), { kind: 'go' });
    });

    it(`asks first above ${CONFIRM_ABOVE} customers`, () => {
      const plan = planRefreshAll(CONFIRM_ABOVE + 1, quota(900), 100);
      assert.equal(plan.kind, 'confirm');
      assert.match(plan.kind === 'confirm' ? plan.message : '', /21 requests/);
    });

    it('asks when the refresh would eat into the hover reserve', () => {
      const plan = planRefreshAll(10, quota(105), 100);
      assert.equal(plan.kind, 'confirm');
      assert.match(plan.kind === 'confirm' ? plan.message : '', /leaves 95 .* below the 100/);
      assert.deepEqual(planRefreshAll(5, quota(105), 100), { kind: 'go' });
    });

    it('refuses when the quota cannot pay for it or is used up', () => {
      assert.equal(planRefreshAll(10, quota(9), 0).kind, 'refuse');
      assert.equal(planRefreshAll(1, quota(500, true), 100).kind, 'refuse');
    });
  });

  describe('Refresh All through lookUpEach (the batch engine)', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `id-${i}`);

    it('refreshes every ID with at most `concurrency` under way, in order of the result', async () => {
      let running = 0;
      let peak = 0;
      const settled: number[] = [];
      const outcomes = await lookUpEach(
        ids,
        async (id) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, id.endsWith('3') ? 5 : 1));
          running--;
          return id === 'id-4' ? { kind: 'notFound', id } : { kind: 'refreshed' };
        },
        { concurrency: 3, onSettled: (n) => settled.push(n) },
      );
      assert.equal(peak, 3);
      assert.equal(outcomes.length, 10);
      assert.deepEqual(outcomes[4], { kind: 'notFound', id: 'id-4' });
      assert.equal(outcomes.filter((o) => o.kind === 'refreshed').length, 9);
      assert.deepEqual(settled, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('stops starting new refreshes after a fatal failure', async () => {
      const started: string[] = [];
      const outcomes = await lookUpEach(
        ids,
        (id) => {
          started.push(id);
          return Promise.resolve<RefreshOutcome>(
            id === 'id-1' ? { kind: 'failed', message: 'No key.', fatal: true } : { kind: 'refreshed' },
          );
        },
        { concurrency: 1 },
      );
      assert.deepEqual(started, ['id-0', 'id-1']);
      assert.equal(outcomes.filter((o) => o.kind === 'skipped').length, 8);
    });

    it('starts nothing new once cancelled', async () => {
      const controller = new AbortController();
      const started: string[] = [];
      const outcomes = await lookUpEach(
        ids,
        (id) => {
          started.push(id);
          if (id === 'id-2') controller.abort();
          return Promise.resolve<RefreshOutcome>({ kind: 'refreshed' });
        },
        { concurrency: 2, signal: controller.signal },
      );
      assert.ok(started.length <= 4, `started ${started.length}`);
      assert.ok(outcomes.filter((o) => o.kind === 'skipped').length >= 6);
    });

    it('handles an empty list', async () => {
      assert.deepEqual(await lookUpEach([], () => Promise.reject(new Error('not called')), { concurrency: 3 }), []);
    });
  });

  describe('summarizeRefresh', () => {
    it('says nothing when all went well', () => {
      assert.deepEqual(summarizeRefresh([{ kind: 'refreshed' }, { kind: 'refreshed' }]), {
        refreshed: 2,
        notFound: [],
      });
    });

    it('folds failures into one message with distinct reasons', () => {
      const summary = summarizeRefresh([
        { kind: 'refreshed' },
        { kind: 'failed', message: 'Rotor did not answer in time.' },
        { kind: 'failed', message: 'Rotor did not answer in time.' },
        { kind: 'notFound', id: 'gone' },
        { kind: 'skipped' },
      ]);
      assert.equal(
        summary.problem,
        'Refreshed 1 of 5 customers. 2 failed: Rotor did not answer in time. 1 no longer exists in Rotor. 1 not tried.',
      );
      assert.deepEqual(summary.notFound, ['gone']);
    });

    it('points to the log when there are many different errors', () => {
      const summary = summarizeRefresh(['a', 'b', 'c', 'd'].map((message) => ({ kind: 'failed', message })));
      assert.match(summary.problem ?? '', /4 failed: a\. b\. \(2 other errors are in the log\.\)/);
    });
  });
});
