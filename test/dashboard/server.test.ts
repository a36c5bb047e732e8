import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, startDashboard } from '../../dashboard/server';
import { ManualClock } from '../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { METRICS_NAMESPACE, stackName } from '../../infra/names';
import { synthScenarios } from './helpers';

/**
 * The JSON endpoints and the static page against an in-process emulator on a ManualClock, with
 * shard-perpetrator (broken) deployed and its telemetry written straight into CloudWatch and
 * CloudWatch Logs: one hot shard throttling, as the broken producer makes it.
 */
let emulator: Emulator;
let clock: ManualClock;
let dashboard: DashboardServer;
let outputs: Record<string, string>;
let now: number;

const HOT_SHARD = 'shardId-000000000002';

function record(
  namespace: string,
  metricName: string,
  dims: Record<string, string>,
  value: number,
  at: number,
  unit = 'Count'
) {
  emulator.metrics.record({ namespace, metricName, dimensions: dims, value, unit, timestamp: at });
}

// biome-ignore lint/suspicious/noExplicitAny: the JSON bodies are asserted field by field
async function getJson(pathname: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${dashboard.url}${pathname}`);
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const root = synthScenarios(['shard-perpetrator'], ['broken']);
  clock = new ManualClock();
  emulator = await startEmulator({ port: 0, clock });
  ({ outputs } = await emulator.services.cloudformation.deployStack(
    path.join(root, 'broken'),
    stackName('shard-perpetrator')
  ));
  // Half a minute into a minute: the current minute has data too.
  await clock.advance(20 * 60_000 + 30_000);
  now = clock.now();
  const stream = { StreamName: outputs.StreamName as string };
  const service = { service: 'shard-perpetrator' };
  // Three minutes of traffic ending in the current minute: 1,600 orders/s, 1,000 land.
  for (const minutesAgo of [3, 2, 1, 0]) {
    const at = now - minutesAgo * 60_000 - 1_000;
    record('AWS/Kinesis', 'IncomingRecords', stream, 60_000, at);
    record('AWS/Kinesis', 'IncomingRecords', { ...stream, ShardId: HOT_SHARD }, 60_000, at);
    record('AWS/Kinesis', 'WriteProvisionedThroughputExceeded', stream, 36_000, at);
    record(
      'AWS/Kinesis',
      'WriteProvisionedThroughputExceeded',
      { ...stream, ShardId: HOT_SHARD },
      36_000,
      at
    );
    record(METRICS_NAMESPACE, 'OrdersAttempted', service, 96_000, at);
    record(METRICS_NAMESPACE, 'OrdersAccepted', service, 60_000, at);
    record(METRICS_NAMESPACE, 'OrdersThrottled', service, 36_000, at);
    record(
      'AWS/Lambda',
      'Invocations',
      { FunctionName: outputs.ConsumerFunctionName as string },
      600,
      at
    );
    record(
      'AWS/Lambda',
      'IteratorAge',
      { FunctionName: outputs.ConsumerFunctionName as string },
      1_500,
      at,
      'Milliseconds'
    );
  }
  const consumerLogs = outputs.ConsumerLogGroupName as string;
  const producerLogs = outputs.ProducerLogGroupName as string;
  emulator.logs.append(producerLogs, '2026/01/01/[$LATEST]a', [
    {
      timestamp: now - 90_000,
      message: '{"level":"WARN","message":"records throttled","throttled":36000}',
    },
    {
      timestamp: now - 89_000,
      message:
        '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"x","Dimensions":[[]],"Metrics":[{"Name":"y"}]}]},"y":1}',
    },
  ]);
  emulator.logs.append(consumerLogs, '2026/01/01/[$LATEST]b', [
    { timestamp: now - 95_000, message: 'START RequestId: r1 Version: $LATEST' },
    {
      timestamp: now - 80_000,
      message: '{"level":"INFO","message":"batch consumed","shardId":"shardId-000000000002"}',
    },
  ]);
  dashboard = await startDashboard({ emulator, verdictCacheMs: 60_000 });
});

afterAll(async () => {
  await dashboard?.close();
  await emulator?.close();
});

describe('startDashboard', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(startDashboard({ emulator, host: '0.0.0.0' })).rejects.toThrow(
      /listens on 127\.0\.0\.1 only/
    );
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${dashboard.url}/api/scenarios`,
        { headers: { host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});

describe('GET /api/scenarios', () => {
  it('lists the deployed scenario stacks with their variant', async () => {
    const { status, body } = await getJson('/api/scenarios');
    expect(status).toBe(200);
    expect(body.now).toBe(now);
    expect(body.scenarios).toEqual([
      {
        id: 'shard-perpetrator',
        stackName: 'forensics-shard-perpetrator',
        variant: 'broken',
        status: 'CREATE_COMPLETE',
        lastUpdated: expect.any(Number),
        dashboardName: 'forensics-shard-perpetrator',
      },
    ]);
  });

  it('answers 404 for a scenario that is not deployed, or not a scenario', async () => {
    expect(await getJson('/api/scenarios/latency-forensics')).toEqual({
      status: 404,
      body: { error: "scenario 'latency-forensics' is not deployed" },
    });
    expect((await getJson('/api/scenarios/nope/flow')).status).toBe(404);
    expect((await getJson('/api/scenarios/shard-perpetrator/nope')).status).toBe(404);
  });
});

describe('GET /api/scenarios/<id>/dashboard', () => {
  it("evaluates every widget of the stack's CloudWatch dashboard over its range", async () => {
    const { status, body } = await getJson('/api/scenarios/shard-perpetrator/dashboard');
    expect(status).toBe(200);
    const d = body.dashboard;
    expect(d.name).toBe('forensics-shard-perpetrator');
    expect(d.bodyStart).toBe('-PT30M');
    expect([d.start, d.end]).toEqual([now - 30 * 60_000, now]);
    expect(d.widgets.map((w: { type: string }) => w.type)).toEqual([
      'text',
      'metric',
      'metric',
      'metric',
      'metric',
      'metric',
      'metric',
      'metric',
    ]);
    expect(d.widgets[0].markdown).toMatch(/^## shard-perpetrator: the hot partition/);
    const perShard = d.widgets[1];
    expect(perShard).toMatchObject({
      title: 'IncomingRecords per shard (Sum per minute)',
      x: 0,
      y: 2,
      width: 12,
      height: 6,
      points: 4,
    });
    expect(perShard.series.map((s: { label: string }) => s.label)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
      'shardId-000000000002',
      'shardId-000000000003',
    ]);
    const minute = Math.floor(now / 60_000) * 60_000;
    expect(perShard.timestamps).toEqual([3, 2, 1, 0].map((m) => (minute - m * 60_000) / 1000));
    expect(perShard.series[2]).toMatchObject({
      stat: 'Sum',
      period: 60,
      values: [60_000, 60_000, 60_000, 60_000],
    });
    expect(perShard.series[0].values).toEqual([null, null, null, null]);
    const throttled = d.widgets[2];
    expect(throttled.series[0]).toMatchObject({
      label: 'stream',
      values: [36_000, 36_000, 36_000, 36_000],
    });
    const orders = d.widgets.find((w: { title?: string }) => w.title?.startsWith('Orders:'));
    expect(
      orders.series.map((s: { label: string; values: number[] }) => [s.label, s.values[0]])
    ).toEqual([
      ['OrdersAttempted', 96_000],
      ['OrdersAccepted', 60_000],
      ['OrdersThrottled', 36_000],
      ['OrdersConsumed', null],
    ]);
  });

  it('takes another range in minutes, and rejects a bad one', async () => {
    const { body } = await getJson('/api/scenarios/shard-perpetrator/dashboard?minutes=2');
    expect(body.dashboard.start).toBe(now - 2 * 60_000);
    // GetMetricData rounds the start down to the minute, as CloudWatch does.
    expect(body.dashboard.widgets[1].points).toBe(3);
    expect(await getJson('/api/scenarios/shard-perpetrator/dashboard?minutes=0')).toEqual({
      status: 400,
      body: { error: 'minutes must be a whole number from 1 to 1440' },
    });
  });
});

describe('GET /api/scenarios/<id>/flow', () => {
  it('marks the stream hop throttled, with its rate, and the consumer healthy', async () => {
    const { status, body } = await getJson('/api/scenarios/shard-perpetrator/flow');
    expect(status).toBe(200);
    const { nodes, edges, window } = body.flow;
    const minute = Math.floor(now / 60_000) * 60_000;
    expect(window).toEqual({ start: minute - 60_000, end: now });
    const seconds = (now - window.start) / 1000;
    const stream = nodes.find((n: { kind: string }) => n.kind === 'stream');
    expect(stream).toMatchObject({
      label: 'OrdersStream',
      name: outputs.StreamName,
      status: 'throttled',
      rateUnit: 'records/s',
      problems: ['72,000 writes throttled (WriteProvisionedThroughputExceeded)'],
    });
    expect(stream.rate).toBeCloseTo(120_000 / seconds);
    expect(nodes.find((n: { label: string }) => n.label === 'Consumer')).toMatchObject({
      status: 'healthy',
      figures: { invocations: 1_200, iteratorAge: 1_500 },
    });
    expect(edges).toHaveLength(2);
  });
});

describe('GET /api/scenarios/<id>/logs', () => {
  it("returns the functions' recent lines, oldest first, without EMF lines", async () => {
    const { body } = await getJson('/api/scenarios/shard-perpetrator/logs');
    expect(body.groups).toEqual([
      { name: outputs.ProducerLogGroupName, label: 'Producer', kind: 'function' },
      { name: outputs.ConsumerLogGroupName, label: 'Consumer', kind: 'function' },
    ]);
    expect(
      body.lines.map((l: { label: string; timestamp: number }) => [l.label, now - l.timestamp])
    ).toEqual([
      ['Consumer', 95_000],
      ['Producer', 90_000],
      ['Consumer', 80_000],
    ]);
  });

  it('filters by a text term (any case), includes EMF lines on request, and limits', async () => {
    const filtered = await getJson('/api/scenarios/shard-perpetrator/logs?q=THROTTLED');
    expect(filtered.body.lines.map((l: { message: string }) => l.message)).toEqual([
      '{"level":"WARN","message":"records throttled","throttled":36000}',
    ]);
    const emf = await getJson('/api/scenarios/shard-perpetrator/logs?emf=1');
    expect(emf.body.lines).toHaveLength(4);
    const last = await getJson('/api/scenarios/shard-perpetrator/logs?limit=1');
    expect(last.body.lines.map((l: { message: string }) => l.message)).toEqual([
      '{"level":"INFO","message":"batch consumed","shardId":"shardId-000000000002"}',
    ]);
  });
});

describe('GET /api/scenarios/<id>/verdict', () => {
  it("runs the scenario's check at the emulator's now, with the failing conditions", async () => {
    const { status, body } = await getJson('/api/scenarios/shard-perpetrator/verdict');
    expect(status).toBe(200);
    const v = body.verdict;
    expect(v).toMatchObject({ scenarioId: 'shard-perpetrator', verdict: 'FAIL', checkedAt: now });
    const failed = v.conditions.filter((c: { status: string }) => c.status === 'failed');
    expect(failed.map((c: { name: string }) => c.name)).toEqual([
      'the producer landed its target rate',
      'no write throttling',
      'every shard takes 15–35% of the records',
    ]);
    expect(failed[1].detail).toBe('WriteProvisionedThroughputExceeded = 108,000.');
  });

  it('reuses the verdict while it is fresh, and runs again on refresh=1', async () => {
    await clock.advance(60_000);
    const cached = await getJson('/api/scenarios/shard-perpetrator/verdict');
    expect(cached.body.verdict.checkedAt).toBe(now);
    const fresh = await getJson('/api/scenarios/shard-perpetrator/verdict?refresh=1');
    expect(fresh.body.verdict.checkedAt).toBe(now + 60_000);
  });
});

describe('the page and its assets', () => {
  it('serves the page for the index and for each scenario, with a same-origin-only policy', async () => {
    for (const pathname of ['/', '/scenario/shard-perpetrator']) {
      const res = await fetch(`${dashboard.url}${pathname}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/static/app.js"></script>');
      // Every asset the page loads is this server's own.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it('serves uPlot from node_modules and the page script', async () => {
    for (const [pathname, type] of [
      ['/vendor/uPlot.iife.min.js', 'text/javascript'],
      ['/vendor/uPlot.min.css', 'text/css'],
      ['/static/app.js', 'text/javascript'],
      ['/static/style.css', 'text/css'],
    ] as const) {
      const res = await fetch(`${dashboard.url}${pathname}`);
      expect(res.status, pathname).toBe(200);
      expect(res.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    const uplot = await (await fetch(`${dashboard.url}/vendor/uPlot.iife.min.js`)).text();
    expect(uplot).toMatch(/uPlot/);
  });

  it('serves nothing else', async () => {
    for (const pathname of [
      '/static/../server.ts',
      '/dashboard/server.ts',
      '/node_modules/uplot/package.json',
    ]) {
      expect((await fetch(`${dashboard.url}${pathname}`)).status, pathname).toBe(404);
    }
    expect((await fetch(`${dashboard.url}/api/scenarios`, { method: 'POST' })).status).toBe(405);
  });
});
