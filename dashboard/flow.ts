/**
 * The flow diagram of a deployed stack: which resources carry the records, in which order, at
 * what rate, and where they are throttled, failing or piling up.
 *
 * The hops come from the stack's own resources (as the CloudFormation interpreter resolved
 * them), not from a per-scenario drawing: streams, queues, tables, pipes and functions are
 * nodes; event source mappings, pipe sources and targets, dead-letter and on-failure
 * destinations, and the write permissions of each function's role are the arrows. Each hop's
 * live state is read from the standard AWS metrics of its kind.
 */
import type { StackRecord, StackResourceRecord } from '../emulator/cloudformation';
import { getMetricData, type MetricSource } from './cloudwatch';
import type { MetricDataQuery } from './metric-array';

export type NodeKind = 'stream' | 'queue' | 'table' | 'function' | 'pipe';

/** How a hop is doing. Everything but `healthy` and `idle` is drawn red. */
export type HopStatus = 'healthy' | 'idle' | 'throttled' | 'failing' | 'backlog' | 'lagging';

/** The statuses drawn red. */
export const PROBLEM_STATUSES: readonly HopStatus[] = [
  'throttled',
  'failing',
  'backlog',
  'lagging',
];

export interface FlowNode {
  /** The resource's logical id. */
  id: string;
  kind: NodeKind;
  /** The logical id without CDK's hash (and, for functions, without `Function`). */
  label: string;
  /** The physical name (stream, queue, table, function or pipe name). */
  name: string;
  /** Queues that only receive what failed elsewhere. */
  role?: 'dead-letter' | 'on-failure';
  /** No arrow leads in: invoked from outside (the traffic the learner starts). */
  entry: boolean;
  /** Layout: column (longest path from an entry) and row within the column. */
  column: number;
  row: number;
}

export type EdgeKind =
  | 'event-source-mapping'
  | 'pipe-source'
  | 'pipe-target'
  | 'table-stream'
  | 'writes'
  | 'dead-letter'
  | 'on-failure';

export interface FlowEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
}

export interface Flow {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

const KIND_OF_TYPE: Record<string, NodeKind> = {
  'AWS::Kinesis::Stream': 'stream',
  'AWS::SQS::Queue': 'queue',
  'AWS::DynamoDB::Table': 'table',
  'AWS::Lambda::Function': 'function',
  'AWS::Pipes::Pipe': 'pipe',
};

/** IAM actions that put records into a resource (an arrow from the function to it). */
const WRITE_ACTIONS = new Set([
  'kinesis:putrecord',
  'kinesis:putrecords',
  'kinesis:*',
  'sqs:sendmessage',
  'sqs:sendmessagebatch',
  'sqs:*',
  'dynamodb:putitem',
  'dynamodb:batchwriteitem',
  'dynamodb:updateitem',
  'dynamodb:transactwriteitems',
  'dynamodb:*',
]);

/** Arrows that say more than "writes" win when two would join the same pair. */
const EDGE_PRIORITY: Record<EdgeKind, number> = {
  'event-source-mapping': 5,
  'pipe-source': 5,
  'pipe-target': 5,
  'table-stream': 5,
  'dead-letter': 4,
  'on-failure': 4,
  writes: 1,
};

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `OrdersStream464CF62B` -> `OrdersStream`; `ProducerFunction209DD675` -> `Producer`. */
export function labelOf(logicalId: string, kind: NodeKind): string {
  const bare = logicalId.replace(/[0-9A-F]{8}$/, '') || logicalId;
  if (kind === 'function') return bare.replace(/Function$/, '') || bare;
  return bare;
}

/** The name CloudWatch dimensions use for a resource. */
function physicalName(resource: StackResourceRecord, kind: NodeKind): string {
  if (kind === 'queue') return str(resource.attributes.QueueName) ?? resource.physicalId;
  return resource.physicalId;
}

/**
 * Derives the nodes and arrows of a stack from its resources and lays them out left to right.
 */
export function deriveFlow(stack: Pick<StackRecord, 'resources'>): Flow {
  const resources = [...stack.resources.values()];
  const nodes = new Map<string, Omit<FlowNode, 'column' | 'row' | 'entry'>>();
  /** Any identifier (name, ARN, URL) -> logical id of the node it names. */
  const ids = new Map<string, string>();
  /** A table's stream ARN -> the table's logical id. */
  const tableStreams = new Map<string, string>();
  for (const r of resources) {
    const kind = KIND_OF_TYPE[r.type];
    if (!kind) continue;
    nodes.set(r.logicalId, {
      id: r.logicalId,
      kind,
      label: labelOf(r.logicalId, kind),
      name: physicalName(r, kind),
    });
    ids.set(r.physicalId, r.logicalId);
    for (const [attr, value] of Object.entries(r.attributes)) {
      if (typeof value !== 'string') continue;
      if (kind === 'table' && attr === 'StreamArn') tableStreams.set(value, r.logicalId);
      else ids.set(value, r.logicalId);
    }
  }

  /** The node an identifier names: exact, a function ARN with a qualifier, or a `/*` prefix. */
  const find = (identifier: unknown): string | undefined => {
    const value = str(identifier);
    if (!value) return undefined;
    const exact = ids.get(value);
    if (exact) return exact;
    const fn = /^(arn:[^:]*:lambda:[^:]*:[^:]*:function:[^:]+):[^:]+$/.exec(value);
    if (fn?.[1] && ids.get(fn[1])) return ids.get(fn[1]);
    if (value.endsWith('*') && value !== '*') {
      const prefix = value.slice(0, -1).replace(/\/$/, '');
      for (const [id, logicalId] of ids)
        if (id.startsWith(prefix) && id.includes(':')) return logicalId;
    }
    return undefined;
  };

  const edges = new Map<string, FlowEdge>();
  const roles = new Map<string, FlowNode['role']>();
  const addEdge = (
    from: string | undefined,
    to: string | undefined,
    kind: EdgeKind,
    label: string
  ) => {
    if (!from || !to || from === to) return;
    const key = `${from}->${to}`;
    const existing = edges.get(key);
    if (existing && EDGE_PRIORITY[existing.kind] >= EDGE_PRIORITY[kind]) return;
    edges.set(key, { from, to, kind, label });
  };

  for (const r of resources) {
    const p = r.properties;
    if (r.type === 'AWS::Lambda::EventSourceMapping') {
      const source = str(p.EventSourceArn);
      const fn = find(p.FunctionName);
      const from = source ? (find(source) ?? tableStreams.get(source)) : undefined;
      const batch = typeof p.BatchSize === 'number' ? `, batch ${p.BatchSize}` : '';
      addEdge(from, fn, 'event-source-mapping', `event source mapping${batch}`);
      const onFailure = find(
        asRecord(asRecord(asRecord(p.DestinationConfig).OnFailure)).Destination
      );
      if (onFailure) {
        roles.set(onFailure, 'on-failure');
        addEdge(fn, onFailure, 'on-failure', 'on failure');
      }
    } else if (r.type === 'AWS::Pipes::Pipe') {
      const source = str(p.Source);
      const fromTable = source ? tableStreams.get(source) : undefined;
      addEdge(
        fromTable ?? find(source),
        r.logicalId,
        fromTable ? 'table-stream' : 'pipe-source',
        fromTable ? 'table stream' : 'source'
      );
      addEdge(r.logicalId, find(p.Target), 'pipe-target', 'target');
      for (const params of Object.values(asRecord(p.SourceParameters))) {
        const dlq = find(asRecord(asRecord(params).DeadLetterConfig).Arn);
        if (dlq) {
          roles.set(dlq, 'dead-letter');
          addEdge(r.logicalId, dlq, 'dead-letter', 'dead-letter');
        }
      }
    } else if (r.type === 'AWS::SQS::Queue') {
      let redrive: unknown = p.RedrivePolicy;
      if (typeof redrive === 'string') {
        try {
          redrive = JSON.parse(redrive);
        } catch {
          redrive = undefined;
        }
      }
      const dlq = find(asRecord(redrive).deadLetterTargetArn);
      if (dlq) {
        roles.set(dlq, 'dead-letter');
        const max = asRecord(redrive).maxReceiveCount;
        addEdge(
          r.logicalId,
          dlq,
          'dead-letter',
          max ? `dead-letter after ${max} receives` : 'dead-letter'
        );
      }
    }
  }

  // Write permissions: role -> functions, then each policy's write statements.
  const functionsByRole = new Map<string, string[]>();
  for (const r of resources) {
    if (r.type !== 'AWS::Lambda::Function') continue;
    const role = str(r.properties.Role);
    if (!role) continue;
    const roleName = role.replace(/^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?/, '');
    functionsByRole.set(roleName, [...(functionsByRole.get(roleName) ?? []), r.logicalId]);
  }
  const policies: { roles: unknown[]; document: unknown }[] = [];
  for (const r of resources) {
    if (r.type === 'AWS::IAM::Policy') {
      policies.push({ roles: asList(r.properties.Roles), document: r.properties.PolicyDocument });
    } else if (r.type === 'AWS::IAM::Role') {
      for (const inline of asList(r.properties.Policies)) {
        policies.push({ roles: [r.physicalId], document: asRecord(inline).PolicyDocument });
      }
    }
  }
  for (const policy of policies) {
    const fns = policy.roles.flatMap((role) => functionsByRole.get(String(role)) ?? []);
    if (fns.length === 0) continue;
    for (const statement of asList(asRecord(policy.document).Statement)) {
      const s = asRecord(statement);
      if (s.Effect !== undefined && s.Effect !== 'Allow') continue;
      const writes = asList(s.Action).some((a) => WRITE_ACTIONS.has(String(a).toLowerCase()));
      if (!writes) continue;
      for (const resource of asList(s.Resource)) {
        const target = find(resource);
        if (!target) continue;
        for (const fn of fns) addEdge(fn, target, 'writes', 'writes');
      }
    }
  }

  return layout(
    [...nodes.values()].map((n) => {
      const role = roles.get(n.id);
      return role ? { ...n, role } : n;
    }),
    [...edges.values()]
  );
}

/** Columns by longest path from the entries (cycles cut), rows by order of appearance. */
function layout(nodes: Omit<FlowNode, 'column' | 'row' | 'entry'>[], edges: FlowEdge[]): Flow {
  const incoming = new Set(edges.map((e) => e.to));
  const column = new Map(nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const e of edges) {
      const next = (column.get(e.from) ?? 0) + 1;
      if (next > (column.get(e.to) ?? 0) && next < nodes.length) {
        column.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  // Failure paths go below the main path.
  const ordered = [...nodes].sort((a, b) => Number(!!a.role) - Number(!!b.role));
  const placed = ordered.map((n): FlowNode => {
    const c = column.get(n.id) ?? 0;
    const row = rows.get(c) ?? 0;
    rows.set(c, row + 1);
    return { ...n, entry: !incoming.has(n.id), column: c, row };
  });
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  placed.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { nodes: placed, edges };
}

// ---- live state ---------------------------------------------------------------------------

/** How a figure is read from the window's one-minute datapoints. */
type Reduce = 'sum' | 'max' | 'latest';

interface FigureSpec {
  key: string;
  namespace: string;
  metricName: string;
  dimension: string;
  stat: 'Sum' | 'Maximum';
  reduce: Reduce;
}

const fig = (
  key: string,
  namespace: string,
  metricName: string,
  dimension: string,
  reduce: Reduce = 'sum'
): FigureSpec => ({
  key,
  namespace,
  metricName,
  dimension,
  stat: reduce === 'sum' ? 'Sum' : 'Maximum',
  reduce,
});

/** The standard metrics each kind of hop is judged by. */
export const FIGURES: Record<NodeKind, FigureSpec[]> = {
  stream: [
    fig('incoming', 'AWS/Kinesis', 'IncomingRecords', 'StreamName'),
    fig('writeThrottled', 'AWS/Kinesis', 'WriteProvisionedThroughputExceeded', 'StreamName'),
    fig('readThrottled', 'AWS/Kinesis', 'ReadProvisionedThroughputExceeded', 'StreamName'),
  ],
  queue: [
    fig('sent', 'AWS/SQS', 'NumberOfMessagesSent', 'QueueName'),
    fig('received', 'AWS/SQS', 'NumberOfMessagesReceived', 'QueueName'),
    fig('visible', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'latest'),
    fig('oldestAge', 'AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', 'latest'),
  ],
  table: [
    fig('consumedWcu', 'AWS/DynamoDB', 'ConsumedWriteCapacityUnits', 'TableName'),
    fig('writeThrottles', 'AWS/DynamoDB', 'WriteThrottleEvents', 'TableName'),
  ],
  function: [
    fig('invocations', 'AWS/Lambda', 'Invocations', 'FunctionName'),
    fig('errors', 'AWS/Lambda', 'Errors', 'FunctionName'),
    fig('throttles', 'AWS/Lambda', 'Throttles', 'FunctionName'),
    fig('iteratorAge', 'AWS/Lambda', 'IteratorAge', 'FunctionName', 'max'),
  ],
  pipe: [
    fig('events', 'AWS/EventBridge/Pipes', 'EventCount', 'PipeName'),
    fig('executionFailed', 'AWS/EventBridge/Pipes', 'ExecutionFailed', 'PipeName'),
    fig('targetStageFailed', 'AWS/EventBridge/Pipes', 'TargetStageFailed', 'PipeName'),
  ],
};

/** A consumer this far behind its stream is lagging (the checks' limit). */
export const ITERATOR_AGE_LIMIT_MS = 5_000;
/** A queue whose oldest message is this old is piling up. */
export const QUEUE_AGE_LIMIT_SECONDS = 120;

/** A hop's figures over the window: undefined where CloudWatch had no datapoint. */
export type Figures = Record<string, number | undefined>;

/** A hop's verdict: its status, rate and the reasons when it is red. */
export interface HopState {
  status: HopStatus;
  /** Per second over the window; undefined when nothing was measured. */
  rate?: number;
  rateUnit: string;
  problems: string[];
  /** A short live note, e.g. `1 running` for a function whose invocation has not ended. */
  note?: string;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Judges one hop from its figures over a window of `seconds`. Pure, for tests. */
export function judgeHop(
  node: Pick<FlowNode, 'kind' | 'role'>,
  figures: Figures,
  seconds: number
): HopState {
  const n = (key: string) => figures[key] ?? 0;
  const per = (key: string) => (figures[key] === undefined ? undefined : n(key) / seconds);
  const problems: { status: HopStatus; text: string }[] = [];
  let rate: number | undefined;
  let rateUnit: string;
  let active: boolean;
  switch (node.kind) {
    case 'stream':
      rate = per('incoming');
      rateUnit = 'records/s';
      active = n('incoming') > 0;
      if (n('writeThrottled') > 0) {
        problems.push({
          status: 'throttled',
          text: `${count(n('writeThrottled'))} writes throttled (WriteProvisionedThroughputExceeded)`,
        });
      }
      break;
    case 'table':
      rate = per('consumedWcu');
      rateUnit = 'WCU/s';
      active = n('consumedWcu') > 0;
      if (n('writeThrottles') > 0) {
        problems.push({
          status: 'throttled',
          text: `${count(n('writeThrottles'))} writes throttled (WriteThrottleEvents)`,
        });
      }
      break;
    case 'function':
      rate = per('invocations');
      rateUnit = 'invocations/s';
      // Invocations count when an invocation ends: a producer running for minutes shows none
      // until then, so what is running now counts as activity too.
      active = n('invocations') > 0 || n('running') > 0;
      if (n('errors') > 0) {
        problems.push({ status: 'failing', text: `${count(n('errors'))} errors (Errors)` });
      }
      if (n('throttles') > 0) {
        problems.push({
          status: 'throttled',
          text: `${count(n('throttles'))} throttles (Throttles)`,
        });
      }
      if (n('iteratorAge') >= ITERATOR_AGE_LIMIT_MS) {
        problems.push({
          status: 'lagging',
          text: `IteratorAge ${(n('iteratorAge') / 1000).toFixed(1)} s (limit ${ITERATOR_AGE_LIMIT_MS / 1000} s)`,
        });
      }
      break;
    case 'pipe': {
      rate = per('events');
      rateUnit = 'events/s';
      active = n('events') > 0;
      const failed = n('executionFailed') + n('targetStageFailed');
      if (failed > 0) {
        problems.push({
          status: 'failing',
          text: `${count(n('executionFailed'))} executions failed, ${count(n('targetStageFailed'))} at the target (ExecutionFailed, TargetStageFailed)`,
        });
      }
      break;
    }
    case 'queue':
      rate = per('sent');
      rateUnit = 'messages/s';
      active = n('sent') > 0 || n('received') > 0 || n('visible') > 0;
      if (node.role && (n('sent') > 0 || n('visible') > 0)) {
        problems.push({
          status: 'failing',
          text: `${node.role === 'on-failure' ? 'failed batches' : 'dead-lettered messages'}: ${count(n('sent'))} sent, ${count(n('visible'))} waiting`,
        });
      } else if (!node.role && n('oldestAge') >= QUEUE_AGE_LIMIT_SECONDS) {
        problems.push({
          status: 'backlog',
          text: `messages piling up: oldest ${count(n('oldestAge'))} s old, ${count(n('visible'))} visible`,
        });
      }
      break;
  }
  const first = problems[0];
  return {
    status: first ? first.status : active ? 'healthy' : 'idle',
    ...(rate !== undefined ? { rate } : {}),
    rateUnit,
    problems: problems.map((p) => p.text),
    ...(node.kind === 'function' && n('running') > 0
      ? { note: `${count(n('running'))} running` }
      : {}),
  };
}

/** A node with its live state. */
export interface LiveNode extends FlowNode, HopState {
  figures: Figures;
}

/** The flow of a stack at one instant. */
export interface LiveFlow {
  nodes: LiveNode[];
  edges: FlowEdge[];
  /** The window the hops were judged over: the previous minute and the current one so far. */
  window: { start: number; end: number };
}

/** The window hops are judged over at `now`: the last complete minute and the current one. */
export function hopWindow(now: number): { start: number; end: number } {
  const minute = Math.floor(now / 60_000) * 60_000;
  return { start: minute - 60_000, end: now };
}

function reduce(values: number[], how: Reduce): number | undefined {
  if (values.length === 0) return undefined;
  if (how === 'sum') return values.reduce((a, b) => a + b, 0);
  if (how === 'max') return Math.max(...values);
  return values[values.length - 1];
}

/**
 * Reads every hop's figures with one GetMetricData call and judges each hop. `running` tells
 * how many invocations of a function are in flight now (the emulator's Lambda runtime knows;
 * CloudWatch only learns when they end): the `running` figure of function hops.
 */
export async function liveFlow(
  source: MetricSource,
  stack: Pick<StackRecord, 'resources'>,
  now: number,
  running?: (functionName: string) => number
): Promise<LiveFlow> {
  const flow = deriveFlow(stack);
  const window = hopWindow(now);
  const queries: MetricDataQuery[] = [];
  const wanted: { node: number; spec: FigureSpec }[] = [];
  flow.nodes.forEach((node, i) => {
    for (const spec of FIGURES[node.kind]) {
      wanted.push({ node: i, spec });
      queries.push({
        Id: `q${queries.length}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: spec.namespace,
            MetricName: spec.metricName,
            Dimensions: [{ Name: spec.dimension, Value: node.name }],
          },
          Period: 60,
          Stat: spec.stat,
        },
      });
    }
  });
  const results = await getMetricData(source, queries, window.start, window.end + 1);
  const byId = new Map(results.map((r) => [r.id, r]));
  const figures = flow.nodes.map((): Figures => ({}));
  wanted.forEach(({ node, spec }, i) => {
    const result = byId.get(`q${i}`);
    (figures[node] as Figures)[spec.key] = reduce(result?.values ?? [], spec.reduce);
  });
  if (running) {
    flow.nodes.forEach((node, i) => {
      if (node.kind !== 'function') return;
      try {
        (figures[i] as Figures).running = running(node.name);
      } catch {
        // not (or no longer) a function of the runtime
      }
    });
  }
  const seconds = Math.max(1, (window.end - window.start) / 1000);
  return {
    nodes: flow.nodes.map((node, i) => {
      const f = figures[i] as Figures;
      return { ...node, ...judgeHop(node, f, seconds), figures: f };
    }),
    edges: flow.edges,
    window,
  };
}
