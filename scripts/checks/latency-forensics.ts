import { MetricName, OutputKey, ScenarioId } from '../../infra/names';
import { awsMetric, labMetric, type ScenarioCheck, seriesOf } from './check';
import { fmt, newestPresent, total, totalExceptNewest } from './series-math';
import { ConditionStatus } from './verdict';

/**
 * The processor keeps up when its iterator age stays under 5 s. Arithmetic: Lambda reads a
 * caught-up shard once per second (with-kinesis.html, "a base rate of once per second"), so a
 * healthy record waits up to 1 s to be read plus its batch's processing (100 PutItem calls,
 * 10 at a time: a few hundred ms): a healthy maximum of about 1.3-2 s, and 5 s leaves a margin.
 * At 2 WCU against 500 trades/s the backlog grows by ~498 records a second and the age by about
 * a second a second, so the broken variant passes 5 s within seconds and never comes back.
 */
export const MAX_ITERATOR_AGE_MS = 5_000;
/** How many of the newest minutes with data the iterator age is judged over. */
const RECENT_MINUTES = 3;
/** Trades sent in the newest minutes may still be in the stream. */
const IN_FLIGHT_MINUTES = 2;
/** Processed must reach this share of what was sent (allows for trades in flight). */
const PROCESSED_SHARE = 0.95;

/** latency-forensics: the processor keeps up with the feed without throttling. */
export const latencyForensicsCheck: ScenarioCheck = {
  id: ScenarioId.LatencyForensics,
  description: `Trades flowed, IteratorAge stayed under ${MAX_ITERATOR_AGE_MS} ms, DynamoDB did not throttle, and processed ≈ sent.`,
  trafficHint: 'start the trade producer (500 records/s)',
  async metrics(outputs) {
    const id = ScenarioId.LatencyForensics;
    const table = outputs.get(OutputKey.TableName);
    return [
      labMetric('sent', id, MetricName.TradesSent, 'trades sent'),
      labMetric('written', id, MetricName.TradesWritten, 'trades written'),
      awsMetric(
        'iteratorAge',
        'AWS/Lambda',
        'IteratorAge',
        { FunctionName: outputs.get(OutputKey.ProcessorFunctionName) },
        'Maximum',
        'processor IteratorAge (ms)'
      ),
      awsMetric(
        'writeThrottles',
        'AWS/DynamoDB',
        'WriteThrottleEvents',
        { TableName: table },
        'Sum',
        'WriteThrottleEvents'
      ),
      awsMetric(
        'throttledRequests',
        'AWS/DynamoDB',
        'ThrottledRequests',
        { TableName: table, Operation: 'PutItem' },
        'Sum',
        'ThrottledRequests (PutItem)'
      ),
    ];
  },
  judge(series) {
    const sent = total(seriesOf(series, 'sent'));
    const written = total(seriesOf(series, 'written'));
    const settledSent = totalExceptNewest(seriesOf(series, 'sent'), IN_FLIGHT_MINUTES);
    const ages = newestPresent(seriesOf(series, 'iteratorAge'), RECENT_MINUTES);
    const worstAge = ages.length > 0 ? Math.max(...ages) : undefined;
    const throttles = total(seriesOf(series, 'writeThrottles'));
    const throttledRequests = total(seriesOf(series, 'throttledRequests'));

    const liveness = {
      name: 'trades were sent',
      status: sent > 0 ? ConditionStatus.Held : ConditionStatus.Unknown,
      detail: `${fmt(sent)} trades sent in the window.`,
    };
    const keepsUp = {
      name: `IteratorAge stays under ${fmt(MAX_ITERATOR_AGE_MS)} ms`,
      status:
        worstAge === undefined
          ? ConditionStatus.Unknown
          : worstAge < MAX_ITERATOR_AGE_MS
            ? ConditionStatus.Held
            : ConditionStatus.Failed,
      detail:
        worstAge === undefined
          ? 'the processor reported no IteratorAge yet.'
          : `processor IteratorAge reached ${fmt(worstAge)} ms in its last ${ages.length} reported minute(s) (limit ${fmt(MAX_ITERATOR_AGE_MS)} ms).`,
    };
    const noThrottling = {
      name: 'no DynamoDB write throttling',
      status: throttles + throttledRequests > 0 ? ConditionStatus.Failed : ConditionStatus.Held,
      detail: `WriteThrottleEvents = ${fmt(throttles)}, ThrottledRequests = ${fmt(throttledRequests)}.`,
    };
    const processed = {
      name: 'processed ≈ sent',
      status:
        settledSent === 0
          ? ConditionStatus.Unknown
          : written >= PROCESSED_SHARE * settledSent
            ? ConditionStatus.Held
            : ConditionStatus.Failed,
      detail:
        settledSent === 0
          ? `all trades were sent in the last ${IN_FLIGHT_MINUTES} minutes; wait for them to be processed.`
          : `${fmt(sent)} trades sent, ${fmt(written)} written to the table.`,
    };
    return { liveness, health: [noThrottling, keepsUp, processed] };
  },
};
