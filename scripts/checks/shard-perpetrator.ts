import { ListShardsCommand } from '@aws-sdk/client-kinesis';
import { MetricName, OutputKey, ScenarioId } from '../../infra/names';
import { awsMetric, labMetric, type ScenarioCheck, seriesOf } from './check';
import { fmt, newestPresent, total } from './series-math';
import { ConditionStatus } from './verdict';

/** A shard's share of the records may stray this far from an even split (×0.6 to ×1.4). */
const FAIR_BAND = 0.4;
/** The producer must land this share of the records it attempted. */
const ACCEPTED_SHARE = 0.99;
/** The consumer keeps up when its iterator age stays under this. */
const MAX_ITERATOR_AGE_MS = 5_000;
const RECENT_MINUTES = 3;
const SHARD_PREFIX = 'shard_';

/** shard-perpetrator: the load spreads across every shard and nothing throttles. */
export const shardPerpetratorCheck: ScenarioCheck = {
  id: ScenarioId.ShardPerpetrator,
  description:
    'The producer landed its target rate, Kinesis did not throttle writes, every shard took a fair share of IncomingRecords, and the consumer kept up.',
  trafficHint: 'start the order producer (1,600 records/s)',
  async metrics(outputs, clients) {
    const id = ScenarioId.ShardPerpetrator;
    const streamName = outputs.get(OutputKey.StreamName);
    const shardIds: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.kinesis.send(
        nextToken
          ? new ListShardsCommand({ NextToken: nextToken })
          : new ListShardsCommand({ StreamName: streamName })
      );
      for (const shard of page.Shards ?? []) if (shard.ShardId) shardIds.push(shard.ShardId);
      nextToken = page.NextToken;
    } while (nextToken);
    return [
      labMetric('attempted', id, MetricName.OrdersAttempted, 'orders attempted'),
      labMetric('accepted', id, MetricName.OrdersAccepted, 'orders accepted'),
      labMetric('throttled', id, MetricName.OrdersThrottled, 'orders throttled'),
      awsMetric(
        'writeExceeded',
        'AWS/Kinesis',
        'WriteProvisionedThroughputExceeded',
        { StreamName: streamName },
        'Sum',
        'WriteProvisionedThroughputExceeded'
      ),
      awsMetric(
        'iteratorAge',
        'AWS/Lambda',
        'IteratorAge',
        { FunctionName: outputs.get(OutputKey.ConsumerFunctionName) },
        'Maximum',
        'consumer IteratorAge (ms)'
      ),
      ...shardIds.map((shardId, i) =>
        awsMetric(
          `${SHARD_PREFIX}${i}`,
          'AWS/Kinesis',
          'IncomingRecords',
          { StreamName: streamName, ShardId: shardId },
          'Sum',
          `${shardId} IncomingRecords`
        )
      ),
    ];
  },
  judge(series) {
    const attempted = total(seriesOf(series, 'attempted'));
    const accepted = total(seriesOf(series, 'accepted'));
    const exceeded = total(seriesOf(series, 'writeExceeded'));
    const shards = [...series.values()].filter((s) => s.id.startsWith(SHARD_PREFIX));
    const perShard = shards.map((s) => ({
      label: s.label.replace(' IncomingRecords', ''),
      records: total(s),
    }));
    const incoming = perShard.reduce((acc, s) => acc + s.records, 0);
    const ages = newestPresent(seriesOf(series, 'iteratorAge'), RECENT_MINUTES);
    const worstAge = ages.length > 0 ? Math.max(...ages) : undefined;

    const liveness = {
      name: 'orders were produced',
      status: attempted > 0 ? ConditionStatus.Held : ConditionStatus.Unknown,
      detail: `${fmt(attempted)} orders attempted in the window.`,
    };
    const rateMet = {
      name: 'the producer landed its target rate',
      status:
        accepted >= ACCEPTED_SHARE * attempted ? ConditionStatus.Held : ConditionStatus.Failed,
      detail: `${fmt(accepted)} of ${fmt(attempted)} orders accepted (${fmt((100 * accepted) / Math.max(1, attempted))}%).`,
    };
    const noThrottling = {
      name: 'no write throttling',
      status: exceeded > 0 ? ConditionStatus.Failed : ConditionStatus.Held,
      detail: `WriteProvisionedThroughputExceeded = ${fmt(exceeded)}.`,
    };
    const even = 1 / Math.max(1, perShard.length);
    const low = even * (1 - FAIR_BAND);
    const high = even * (1 + FAIR_BAND);
    const shares = perShard.map((s) => ({ ...s, share: incoming > 0 ? s.records / incoming : 0 }));
    const unfair = shares.filter((s) => s.share < low || s.share > high);
    const fairShare = {
      name: `every shard takes ${fmt(100 * low)}–${fmt(100 * high)}% of the records`,
      status:
        incoming === 0 || perShard.length === 0
          ? ConditionStatus.Unknown
          : unfair.length > 0
            ? ConditionStatus.Failed
            : ConditionStatus.Held,
      detail:
        incoming === 0
          ? 'no shard-level IncomingRecords yet (is enhanced monitoring on?).'
          : `shares of IncomingRecords: ${shares.map((s) => `${s.label} ${fmt(100 * s.share)}%`).join(', ')}.`,
    };
    const keepsUp = {
      name: `consumer IteratorAge stays under ${fmt(MAX_ITERATOR_AGE_MS)} ms`,
      status:
        worstAge === undefined
          ? ConditionStatus.Unknown
          : worstAge < MAX_ITERATOR_AGE_MS
            ? ConditionStatus.Held
            : ConditionStatus.Failed,
      detail:
        worstAge === undefined
          ? 'the consumer reported no IteratorAge yet.'
          : `consumer IteratorAge reached ${fmt(worstAge)} ms.`,
    };
    return { liveness, health: [rateMet, noThrottling, fairShare, keepsUp] };
  },
};
