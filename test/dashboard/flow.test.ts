import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deriveFlow,
  type Flow,
  hopWindow,
  judgeHop,
  labelOf,
  liveFlow,
} from '../../dashboard/flow';
import type { StackRecord } from '../../emulator/cloudformation';
import { ManualClock } from '../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { SCENARIO_IDS, type ScenarioId, stackName } from '../../infra/names';
import { synthScenarios } from './helpers';

/**
 * The flow of each scenario, derived from the resources the CloudFormation interpreter
 * created from the lab's own synthesized stacks.
 */
let emulator: Emulator;
let clock: ManualClock;
let shardPerpetrator: StackRecord;
/** Each flow is derived right after its deployment: an update changes the stack record in place. */
const flows = new Map<string, Flow>();

beforeAll(async () => {
  const root = synthScenarios(SCENARIO_IDS, ['broken']);
  const fixedRoot = synthScenarios(['silent-disappear'], ['fixed']);
  clock = new ManualClock();
  emulator = await startEmulator({ port: 0, clock });
  const cfn = emulator.services.cloudformation;
  for (const id of SCENARIO_IDS) {
    const { stack } = await cfn.deployStack(path.join(root, 'broken'), stackName(id));
    flows.set(`${id}:broken`, deriveFlow(stack));
    if (id === 'shard-perpetrator') shardPerpetrator = stack;
  }
  // The fixed silent-disappear adds the pipe's dead-letter queue (an update in place).
  const { stack } = await cfn.deployStack(
    path.join(fixedRoot, 'fixed'),
    stackName('silent-disappear')
  );
  flows.set('silent-disappear:fixed', deriveFlow(stack));
});

afterAll(async () => {
  await emulator?.close();
});

/** The flow as `label -kind-> label` lines, and `label (kind, role, entry, column)` nodes. */
function shape(flow: Flow) {
  const label = (id: string) => flow.nodes.find((n) => n.id === id)?.label;
  return {
    nodes: flow.nodes
      .map(
        (n) =>
          `${n.label} ${n.kind}${n.role ? ` ${n.role}` : ''}${n.entry ? ' entry' : ''} @${n.column}`
      )
      .sort(),
    edges: flow.edges.map((e) => `${label(e.from)} -${e.kind}-> ${label(e.to)}`).sort(),
  };
}

function flowOf(id: ScenarioId, variant = 'broken'): Flow {
  const flow = flows.get(`${id}:${variant}`);
  if (!flow) throw new Error(`no ${id} ${variant}`);
  return flow;
}

describe('deriveFlow', () => {
  it('shard-perpetrator: producer writes the stream, the mapping feeds the consumer', () => {
    expect(shape(flowOf('shard-perpetrator'))).toEqual({
      nodes: ['Consumer function @2', 'OrdersStream stream @1', 'Producer function entry @0'],
      edges: ['OrdersStream -event-source-mapping-> Consumer', 'Producer -writes-> OrdersStream'],
    });
    const stream = flowOf('shard-perpetrator').nodes.find((n) => n.kind === 'stream');
    expect(stream?.name).toMatch(/^forensics-shard-perpetrator-OrdersStream/);
  });

  it('silent-disappear: table stream -> pipe -> queue -> consumer; the fixed pipe has a DLQ', () => {
    expect(shape(flowOf('silent-disappear'))).toEqual({
      nodes: [
        'Consumer function @4',
        'Producer function entry @0',
        'ProductEvents queue @3',
        'ProductPipe pipe @2',
        'Products table @1',
      ],
      edges: [
        'Producer -writes-> Products',
        'ProductEvents -event-source-mapping-> Consumer',
        'ProductPipe -pipe-target-> ProductEvents',
        'Products -table-stream-> ProductPipe',
      ],
    });
    const fixed = shape(flowOf('silent-disappear', 'fixed'));
    expect(fixed.nodes).toContain('PipeDeadLetterQueue queue dead-letter @3');
    expect(fixed.edges).toContain('ProductPipe -dead-letter-> PipeDeadLetterQueue');
  });

  it('latency-forensics: stream -> processor -> table', () => {
    expect(shape(flowOf('latency-forensics')).edges).toEqual([
      'Processor -writes-> TradesTable',
      'Producer -writes-> TradesStream',
      'TradesStream -event-source-mapping-> Processor',
    ]);
  });

  it("double-trouble: the queue's redrive policy is an arrow to its dead-letter queue", () => {
    const flow = flowOf('double-trouble');
    expect(shape(flow)).toEqual({
      nodes: [
        'OrdersDeadLetterQueue queue dead-letter @2',
        'OrdersQueue queue @1',
        'OrdersTable table @3',
        'Processor function @2',
        'Sender function entry @0',
      ],
      edges: [
        'OrdersQueue -dead-letter-> OrdersDeadLetterQueue',
        'OrdersQueue -event-source-mapping-> Processor',
        'Processor -writes-> OrdersTable',
        'Sender -writes-> OrdersQueue',
      ],
    });
    expect(flow.edges.find((e) => e.kind === 'dead-letter')?.label).toBe(
      'dead-letter after 5 receives'
    );
    // Failure paths sit below the main path of their column.
    const dlq = flow.nodes.find((n) => n.role === 'dead-letter');
    const processor = flow.nodes.find((n) => n.label === 'Processor');
    expect([dlq?.column, dlq?.row, processor?.row]).toEqual([2, 1, 0]);
  });

  it("vanishing-records: the mapping's on-failure destination feeds the redrive", () => {
    expect(shape(flowOf('vanishing-records')).edges).toEqual([
      'EventsStream -event-source-mapping-> Processor',
      'OnFailureQueue -event-source-mapping-> Redrive',
      'Processor -on-failure-> OnFailureQueue',
      'Producer -writes-> EventsStream',
      'Redrive -writes-> ParkedQueue',
    ]);
  });

  it('labels drop the CDK hash and, for functions, the word Function', () => {
    expect(labelOf('OrdersStream464CF62B', 'stream')).toBe('OrdersStream');
    expect(labelOf('ProducerFunction209DD675', 'function')).toBe('Producer');
    expect(labelOf('ProductPipe', 'pipe')).toBe('ProductPipe');
  });
});

describe('judgeHop', () => {
  it('turns a stream red when writes are throttled, green with traffic, grey without', () => {
    expect(judgeHop({ kind: 'stream' }, { incoming: 60_000, writeThrottled: 3_000 }, 60)).toEqual({
      status: 'throttled',
      rate: 1000,
      rateUnit: 'records/s',
      problems: ['3,000 writes throttled (WriteProvisionedThroughputExceeded)'],
    });
    expect(judgeHop({ kind: 'stream' }, { incoming: 60_000, writeThrottled: 0 }, 60).status).toBe(
      'healthy'
    );
    expect(judgeHop({ kind: 'stream' }, {}, 60)).toEqual({
      status: 'idle',
      rateUnit: 'records/s',
      problems: [],
    });
  });

  it('flags failing, throttled and lagging functions, and counts running invocations', () => {
    expect(judgeHop({ kind: 'function' }, { invocations: 10, errors: 2 }, 10).status).toBe(
      'failing'
    );
    expect(judgeHop({ kind: 'function' }, { invocations: 10, throttles: 1 }, 10).status).toBe(
      'throttled'
    );
    const lagging = judgeHop({ kind: 'function' }, { invocations: 10, iteratorAge: 8_340 }, 10);
    expect(lagging.status).toBe('lagging');
    expect(lagging.problems).toEqual(['IteratorAge 8.3 s (limit 5 s)']);
    expect(judgeHop({ kind: 'function' }, { iteratorAge: 1_200, invocations: 5 }, 10).status).toBe(
      'healthy'
    );
    expect(judgeHop({ kind: 'function' }, { running: 1 }, 10)).toMatchObject({
      status: 'healthy',
      note: '1 running',
    });
  });

  it('flags throttled tables, failing pipes, piling-up queues and non-empty dead-letter queues', () => {
    expect(judgeHop({ kind: 'table' }, { consumedWcu: 120, writeThrottles: 40 }, 60).status).toBe(
      'throttled'
    );
    expect(judgeHop({ kind: 'pipe' }, { events: 5, executionFailed: 5 }, 60).status).toBe(
      'failing'
    );
    expect(
      judgeHop({ kind: 'queue' }, { sent: 10, oldestAge: 600, visible: 900 }, 60)
    ).toMatchObject({
      status: 'backlog',
      problems: ['messages piling up: oldest 600 s old, 900 visible'],
    });
    expect(judgeHop({ kind: 'queue' }, { sent: 10, oldestAge: 2 }, 60).status).toBe('healthy');
    expect(judgeHop({ kind: 'queue', role: 'dead-letter' }, { visible: 3 }, 60).status).toBe(
      'failing'
    );
    expect(judgeHop({ kind: 'queue', role: 'dead-letter' }, {}, 60).status).toBe('idle');
  });
});

describe('liveFlow', () => {
  it('judges each hop from the metrics of the last minute and the current one', async () => {
    const stack = shardPerpetrator;
    const flow = deriveFlow(stack);
    const stream = flow.nodes.find((n) => n.kind === 'stream');
    const consumer = flow.nodes.find((n) => n.label === 'Consumer');
    await clock.advance(10 * 60_000);
    const now = clock.now();
    const record = (
      namespace: string,
      metricName: string,
      dims: Record<string, string>,
      value: number,
      at: number
    ) =>
      emulator.metrics.record({
        namespace,
        metricName,
        dimensions: dims,
        value,
        unit: 'Count',
        timestamp: at,
      });
    // Old throttling (before the window) does not count; the window's does.
    record(
      'AWS/Kinesis',
      'WriteProvisionedThroughputExceeded',
      { StreamName: stream?.name as string },
      500,
      now - 5 * 60_000
    );
    record(
      'AWS/Kinesis',
      'IncomingRecords',
      { StreamName: stream?.name as string },
      60_000,
      now - 60_000
    );
    record(
      'AWS/Lambda',
      'Invocations',
      { FunctionName: consumer?.name as string },
      30,
      now - 60_000
    );

    const healthy = await liveFlow(emulator, stack, now, () => 0);
    expect(healthy.window).toEqual(hopWindow(now));
    const byLabel = (f: typeof healthy, label: string) => f.nodes.find((n) => n.label === label);
    expect(byLabel(healthy, 'OrdersStream')).toMatchObject({
      status: 'healthy',
      figures: { incoming: 60_000 },
    });
    expect(byLabel(healthy, 'Consumer')?.status).toBe('healthy');
    expect(byLabel(healthy, 'Producer')?.status).toBe('idle');

    record(
      'AWS/Kinesis',
      'WriteProvisionedThroughputExceeded',
      { StreamName: stream?.name as string },
      700,
      now - 1
    );
    const throttled = await liveFlow(emulator, stack, now, (name) =>
      name.includes('Producer') ? 1 : 0
    );
    expect(byLabel(throttled, 'OrdersStream')).toMatchObject({
      status: 'throttled',
      problems: ['700 writes throttled (WriteProvisionedThroughputExceeded)'],
    });
    expect(byLabel(throttled, 'Producer')).toMatchObject({ status: 'healthy', note: '1 running' });
  });
});
