import { describe, expect, it } from 'vitest';
import { setup, T0 } from './harness';

async function seed(call: ReturnType<typeof setup>['call']) {
  await call('PutMetricData', {
    Namespace: 'Lab',
    MetricData: [
      { MetricName: 'Writes', Value: 1, Dimensions: [{ Name: 'Table', Value: 'trades' }] },
      { MetricName: 'Writes', Value: 1, Dimensions: [{ Name: 'Table', Value: 'orders' }] },
      {
        MetricName: 'Reads',
        Value: 1,
        Dimensions: [
          { Name: 'Table', Value: 'trades' },
          { Name: 'Operation', Value: 'Query' },
        ],
      },
      { MetricName: 'Total', Value: 1 },
    ],
  });
  await call('PutMetricData', {
    Namespace: 'Other',
    MetricData: [{ MetricName: 'Writes', Value: 1 }],
  });
}

describe('ListMetrics', () => {
  describe('validations', () => {
    it('refuses more than 10 dimension filters', async () => {
      const { failure } = setup();
      const e = await failure('ListMetrics', {
        Dimensions: Array.from({ length: 11 }, (_, i) => ({ Name: `d${i}` })),
      });
      expect(e.code).toBe('ValidationException');
      expect(e.message).toMatch(
        /at 'dimensions' failed to satisfy constraint: Member must have length less than or equal to 10$/
      );
    });

    it('refuses RecentlyActive other than PT3H', async () => {
      const { failure } = setup();
      const e = await failure('ListMetrics', { RecentlyActive: 'PT1H' });
      expect(e.message).toBe(
        "1 validation error detected: Value 'PT1H' at 'recentlyActive' failed to satisfy constraint: Member must satisfy enum value set: [PT3H]"
      );
    });
  });

  describe('functionality', () => {
    it('filters by namespace and metric name', async () => {
      const { call } = setup();
      await seed(call);
      const out = await call('ListMetrics', { Namespace: 'Lab', MetricName: 'Writes' });
      expect(out.Metrics).toEqual([
        {
          Namespace: 'Lab',
          MetricName: 'Writes',
          Dimensions: [{ Name: 'Table', Value: 'orders' }],
        },
        {
          Namespace: 'Lab',
          MetricName: 'Writes',
          Dimensions: [{ Name: 'Table', Value: 'trades' }],
        },
      ]);
    });

    it('matches metrics that have the filter dimensions, whatever else they have', async () => {
      const { call } = setup();
      await seed(call);
      const byName = await call('ListMetrics', {
        Namespace: 'Lab',
        Dimensions: [{ Name: 'Operation' }],
      });
      const byValue = await call('ListMetrics', {
        Namespace: 'Lab',
        Dimensions: [{ Name: 'Table', Value: 'trades' }],
      });
      expect(byName.Metrics.map((x: { MetricName: string }) => x.MetricName)).toEqual(['Reads']);
      expect(byValue.Metrics.map((x: { MetricName: string }) => x.MetricName)).toEqual([
        'Reads',
        'Writes',
      ]);
    });

    it('lists only metrics with data in the last 3 hours when RecentlyActive is PT3H', async () => {
      const { call, clock } = setup(T0);
      await call('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'Old', Value: 1 }],
      });
      await clock.advance(4 * 3_600_000);
      await call('PutMetricData', {
        Namespace: 'Lab',
        MetricData: [{ MetricName: 'New', Value: 1 }],
      });
      const recent = await call('ListMetrics', { Namespace: 'Lab', RecentlyActive: 'PT3H' });
      const all = await call('ListMetrics', { Namespace: 'Lab' });
      expect(recent.Metrics.map((x: { MetricName: string }) => x.MetricName)).toEqual(['New']);
      expect(all.Metrics.map((x: { MetricName: string }) => x.MetricName)).toEqual(['New', 'Old']);
    });

    it('pages 500 metrics at a time', async () => {
      const { call } = setup();
      const data = Array.from({ length: 600 }, (_, i) => ({
        MetricName: `M${String(i).padStart(3, '0')}`,
        Value: 1,
      }));
      await call('PutMetricData', { Namespace: 'Lab', MetricData: data.slice(0, 500) });
      await call('PutMetricData', { Namespace: 'Lab', MetricData: data.slice(500) });
      const first = await call('ListMetrics', { Namespace: 'Lab' });
      const second = await call('ListMetrics', { Namespace: 'Lab', NextToken: first.NextToken });
      expect(first.Metrics).toHaveLength(500);
      expect(second.Metrics).toHaveLength(100);
      expect(second.NextToken).toBeUndefined();
    });
  });
});
