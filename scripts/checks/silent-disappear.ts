import { MetricName, OutputKey, ScenarioId } from '../../infra/names';
import { awsMetric, labMetric, type ScenarioCheck, seriesOf } from './check';
import { fmt, peak, total, totalExceptNewest } from './series-math';
import { ConditionStatus } from './verdict';

/** A claim-check message is a few KB; one near this size still carries the item. */
const CLAIM_CHECK_BYTES = 64 * 1024;

/** Products written in the newest minutes may still be on their way through the pipe. */
const IN_FLIGHT_MINUTES = 2;

/** silent-disappear: every product written, large ones included, reaches the queue. */
export const silentDisappearCheck: ScenarioCheck = {
  id: ScenarioId.SilentDisappear,
  description:
    'Large products were written, every product written reached the queue, and the pipe reported no failures.',
  trafficHint: 'start the producer (it writes small and large products)',
  async metrics(outputs) {
    const id = ScenarioId.SilentDisappear;
    const pipe = { PipeName: outputs.get(OutputKey.PipeName) };
    return [
      labMetric('smallWritten', id, MetricName.SmallProductsWritten, 'small products written'),
      labMetric('largeWritten', id, MetricName.LargeProductsWritten, 'large products written'),
      labMetric(
        'smallDelivered',
        id,
        MetricName.SmallProductsDelivered,
        'small products delivered'
      ),
      labMetric(
        'largeDelivered',
        id,
        MetricName.LargeProductsDelivered,
        'large products delivered'
      ),
      awsMetric(
        'executionFailed',
        'AWS/EventBridge/Pipes',
        'ExecutionFailed',
        pipe,
        'Sum',
        'pipe ExecutionFailed'
      ),
      awsMetric(
        'targetFailed',
        'AWS/EventBridge/Pipes',
        'TargetStageFailed',
        pipe,
        'Sum',
        'pipe TargetStageFailed'
      ),
      awsMetric(
        'queueSent',
        'AWS/SQS',
        'NumberOfMessagesSent',
        { QueueName: outputs.get(OutputKey.QueueName) },
        'Sum',
        'queue NumberOfMessagesSent'
      ),
      awsMetric(
        'sentSize',
        'AWS/SQS',
        'SentMessageSize',
        { QueueName: outputs.get(OutputKey.QueueName) },
        'Maximum',
        'queue SentMessageSize max (bytes)'
      ),
    ];
  },
  judge(series) {
    const largeWritten = total(seriesOf(series, 'largeWritten'));
    const smallWritten = total(seriesOf(series, 'smallWritten'));
    const largeDelivered = total(seriesOf(series, 'largeDelivered'));
    const smallDelivered = total(seriesOf(series, 'smallDelivered'));
    const settledLarge = totalExceptNewest(seriesOf(series, 'largeWritten'), IN_FLIGHT_MINUTES);
    const settledSmall = totalExceptNewest(seriesOf(series, 'smallWritten'), IN_FLIGHT_MINUTES);
    const executionFailed = total(seriesOf(series, 'executionFailed'));
    const targetFailed = total(seriesOf(series, 'targetFailed'));

    const liveness = {
      name: 'large products were written',
      status: largeWritten > 0 ? ConditionStatus.Held : ConditionStatus.Unknown,
      detail:
        largeWritten > 0
          ? `${fmt(largeWritten)} large and ${fmt(smallWritten)} small products written.`
          : `${fmt(smallWritten)} small and no large products written in the window.`,
    };
    const lostLarge = settledLarge - largeDelivered;
    const lostSmall = settledSmall - smallDelivered;
    const delivered = {
      name: 'every product written reached the queue',
      status:
        settledLarge + settledSmall === 0
          ? ConditionStatus.Unknown
          : lostLarge > 0 || lostSmall > 0
            ? ConditionStatus.Failed
            : ConditionStatus.Held,
      detail:
        settledLarge + settledSmall === 0
          ? `all writes are from the last ${IN_FLIGHT_MINUTES} minutes; wait for them to be delivered.`
          : `${fmt(largeWritten)} large products written, ${fmt(largeDelivered)} delivered; ${fmt(smallWritten)} small written, ${fmt(smallDelivered)} delivered.`,
    };
    const pipeHealthy = {
      name: 'the pipe reported no failures',
      status: executionFailed + targetFailed > 0 ? ConditionStatus.Failed : ConditionStatus.Held,
      detail: `pipe ExecutionFailed = ${fmt(executionFailed)}, TargetStageFailed = ${fmt(targetFailed)}.`,
    };
    const largestMessage = peak(seriesOf(series, 'sentSize'));
    const advice =
      largestMessage !== undefined && largestMessage > CLAIM_CHECK_BYTES
        ? [
            `The largest message on the queue was ${fmt(largestMessage)} bytes: messages still carry the item. A larger product (DynamoDB allows 400 KB) can push one past the queue's limit again; send a claim check (the key) instead.`,
          ]
        : [];
    return { liveness, health: [delivered, pipeHealthy], advice };
  },
};
